// The spam check's steps on their own (src/spam/check/): the verdict from Akismet's outcome
// and the local rules, the retry and give-up timing, and storing a result with the events it
// tells. The pure steps need nothing else; the storing steps use the real database, with a
// comment posted and claimed as the worker would.
import { type CommentListener, createCommentEvents } from '../../src/comments/events';
import type { SpamCheckAttempt } from '../../src/comments/store/comment.types';
import { claimNextSpamCheck } from '../../src/comments/store/spamChecks';
import type { Site } from '../../src/sites/site.model';
import { siteSettingsSchema } from '../../src/sites/site.schema';
import { akismetSettings, createAkismet } from '../../src/spam';
import type { SpamCheckContext } from '../../src/spam/check/context';
import { scheduleRetry, storeVerdict } from '../../src/spam/check/finish';
import { createSiteLookups } from '../../src/spam/check/lookups';
import { GIVE_UP_AFTER_DAYS, hasGivenUp, INVALID_KEY_RETRY_MS, nextTryAt } from '../../src/spam/check/timing';
import { type RulesOutcome, reachVerdict } from '../../src/spam/check/verdict';
import { type RulesVerdict, runLocalRules } from '../../src/spam/rules';
import { useFakeAkismet } from '../fakes/akismet';
import { useTestDatabase } from '../helpers/db';
import { buildSite } from '../helpers/factories';
import { createSpamHarness } from './harness';

const DAY_MS = 24 * 60 * 60_000;
const NOW = new Date('2026-03-01T12:00:00Z');

describe('reachVerdict', () => {
  const held: RulesVerdict = {
    status: 'pending',
    reasons: [{ code: 'moderation_keyword', message: 'held' }],
  };

  it('takes Akismet’s spam as it is, without running the local rules', async () => {
    const runRules = jest.fn(async () => held);
    const verdict = await reachVerdict('spam', runRules);
    expect(verdict).toEqual({ status: 'spam', reasons: [expect.objectContaining({ code: 'akismet_spam' })] });
    expect(runRules).not.toHaveBeenCalled();
  });

  it('leaves ham to the rules, and says first when Akismet was skipped or given up on', async () => {
    const codes = async (outcome: 'ham' | 'skipped' | 'unavailable') => {
      const verdict = await reachVerdict(outcome, async () => held);
      return { status: verdict.status, codes: verdict.reasons.map((reason) => reason.code) };
    };
    expect(await codes('ham')).toEqual({ status: 'pending', codes: ['moderation_keyword'] });
    expect(await codes('skipped')).toEqual({
      status: 'pending',
      codes: ['akismet_skipped', 'moderation_keyword'],
    });
    expect(await codes('unavailable')).toEqual({
      status: 'pending',
      codes: ['akismet_gave_up', 'moderation_keyword'],
    });
  });

  it('with the real rules, a site that moderates nothing approves ham but never a check given up on', async () => {
    const site: Site = {
      id: 'news',
      name: 'News',
      url: 'https://news.example/',
      allowedOrigins: ['https://news.example'],
      settings: siteSettingsSchema.parse({ moderation: 'none' }),
      createdAt: NOW,
    };
    const rules = (akismet: RulesOutcome) =>
      runLocalRules({
        site,
        comment: { content: 'A fair point.', author: 'Reader' },
        akismet,
        hasApprovedComment: async () => true,
      });
    expect((await reachVerdict('ham', rules)).status).toBe('approved');
    for (const outcome of ['unavailable', 'invalid_key'] as const) {
      const verdict = await reachVerdict(outcome, rules);
      expect(verdict).toMatchObject({ status: 'pending', reasons: [{ code: 'akismet_gave_up' }] });
    }
  });
});

