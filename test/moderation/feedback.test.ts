// Overturned verdicts reach Akismet: submit-spam and submit-ham go through the durable job
// queue and, when the worker runs, arrive at the local Akismet with the original
// commenter's data (as captured when they posted).
import { SPAM_AUTHOR, useFakeAkismet } from '../fakes/akismet';
import { useTestDatabase } from '../helpers/db';
import { buildSite, SITE_ORIGIN } from '../helpers/factories';
import { createFeedbackRunner, createSpamHarness, GLOBAL_KEY } from '../spam/harness';
import { as, buildActor } from './helpers';

useTestDatabase();
const akismet = useFakeAkismet();

const STORY = '/2026/01/feedback';

function setUp() {
  const fake = akismet.current();
  const harness = createSpamHarness(fake);
  const runJobs = createFeedbackRunner(harness);
  return { fake, harness, runJobs };
}

/** What Akismet must receive about Ann's comment, whichever way the verdict goes. */
function annsData(harness: ReturnType<typeof setUp>['harness'], postedAt: Date) {
  return {
    blog: `${SITE_ORIGIN}/`,
    blog_lang: 'en',
    user_ip: '192.0.2.44',
    user_agent: expect.stringMatching(/^TestBrowser\//),
    referrer: `${SITE_ORIGIN}${STORY}`,
    permalink: `${SITE_ORIGIN}${STORY}`,
    comment_type: 'comment',
    comment_author: 'Ann Example',
    comment_author_email: 'Ann.Example@Example.org',
    comment_author_url: 'https://ann.example/',
    comment_content: 'Cheap <b>watches</b> & more',
    comment_date_gmt: postedAt.toISOString(),
    ...(harness.config.AKISMET_TEST && { is_test: '1' }),
  };
}

describe('Akismet feedback from moderators', () => {
  it('spam marked by a moderator sends submit-spam, and approving it again sends submit-ham, with the commenter data', async () => {
    const { fake, harness, runJobs } = setUp();
    const site = await buildSite({ settings: { moderation: 'all' } });
    const moderator = await buildActor({ sites: [site.id] });
    const postedAt = harness.clock.now();
    const id = await harness.post(
      site,
      {
        pageId: STORY,
        author: 'Ann Example',
        email: 'Ann.Example@Example.org',
        url: 'https://ann.example/',
        content: 'Cheap <b>watches</b> & more',
      },
      '192.0.2.44',
    );
    await harness.drain();
    expect((await harness.read(id)).comment.status).toBe('pending');

    harness.clock.advance(5 * 60_000);
    // The moderator's edit must not change what Akismet is told the commenter wrote.
    await as(harness.app, moderator).patch(`/comments/${id}`, { content: 'Edited by us' }).expect(200);
    await as(harness.app, moderator).post(`/comments/${id}/spam`).expect(200);
    expect(fake.callsTo('submit-spam')).toEqual([]); // queued, not sent from the request
    expect(await runJobs()).toBe(1);
    const [spamCall] = fake.callsTo('submit-spam');
    expect(spamCall?.key).toBe(GLOBAL_KEY);
    expect(spamCall?.fields).toEqual(annsData(harness, postedAt));

    await as(harness.app, moderator).post(`/comments/${id}/approve`).expect(200);
    expect(await runJobs()).toBe(1);
    expect(fake.callsTo('submit-ham').map((call) => call.fields)).toEqual([annsData(harness, postedAt)]);
    expect(fake.callsTo('submit-spam')).toHaveLength(1);
  });

  it('a comment Akismet called spam, approved by a moderator, sends submit-ham once', async () => {
    const { fake, harness, runJobs } = setUp();
    const site = await buildSite({ settings: { moderation: 'none' } });
    const moderator = await buildActor({ sites: [site.id] });
    const id = await harness.post(site, { pageId: STORY, author: SPAM_AUTHOR });
    await harness.drain();
    expect((await harness.read(id)).comment.status).toBe('spam');

    await as(harness.app, moderator).post(`/comments/${id}/approve`).expect(200);
    // The request retried by an impatient client does not change anything twice.
    await as(harness.app, moderator).post(`/comments/${id}/approve`).expect(409);
    expect(await runJobs()).toBe(1);
    expect(fake.callsTo('submit-ham')).toHaveLength(1);
    expect(fake.callsTo('submit-ham')[0]?.fields.comment_author).toBe(SPAM_AUTHOR);

    // The detail view shows the spam check that was overturned.
    const detail = await as(harness.app, moderator).get(`/comments/${id}`).expect(200);
    expect(detail.body.spamCheck).toMatchObject({
      state: 'done',
      attemptCount: 1,
      attempts: [
        { outcome: 'spam', verdict: 'spam', at: expect.any(String), durationMs: expect.any(Number) },
      ],
    });
    expect(detail.body.comment.spamCheck).toMatchObject({ state: 'done', lastAttempt: { outcome: 'spam' } });
    expect(detail.body.comment.reasons.map((reason: { code: string }) => reason.code)).toContain(
      'akismet_spam',
    );
  });

  it('trash moves teach Akismet nothing', async () => {
    const { fake, harness, runJobs } = setUp();
    const site = await buildSite({ settings: { moderation: 'all' } });
    const moderator = await buildActor({ sites: [site.id] });
    const id = await harness.post(site, { pageId: STORY });
    await harness.drain();
    for (const action of ['trash', 'spam', 'trash', 'restore']) {
      await as(harness.app, moderator).post(`/comments/${id}/${action}`).expect(200);
    }
    // Trash is not a verdict: only the spam check itself ever called Akismet.
    expect(await runJobs()).toBe(0);
    expect(fake.calls.map((call) => call.endpoint)).toEqual(['comment-check']);
  });
});
