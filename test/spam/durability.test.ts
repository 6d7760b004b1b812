// The spam-check queue under trouble: outages, dead workers, several workers at once.
import { Types } from 'mongoose';
import { changeCommentStatus } from '../../src/comments/store/changes';
import { CommentChangeTicketModel } from '../../src/comments/store/changeTicket.model';
import type { Comment } from '../../src/comments/store/comment.types';
import {
  claimNextSpamCheck,
  settleSpamCheck,
  storeSpamCheckVerdict,
} from '../../src/comments/store/spamChecks';
import { BLOCKED_RETRY_MS } from '../../src/spam/check/finish';
import { findThreadRecord } from '../../src/threads/thread.model';
import { type FakeAkismet, SPAM_AUTHOR, useFakeAkismet } from '../fakes/akismet';
import { useTestDatabase } from '../helpers/db';
import { buildSite } from '../helpers/factories';
import { createSpamHarness } from './harness';

useTestDatabase();
const akismet = useFakeAkismet();

const SECOND = 1000;
const LEASE = 60 * SECOND;

/** How many comment-check calls the fake answered for each comment, by its unique content. */
function checksPerContent(fake: FakeAkismet): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of fake.callsTo('comment-check')) {
    const content = call.fields.comment_content ?? '';
    counts.set(content, (counts.get(content) ?? 0) + 1);
  }
  return counts;
}

