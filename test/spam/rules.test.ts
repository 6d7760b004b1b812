// The local rules and moderation modes, run by the real spam check after Akismet says ham.
import { changeCommentStatus } from '../../src/comments/store/changes';
import type { Comment, CommentStatus } from '../../src/comments/store/comment.types';
import { countLinks } from '../../src/spam/phases/tooManyLinks';
import { findThreadRecord } from '../../src/threads/thread.model';
import { SPAM_AUTHOR, useFakeAkismet } from '../fakes/akismet';
import { useTestDatabase } from '../helpers/db';
import { buildSite } from '../helpers/factories';
import { createSpamHarness } from './harness';

useTestDatabase();
const akismet = useFakeAkismet();

describe('countLinks', () => {
  it('counts each <a href> once and every bare http(s) address outside one', () => {
    expect(countLinks('no links here')).toBe(0);
    expect(countLinks('see https://a.example/x and http://b.example')).toBe(2);
    expect(countLinks('<a href="https://a.example">https://a.example</a>')).toBe(1);
    expect(countLinks('<A HREF=x>one</A> <a title="t" href=\'y\'>two</a> www.not-a-link.example')).toBe(2);
    expect(countLinks('<a name="anchor">no href</a> ftp://nope.example')).toBe(0);
  });
});

describe('local rules', () => {
  it('too many links: holds at maxLinks, and names how many', async () => {
    const harness = createSpamHarness(akismet.current());
    const site = await buildSite({ settings: { moderation: 'none', maxLinks: 2 } });
    const two = await harness.post(site, {
      content: '<a href="https://a.example">a</a> and https://b.example',
    });
    const one = await harness.post(site, { content: 'only https://a.example' });
    await harness.drain();
    const held = await harness.read(two);
    expect(held.comment.status).toBe('pending');
    expect(held.comment.reasons).toEqual([
      { code: 'too_many_links', message: 'Contains 2 links; this site holds comments with 2 or more.' },
    ]);
    expect((await harness.read(one)).comment.status).toBe('approved');
  });

  it('maxLinks 0 turns the link rule off', async () => {
    const harness = createSpamHarness(akismet.current());
    const site = await buildSite({ settings: { moderation: 'none', maxLinks: 0 } });
    const id = await harness.post(site, { content: 'https://a.example https://b.example https://c.example' });
    await harness.drain();
    expect((await harness.read(id)).comment.status).toBe('approved');
  });

  it('moderation keyword: holds and names the word, wherever it appears', async () => {
    const harness = createSpamHarness(akismet.current());
    const site = await buildSite({ settings: { moderation: 'none', moderationKeywords: ['refund'] } });
    const inContent = await harness.post(site, { content: 'I want a REFUND now' });
    const inName = await harness.post(site, { author: 'Refund Department' });
    const clean = await harness.post(site, { content: 'Nice article' });
    await harness.drain();
    for (const id of [inContent, inName]) {
      const { comment } = await harness.read(id);
      expect(comment.status).toBe('pending');
      expect(comment.reasons).toEqual([
        { code: 'moderation_keyword', message: 'Contains the moderation word "refund".' },
      ]);
    }
    expect((await harness.read(clean)).comment.status).toBe('approved');
  });

  it('blocked keyword: marks spam and names the word, even where a hold also applies', async () => {
    const harness = createSpamHarness(akismet.current());
    const site = await buildSite({
      settings: { moderation: 'all', blockedKeywords: ['casino'], moderationKeywords: ['bonus'] },
    });
    const id = await harness.post(site, {
      content: 'Online Casino bonus https://x.example https://y.example',
    });
    await harness.drain();
    const { comment } = await harness.read(id);
    expect(comment.status).toBe('spam');
    expect(comment.reasons).toEqual([
      { code: 'blocked_keyword', message: 'Contains the blocked word "casino".' },
    ]);
  });

  it("moderation 'all': every comment waits for a moderator", async () => {
    const harness = createSpamHarness(akismet.current());
    const site = await buildSite({ settings: { moderation: 'all' } });
    const id = await harness.post(site);
    await harness.drain();
    const { comment } = await harness.read(id);
    expect(comment.status).toBe('pending');
    expect(comment.reasons).toEqual([
      { code: 'moderation_all', message: 'This site holds every comment for a moderator.' },
    ]);
  });

  it("moderation 'first-time': approves an email with an approved comment on the site, unless held", async () => {
    const harness = createSpamHarness(akismet.current());
    const site = await buildSite({ settings: { moderation: 'first-time', moderationKeywords: ['refund'] } });
    const otherSite = await buildSite({ settings: { moderation: 'first-time' } });
    const email = 'Regular@Example.org';

    const first = await harness.post(site, { email });
    await harness.drain();
    expect((await harness.read(first)).comment).toMatchObject({
      status: 'pending',
      reasons: [{ code: 'first_time_commenter', message: expect.any(String) }],
    });

    await changeCommentStatus(first, 'pending', 'approved', harness.clock.now());
    harness.clock.advance(20_000);
    const second = await harness.post(site, { email: 'regular@example.org' });
    const stranger = await harness.post(site, { email: 'stranger@example.org' });
    const elsewhere = await harness.post(otherSite, { email });
    harness.clock.advance(20_000);
    const held = await harness.post(site, { email, content: 'about my refund' });
    await harness.drain();

    expect((await harness.read(second)).comment.status).toBe('approved');
    expect((await harness.read(stranger)).codes).toEqual(['first_time_commenter']);
    expect((await harness.read(elsewhere)).codes).toEqual(['first_time_commenter']);
    expect((await harness.read(held)).comment.status).toBe('pending');
    expect((await harness.read(held)).codes).toEqual(['moderation_keyword']);
    // Approving went through changeCommentStatus: the page count follows.
    expect((await findThreadRecord(site.id, '/2026/01/story'))?.approvedCount).toBe(2);
  });

  it("moderation 'none': approves ham that no rule holds", async () => {
    const harness = createSpamHarness(akismet.current());
    const site = await buildSite({ settings: { moderation: 'none' } });
    const id = await harness.post(site);
    await harness.drain();
    const { comment } = await harness.read(id);
    expect(comment.status).toBe('approved');
    expect(comment.reasons).toEqual([]);
    expect((await findThreadRecord(site.id, '/2026/01/story'))?.approvedCount).toBe(1);
  });

  it("moderation 'none' without an Akismet key: nothing said ham, so it waits", async () => {
    const harness = createSpamHarness(akismet.current(), { config: { AKISMET_KEY: '' } });
    const site = await buildSite({ settings: { moderation: 'none' } });
    const id = await harness.post(site);
    await harness.drain();
    const { comment, codes } = await harness.read(id);
    expect(comment.status).toBe('pending');
    expect(codes).toEqual(['akismet_skipped', 'not_checked_by_akismet']);
  });

  it('replaces the reasons of earlier failed tries with the final ones', async () => {
    const harness = createSpamHarness(akismet.current());
    const site = await buildSite({ settings: { moderation: 'all' } });
    akismet.current().mode = 'down';
    const id = await harness.post(site);
    await harness.drain();
    expect((await harness.read(id)).codes).toEqual(['akismet_unavailable']);
    akismet.current().mode = 'up';
    harness.clock.advance(30_000);
    await harness.drain();
    expect((await harness.read(id)).codes).toEqual(['moderation_all']);
  });
});