describe('retry timing', () => {
  it('backs off from 30 s, doubling, up to 20 minutes; a refused key waits 6 hours', () => {
    const delayAfter = (failures: number, outcome: 'unavailable' | 'invalid_key' = 'unavailable') =>
      nextTryAt(outcome, failures, NOW).getTime() - NOW.getTime();
    expect([1, 2, 3, 4].map((failures) => delayAfter(failures))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(delayAfter(6)).toBe(960_000);
    expect(delayAfter(7)).toBe(20 * 60_000);
    expect(delayAfter(40)).toBe(20 * 60_000);
    expect(delayAfter(1, 'invalid_key')).toBe(INVALID_KEY_RETRY_MS);
    expect(delayAfter(9, 'invalid_key')).toBe(6 * 60 * 60_000);
  });

  it(`gives up ${GIVE_UP_AFTER_DAYS} days after the comment was first queued, not before`, () => {
    const queuedAt = new Date(NOW.getTime() - GIVE_UP_AFTER_DAYS * DAY_MS);
    expect(hasGivenUp(queuedAt, NOW)).toBe(true);
    expect(hasGivenUp(queuedAt, new Date(NOW.getTime() - 1))).toBe(false);
    expect(hasGivenUp(NOW, NOW)).toBe(false);
  });
});

describe('storing a result', () => {
  useTestDatabase();
  const akismet = useFakeAkismet();

  /** What a listener heard, in order: `event:commentId[:detail]`. */
  function recordingListener(options: { isFailing?: boolean } = {}) {
    const heard: string[] = [];
    const fail = () => {
      if (options.isFailing) throw new Error('listener is down');
    };
    const listener: CommentListener = {
      onChecked: (comment, attempt) => {
        heard.push(`checked:${comment.id}:${attempt.outcome}`);
        fail();
      },
      onQueued: (comment) => {
        heard.push(`queued:${comment.id}`);
        fail();
      },
      onStatusChanged: (comment, from, to) => void heard.push(`statusChanged:${comment.id}:${from}-${to}`),
    };
    return { listener, heard };
  }

  async function postAndClaim(listeners: CommentListener[]) {
    const harness = createSpamHarness(akismet.current());
    const site = await buildSite({ settings: { moderation: 'all' } });
    const id = await harness.post(site);
    const ctx: SpamCheckContext = {
      config: harness.config,
      clock: harness.clock,
      vault: harness.vault,
      akismet: createAkismet(akismetSettings(harness.config)),
      leaseMs: 60_000,
      events: createCommentEvents({ log: harness.log, listeners, failureMessage: 'spam check hook failed' }),
      lookups: createSiteLookups(),
    };
    const { claimed } = await claimNextSpamCheck('worker-a', harness.clock.now(), ctx.leaseMs);
    if (!claimed) throw new Error('the posted comment was not claimed');
    return { harness, ctx, id, claimed };
  }

  it('storeVerdict stores the verdict, tells checked then queued, and takes the check off the queue', async () => {
    const { listener, heard } = recordingListener();
    const { harness, ctx, id, claimed } = await postAndClaim([listener]);
    const attempt: SpamCheckAttempt = {
      at: harness.clock.now(),
      outcome: 'ham',
      durationMs: 7,
      verdict: 'pending',
    };
    const verdict: RulesVerdict = {
      status: 'pending',
      reasons: [{ code: 'moderation_all', message: 'held' }],
    };

    await storeVerdict(ctx, claimed, attempt, verdict, harness.log);

    expect(heard).toEqual([`checked:${id}:ham`, `queued:${id}`]);
    const { comment, spamCheck, codes } = await harness.read(id);
    expect(comment.status).toBe('pending');
    expect(codes).toEqual(['moderation_all']);
    expect(spamCheck).toMatchObject({ state: 'done', attempts: [attempt] });
    harness.clock.advance(2 * ctx.leaseMs);
    expect((await claimNextSpamCheck('worker-b', harness.clock.now(), ctx.leaseMs)).claimed).toBeUndefined();
  });

  it('a listener that throws is logged with the event and comment id; the verdict stands and later listeners hear it', async () => {
    const failing = recordingListener({ isFailing: true });
    const later = recordingListener();
    const { harness, ctx, id, claimed } = await postAndClaim([failing.listener, later.listener]);
    const attempt: SpamCheckAttempt = {
      at: harness.clock.now(),
      outcome: 'ham',
      durationMs: 7,
      verdict: 'pending',
    };

    await storeVerdict(ctx, claimed, attempt, { status: 'pending', reasons: [] }, harness.log);

    expect(failing.heard).toEqual([`checked:${id}:ham`, `queued:${id}`]);
    expect(later.heard).toEqual([`checked:${id}:ham`, `queued:${id}`]);
    const failures = harness.logLines
      .map((line) => JSON.parse(line))
      .filter((line) => line.msg === 'spam check hook failed');
    expect(failures).toEqual([
      expect.objectContaining({ event: 'onChecked', commentId: id, reason: 'listener is down' }),
      expect.objectContaining({ event: 'onQueued', commentId: id, reason: 'listener is down' }),
    ]);
    expect((await harness.read(id)).spamCheck.state).toBe('done');
  });

  it('scheduleRetry stores the failed attempt, tells checked, and puts the check back until its next try', async () => {
    const { listener, heard } = recordingListener();
    const { harness, ctx, id, claimed } = await postAndClaim([listener]);
    const attempt = {
      at: harness.clock.now(),
      outcome: 'unavailable' as const,
      durationMs: 3,
      detail: 'timeout',
    };

    await scheduleRetry(ctx, claimed, attempt, harness.log);

    expect(heard).toEqual([`checked:${id}:unavailable`]);
    const { comment, spamCheck, codes } = await harness.read(id);
    expect(comment.status).toBe('pending');
    expect(codes).toEqual(['akismet_unavailable']);
    expect(spamCheck).toMatchObject({ state: 'due', attemptCount: 1, attempts: [attempt] });
    expect(spamCheck.dueAt).toEqual(new Date(harness.clock.now().getTime() + 30_000));
    harness.clock.advance(29_000);
    expect((await claimNextSpamCheck('worker-b', harness.clock.now(), ctx.leaseMs)).claimed).toBeUndefined();
    harness.clock.advance(1_000);
    const again = await claimNextSpamCheck('worker-b', harness.clock.now(), ctx.leaseMs);
    expect(again.claimed?.comment.id).toBe(id);
  });
});
