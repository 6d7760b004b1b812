// submit-spam and submit-ham through the durable job queue, against the local Akismet.
import { changeCommentStatus } from '../../src/comments/store/changes';
import { findJobByKey, listJobs } from '../../src/queue';
import { AKISMET_FEEDBACK_JOB, enqueueAkismetFeedback } from '../../src/spam';
import { THANKS, useFakeAkismet } from '../fakes/akismet';
import { useTestDatabase } from '../helpers/db';
import { buildSite, SITE_ORIGIN } from '../helpers/factories';
import { createFeedbackRunner, createSpamHarness, GLOBAL_KEY } from './harness';

useTestDatabase();
const akismet = useFakeAkismet();

function feedbackHarness(config: Record<string, string> = {}) {
  const harness = createSpamHarness(akismet.current(), { config });
  const runJobs = createFeedbackRunner(harness);
  return { ...harness, runJobs };
}

describe('Akismet feedback jobs', () => {
  it("sends submit-spam with the original commenter's data", async () => {
    const harness = feedbackHarness();
    const site = await buildSite({ settings: { moderation: 'none' } });
    const id = await harness.post(
      site,
      {
        author: 'Sneaky',
        email: 'sneaky@example.org',
        content: 'Buy <b>now</b>',
        url: 'https://sneaky.example/',
      },
      '192.0.2.7',
    );
    await harness.drain();
    const [check] = akismet.current().callsTo('comment-check');
    harness.clock.advance(60_000);

    // A moderator overturns the ham verdict.
    await changeCommentStatus(id, 'approved', 'spam', harness.clock.now());
    await enqueueAkismetFeedback({
      commentId: id,
      verdict: 'spam',
      now: harness.clock.now(),
      reference: 'audit-1',
    });
    expect(await harness.runJobs()).toBe(1);

    const [submit] = akismet.current().callsTo('submit-spam');
    expect(submit?.key).toBe(GLOBAL_KEY);
    expect(submit?.fields).toEqual(check?.fields);
    expect(submit?.fields).toMatchObject({
      user_ip: '192.0.2.7',
      comment_author: 'Sneaky',
      comment_author_email: 'sneaky@example.org',
      comment_author_url: 'https://sneaky.example/',
      comment_content: 'Buy <b>now</b>',
      permalink: `${SITE_ORIGIN}/2026/01/story`,
      blog: `${SITE_ORIGIN}/`,
    });
    const [job] = await listJobs({ type: AKISMET_FEEDBACK_JOB });
    expect(job).toMatchObject({
      state: 'done',
      attempts: [expect.objectContaining({ detail: 'submit-spam sent' })],
    });
    // The payload names the comment; the commenter's data is read when the job runs.
    expect(job?.payload).toEqual({ commentId: id, verdict: 'spam' });
  });

  it('sends submit-ham, with is_test when AKISMET_TEST is set', async () => {
    const harness = feedbackHarness({ AKISMET_TEST: 'true' });
    const site = await buildSite();
    const id = await harness.post(site);
    await enqueueAkismetFeedback({ commentId: id, verdict: 'ham', now: harness.clock.now() });
    await harness.runJobs();
    expect(akismet.current().callsTo('submit-ham')).toEqual([
      expect.objectContaining({ key: GLOBAL_KEY, fields: expect.objectContaining({ is_test: '1' }) }),
    ]);
    expect(akismet.current().callsTo('submit-spam')).toEqual([]);
  });

  it('enqueues one job per moderation action', async () => {
    const harness = feedbackHarness();
    const site = await buildSite();
    const id = await harness.post(site);
    const now = harness.clock.now();
    const first = await enqueueAkismetFeedback({ commentId: id, verdict: 'spam', now, reference: 'audit-9' });
    const again = await enqueueAkismetFeedback({ commentId: id, verdict: 'spam', now, reference: 'audit-9' });
    expect(again.id).toBe(first.id);
    await harness.runJobs();
    expect(akismet.current().callsTo('submit-spam')).toHaveLength(1);
  });

  it('retries with backoff while Akismet is down, and sends once it is back', async () => {
    const harness = feedbackHarness();
    const site = await buildSite();
    const id = await harness.post(site);
    akismet.current().mode = 'down';
    const job = await enqueueAkismetFeedback({ commentId: id, verdict: 'spam', now: harness.clock.now() });

    expect(await harness.runJobs()).toBe(1);
    let stored = await findJobByKey(job.key);
    expect(stored).toMatchObject({ state: 'due', attemptCount: 1 });
    expect(stored?.attempts[0]).toMatchObject({
      outcome: 'error',
      detail: expect.stringMatching(/submit-spam failed/),
    });
    expect(stored?.dueAt.getTime()).toBe(harness.clock.now().getTime() + 30_000);

    harness.clock.advance(30_000);
    expect(await harness.runJobs()).toBe(1);
    stored = await findJobByKey(job.key);
    expect(stored?.dueAt.getTime()).toBe(harness.clock.now().getTime() + 60_000);

    akismet.current().mode = 'up';
    harness.clock.advance(60_000);
    expect(await harness.runJobs()).toBe(1);
    stored = await findJobByKey(job.key);
    expect(stored).toMatchObject({ state: 'done', attemptCount: 3 });
    expect(akismet.current().callsTo('submit-spam')).toHaveLength(1);
  });

  it('treats an answer other than the thanks as a failure (say, a refused key)', async () => {
    const harness = feedbackHarness();
    const site = await buildSite();
    const id = await harness.post(site);
    akismet.current().invalidKeys.add(GLOBAL_KEY);
    const job = await enqueueAkismetFeedback({ commentId: id, verdict: 'ham', now: harness.clock.now() });
    await harness.runJobs();
    const stored = await findJobByKey(job.key);
    expect(stored).toMatchObject({ state: 'due' });
    expect(stored?.attempts[0]?.detail).toMatch(/not accepted: invalid/);
    expect(stored?.attempts[0]?.detail).not.toContain(THANKS);
  });

  it('skips, without calling Akismet, when no key is configured or the comment is gone', async () => {
    const harness = feedbackHarness({ AKISMET_KEY: '' });
    const site = await buildSite();
    const id = await harness.post(site);
    const noKey = await enqueueAkismetFeedback({ commentId: id, verdict: 'spam', now: harness.clock.now() });
    const gone = await enqueueAkismetFeedback({
      commentId: '0123456789abcdef01234567',
      verdict: 'ham',
      now: harness.clock.now(),
    });
    await harness.runJobs();
    expect(akismet.current().calls).toEqual([]);
    expect((await findJobByKey(noKey.key))?.attempts[0]?.detail).toBe('skipped: no Akismet key configured');
    expect((await findJobByKey(gone.key))?.attempts[0]?.detail).toBe('skipped: the comment no longer exists');
  });
});