describe('hooks', () => {
  it('tells onQueued about held comments and onStatusChanged about approved and spam ones', async () => {
    const queued: Comment[] = [];
    const changed: Array<{ id: string; from: CommentStatus; to: CommentStatus }> = [];
    const harness = createSpamHarness(akismet.current(), {
      hooks: {
        onQueued: (comment) => void queued.push(comment),
        onStatusChanged: async (comment, from, to) => {
          changed.push({ id: comment.id, from, to });
        },
      },
    });
    const site = await buildSite({ settings: { moderation: 'none', moderationKeywords: ['hold'] } });
    const held = await harness.post(site, { content: 'please hold this' });
    const approved = await harness.post(site);
    const spam = await harness.post(site, { author: SPAM_AUTHOR });
    await harness.drain();

    expect(queued.map((comment) => comment.id)).toEqual([held]);
    expect(queued[0]).toMatchObject({ status: 'pending', reasons: [{ code: 'moderation_keyword' }] });
    expect(queued[0]).not.toHaveProperty('email');
    // Workers take due checks from anywhere near the queue's head: the order is not promised.
    expect(changed).toHaveLength(2);
    expect(changed).toEqual(
      expect.arrayContaining([
        { id: approved, from: 'pending', to: 'approved' },
        { id: spam, from: 'pending', to: 'spam' },
      ]),
    );
  });

  it('does not tell onQueued while Akismet is unavailable, and a failing hook changes nothing', async () => {
    const queued: string[] = [];
    const harness = createSpamHarness(akismet.current(), {
      hooks: {
        onQueued: (comment) => {
          queued.push(comment.id);
          throw new Error('hook exploded');
        },
      },
    });
    const site = await buildSite({ settings: { moderation: 'all' } });
    akismet.current().mode = 'down';
    const id = await harness.post(site);
    await harness.drain();
    expect(queued).toEqual([]);

    akismet.current().mode = 'up';
    harness.clock.advance(30_000);
    await harness.drain();
    expect(queued).toEqual([id]);
    const { comment, spamCheck } = await harness.read(id);
    expect(comment.status).toBe('pending');
    expect(spamCheck.state).toBe('done');
    expect(harness.logLines.join('\n')).toContain('spam check hook failed');
  });
});