describe('spam-check queue durability', () => {
  it('a check blocked by a write an outage cut short is finished once that ticket is a minute old, however many rounds it waited', async () => {
    const fake = akismet.current();
    const harness = createSpamHarness(fake, { config: { WORKER_LEASE_MS: '5000' } });
    const site = await buildSite({ settings: { moderation: 'none' } });
    const id = await harness.post(site, { content: 'posted as the database went' });
    // The ticket of a verdict whose write the outage cut: taken, never used.
    await CommentChangeTicketModel.create({
      _id: `${id}:0:0`,
      commentId: new Types.ObjectId(id),
      seq: 0,
      change: 'spam-check',
      at: harness.clock.now(),
    });
    // Rounds 5.1 s apart (the lease, and the wait after a blocked round) for 76 s: more than ten
    // blocked rounds before the ticket may be stepped over.
    for (let round = 0; round < 15; round++) {
      await harness.drain();
      harness.clock.advance(Math.max(BLOCKED_RETRY_MS, 5000) + 100);
    }
    await harness.drain();
    const { comment, spamCheck } = await harness.read(id);
    expect(comment.status).toBe('approved');
    expect(spamCheck.state).toBe('done');
    expect(spamCheck.attempts.map((attempt) => attempt.verdict)).toEqual(['approved']);
  });

  it('Akismet down while 20 comments arrive: all stored and pending, then each judged exactly once', async () => {
    const fake = akismet.current();
    const harness = createSpamHarness(fake);
    const site = await buildSite({ settings: { moderation: 'none' } });
    fake.mode = 'down';
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      ids.push(
        await harness.post(site, {
          content: `outage comment ${i}`,
          ...(i % 5 === 0 && { author: SPAM_AUTHOR }),
        }),
      );
    }
    expect(await harness.drain()).toBe(20);
    for (const id of ids) {
      const { comment, spamCheck, codes } = await harness.read(id);
      expect(comment.status).toBe('pending');
      expect(codes).toEqual(['akismet_unavailable']);
      expect(spamCheck.state).toBe('due');
    }
    expect(fake.callsTo('comment-check')).toHaveLength(0);

    fake.mode = 'up';
    harness.clock.advance(30 * SECOND);
    expect(await harness.drain()).toBe(20);
    expect(await harness.drain()).toBe(0);

    const counts = checksPerContent(fake);
    expect(counts.size).toBe(20);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    for (const [i, id] of ids.entries()) {
      const { comment, spamCheck } = await harness.read(id);
      expect(comment.status).toBe(i % 5 === 0 ? 'spam' : 'approved');
      expect(spamCheck.state).toBe('done');
      expect(spamCheck.attempts.map((attempt) => attempt.outcome)).toEqual([
        'unavailable',
        i % 5 === 0 ? 'spam' : 'ham',
      ]);
    }
  });

  it('a worker killed mid-check: the comment is checked after its lease expires', async () => {
    const fake = akismet.current();
    const harness = createSpamHarness(fake);
    const site = await buildSite({ settings: { moderation: 'none' } });
    const id = await harness.post(site);

    // The dead worker claimed it, then never came back.
    const { claimed } = await claimNextSpamCheck('dead-worker', harness.clock.now(), LEASE);
    expect(claimed?.comment.id).toBe(id);
    expect(await harness.drain('worker-b')).toBe(0);
    harness.clock.advance(LEASE - 1);
    expect(await harness.drain('worker-b')).toBe(0);

    harness.clock.advance(1);
    expect(await harness.drain('worker-b')).toBe(1);
    const { comment, spamCheck } = await harness.read(id);
    expect(comment.status).toBe('approved');
    expect(spamCheck.state).toBe('done');
    expect(fake.callsTo('comment-check')).toHaveLength(1);
  });

  it('two workers together on 30 comments: none is checked twice, none is missed', async () => {
    const fake = akismet.current();
    const harness = createSpamHarness(fake);
    const site = await buildSite({ settings: { moderation: 'none' } });
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push(await harness.post(site, { content: `pair comment ${i}` }));
    fake.delayMs = 5;

    const [byA, byB] = await Promise.all([harness.drain('worker-a'), harness.drain('worker-b')]);
    expect(byA + byB).toBe(30);
    expect(byA).toBeGreaterThan(0);
    expect(byB).toBeGreaterThan(0);

    const counts = checksPerContent(fake);
    expect(counts.size).toBe(30);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    for (const id of ids) {
      const { comment, spamCheck } = await harness.read(id);
      expect(comment.status).toBe('approved');
      expect(spamCheck.attempts).toHaveLength(1);
    }
  });

  it('a worker that lost its lease cannot overwrite the worker that took over', async () => {
    const fake = akismet.current();
    const harness = createSpamHarness(fake);
    const site = await buildSite({ settings: { moderation: 'none' } });
    const id = await harness.post(site, { author: SPAM_AUTHOR });

    fake.delayMs = 400;
    const slow = harness.checker.runNextSpamCheck('worker-slow');
    await waitUntil(() => fake.calls.length === 1);
    // worker-slow's lease runs out while Akismet is still thinking; worker-b takes over.
    harness.clock.advance(LEASE);
    fake.delayMs = 0;
    fake.spamWords.clear();
    expect(await harness.drain('worker-b')).toBe(1);
    await slow;

    const { comment, spamCheck } = await harness.read(id);
    expect(comment.status).toBe('spam');
    // worker-slow's call is on record too, as an attempt that stored no answer: two calls, two attempts.
    expect(fake.callsTo('comment-check')).toHaveLength(2);
    expect(spamCheck.attempts).toEqual([
      expect.objectContaining({ outcome: 'unavailable', detail: expect.stringMatching(/stopped/) }),
      expect.objectContaining({ outcome: 'spam', verdict: 'spam' }),
    ]);
    expect(spamCheck.state).toBe('done');
    const lines = harness.logLines.map((line) => JSON.parse(line));
    expect(lines).toContainEqual(
      expect.objectContaining({
        commentId: id,
        msg: 'spam check lost its lease to another worker; result dropped',
      }),
    );
  });

  it('a moderator who decides first wins: the check is closed without a verdict', async () => {
    const fake = akismet.current();
    const harness = createSpamHarness(fake);
    const site = await buildSite({ settings: { moderation: 'none' } });
    const id = await harness.post(site, { author: SPAM_AUTHOR });
    await changeCommentStatus(id, 'pending', 'approved', harness.clock.now());

    expect(await harness.drain()).toBe(1);
    const { comment, spamCheck } = await harness.read(id);
    expect(comment.status).toBe('approved');
    expect(spamCheck.state).toBe('done');
    expect(spamCheck.attempts).toEqual([
      expect.objectContaining({
        outcome: 'skipped',
        detail: expect.stringMatching(/moderator decided first/),
      }),
    ]);
    expect(fake.calls).toHaveLength(0);
  });

  it('a moderator acting during the check: the comment ends in one status, and the page count agrees', async () => {
    const fake = akismet.current();
    const harness = createSpamHarness(fake);
    const site = await buildSite({ settings: { moderation: 'none' } });
    const ids: string[] = [];
    for (let i = 0; i < 12; i++)
      ids.push(await harness.post(site, { author: SPAM_AUTHOR, content: `race ${i}` }));
    fake.delayMs = 2;

    // Each comment is judged spam by Akismet while a moderator approves it at the same time.
    // (One comment at a time: concurrent status changes on one page are a separate matter.)
    for (const [i, id] of ids.entries()) {
      const moderator = async () => {
        await new Promise((resolve) => setTimeout(resolve, i * 5));
        return changeCommentStatus(id, 'pending', 'approved', harness.clock.now());
      };
      await Promise.all([harness.checker.runNextSpamCheck('worker-a'), moderator()]);
    }
    harness.clock.advance(2 * LEASE);
    await harness.drain('worker-b');

    const statuses = await Promise.all(ids.map(async (id) => (await harness.read(id)).comment.status));
    for (const status of statuses) expect(['approved', 'spam']).toContain(status);
    const approved = statuses.filter((status) => status === 'approved').length;
    expect((await findThreadRecord(site.id, '/2026/01/story'))?.approvedCount).toBe(approved);
    for (const id of ids) expect((await harness.read(id)).spamCheck.state).toBe('done');
  });

  it('a check whose verdict was stored before its worker died is finished without asking Akismet again', async () => {
    const fake = akismet.current();
    const statusChanges: string[] = [];
    const harness = createSpamHarness(fake, {
      hooks: {
        onStatusChanged: (comment, from, to) => void statusChanges.push(`${comment.id}:${from}->${to}`),
      },
    });
    const site = await buildSite({ settings: { moderation: 'none' } });
    const id = await harness.post(site);

    // Simulate the crash: a worker stores its verdict (attempt with verdict 'approved'), then
    // dies before telling the hooks and taking the check off the queue.
    const now = harness.clock.now();
    const { claimed } = await claimNextSpamCheck('dead-worker', now, LEASE);
    expect(claimed && (await settleSpamCheck(claimed, now, LEASE))).toBe(2);
    const stored = await storeSpamCheckVerdict(
      claimed?.comment as Comment,
      { at: now, outcome: 'ham', durationMs: 12, verdict: 'approved' },
      { status: 'approved', reasons: [], now },
    );
    expect(stored?.status).toBe('approved');
    expect(await harness.drain('worker-b')).toBe(0);
    harness.clock.advance(LEASE);
    expect(await harness.drain('worker-b')).toBe(1);

    const { comment, spamCheck } = await harness.read(id);
    expect(comment.status).toBe('approved');
    expect(spamCheck.state).toBe('done');
    expect(spamCheck.attempts).toHaveLength(1);
    expect(fake.calls).toHaveLength(0);
    expect(statusChanges).toEqual([`${id}:pending->approved`]);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
