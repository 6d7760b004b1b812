// The spam check against a local Akismet: what is sent, and every outcome.
import { performance } from 'node:perf_hooks';
import { updateSite } from '../../src/sites/site.model';
import { SPAM_AUTHOR, SPAM_EMAIL, useFakeAkismet } from '../fakes/akismet';
import { useTestDatabase } from '../helpers/db';
import { buildSite, SITE_ORIGIN } from '../helpers/factories';
import { createSpamHarness, GLOBAL_KEY } from './harness';

useTestDatabase();
const akismet = useFakeAkismet();

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

describe('spam check: what Akismet receives', () => {
  it('queues the check in the comment insert itself, before the 201', async () => {
    const harness = createSpamHarness(akismet.current());
    const site = await buildSite();
    const id = await harness.post(site);
    const { comment, spamCheck } = await harness.read(id);
    expect(comment.status).toBe('pending');
    expect(spamCheck).toMatchObject({ state: 'due', attemptCount: 0, attempts: [] });
    expect(spamCheck.dueAt).toEqual(harness.clock.now());
    expect(spamCheck.firstQueuedAt).toEqual(harness.clock.now());
    expect(akismet.current().calls).toEqual([]);
  });

  it('sends the commenter data captured at post time, with the decrypted email', async () => {
    const harness = createSpamHarness(akismet.current());
    const site = await buildSite({ settings: { moderation: 'none' } });
    const id = await harness.post(
      site,
      {
        pageId: '/2026/01/akismet',
        author: 'Ann Example',
        email: 'Ann.Example@Example.org',
        url: 'https://ann.example/',
        content: 'Raw <b>text</b> & more',
      },
      '192.0.2.44',
    );
    expect(await harness.drain()).toBe(1);

    const [call] = akismet.current().callsTo('comment-check');
    expect(call?.key).toBe(GLOBAL_KEY);
    expect(call?.fields).toEqual({
      blog: `${SITE_ORIGIN}/`,
      blog_lang: 'en',
      user_ip: '192.0.2.44',
      user_agent: expect.stringMatching(/^TestBrowser\//),
      referrer: `${SITE_ORIGIN}/2026/01/akismet`,
      permalink: `${SITE_ORIGIN}/2026/01/akismet`,
      comment_type: 'comment',
      comment_author: 'Ann Example',
      comment_author_email: 'Ann.Example@Example.org',
      comment_author_url: 'https://ann.example/',
      comment_content: 'Raw <b>text</b> & more',
      comment_date_gmt: harness.clock.now().toISOString(),
    });
    expect(call?.userAgent).toMatch(/^Parley\//);
    expect((await harness.read(id)).comment.status).toBe('approved');
  });

  it('sends comment_type reply for a reply', async () => {
    const harness = createSpamHarness(akismet.current());
    const site = await buildSite({ settings: { moderation: 'none' } });
    const parentId = await harness.post(site);
    await harness.drain();
    harness.clock.advance(20 * SECOND);
    await harness.post(site, { parentId });
    await harness.drain();
    expect(
      akismet
        .current()
        .callsTo('comment-check')
        .map((call) => call.fields.comment_type),
    ).toEqual(['comment', 'reply']);
  });

  it('sends is_test=1 when AKISMET_TEST is set, and nothing of the kind otherwise', async () => {
    const site = await buildSite();
    const testing = createSpamHarness(akismet.current(), { config: { AKISMET_TEST: 'true' } });
    await testing.post(site);
    await testing.drain();
    const live = createSpamHarness(akismet.current());
    await live.post(site);
    await live.drain();
    const [first, second] = akismet.current().callsTo('comment-check');
    expect(first?.fields.is_test).toBe('1');
    expect(second?.fields).not.toHaveProperty('is_test');
  });

  it("uses the site's own key over AKISMET_KEY", async () => {
    const harness = createSpamHarness(akismet.current());
    const site = await buildSite();
    await updateSite(site.id, { akismetKey: 'sitekey456' });
    await harness.post(site);
    await harness.drain();
    expect(
      akismet
        .current()
        .callsTo('comment-check')
        .map((call) => call.key),
    ).toEqual(['sitekey456']);
  });

  it('never logs the commenter email, and logs the check with the comment id', async () => {
    const harness = createSpamHarness(akismet.current());
    const site = await buildSite();
    const id = await harness.post(site, { email: 'secret.person@example.org' });
    await harness.drain();
    const logs = harness.logLines.join('\n');
    expect(logs).not.toContain('secret.person');
    const done = harness.logLines
      .map((line) => JSON.parse(line))
      .find((line) => line.msg === 'spam check done');
    expect(done).toMatchObject({ commentId: id, outcome: 'ham', verdict: 'pending' });
  });
});

describe('spam check: outcomes', () => {
  it('spam: marks the comment spam with reason akismet_spam', async () => {
    const harness = createSpamHarness(akismet.current());
    const site = await buildSite({ settings: { moderation: 'none' } });
    const byAuthor = await harness.post(site, { author: SPAM_AUTHOR });
    const byEmail = await harness.post(site, { email: SPAM_EMAIL });
    await harness.drain();
    for (const id of [byAuthor, byEmail]) {
      const { comment, spamCheck, codes } = await harness.read(id);
      expect(comment.status).toBe('spam');
      expect(codes).toEqual(['akismet_spam']);
      expect(spamCheck).toMatchObject({ state: 'done', attemptCount: 1 });
      expect(spamCheck.attempts[0]).toMatchObject({
        outcome: 'spam',
        verdict: 'spam',
        at: harness.clock.now(),
      });
      expect(spamCheck.attempts[0]?.durationMs).toEqual(expect.any(Number));
    }
  });

  it('ham: goes on to the local rules', async () => {
    const harness = createSpamHarness(akismet.current());
    const site = await buildSite({ settings: { moderation: 'all' } });
    const id = await harness.post(site);
    await harness.drain();
    const { comment, spamCheck, codes } = await harness.read(id);
    expect(comment.status).toBe('pending');
    expect(codes).toEqual(['moderation_all']);
    expect(spamCheck.attempts).toEqual([
      expect.objectContaining({ outcome: 'ham', verdict: 'pending', at: harness.clock.now() }),
    ]);
    expect(spamCheck.state).toBe('done');
  });

  it('no key: skips Akismet and records why', async () => {
    const harness = createSpamHarness(akismet.current(), { config: { AKISMET_KEY: '' } });
    const site = await buildSite();
    const id = await harness.post(site);
    await harness.drain();
    const { comment, spamCheck, codes } = await harness.read(id);
    expect(akismet.current().calls).toEqual([]);
    expect(comment.status).toBe('pending');
    expect(codes).toEqual(['akismet_skipped', 'moderation_all']);
    expect(comment.reasons[0]?.message).toMatch(/no Akismet key configured/);
    expect(spamCheck.attempts).toEqual([
      expect.objectContaining({ outcome: 'skipped', detail: 'no Akismet key configured' }),
    ]);
  });

  it('Akismet down: stays pending with akismet_unavailable, retried after about 30 s', async () => {
    const harness = createSpamHarness(akismet.current());
    const site = await buildSite({ settings: { moderation: 'none' } });
    akismet.current().mode = 'down';
    const id = await harness.post(site);
    await harness.drain();
    const { comment, spamCheck, codes } = await harness.read(id);
    expect(akismet.current().droppedConnections).toBeGreaterThan(0);
    expect(comment.status).toBe('pending');
    expect(codes).toEqual(['akismet_unavailable']);
    expect(spamCheck).toMatchObject({ state: 'due', attemptCount: 1 });
    expect(spamCheck.attempts[0]).toMatchObject({ outcome: 'unavailable', detail: expect.any(String) });
    expect(spamCheck.dueAt.getTime() - harness.clock.now().getTime()).toBe(30 * SECOND);

    // Not due yet; then due, and Akismet is back.
    harness.clock.advance(29 * SECOND);
    expect(await harness.drain()).toBe(0);
    akismet.current().mode = 'up';
    harness.clock.advance(1 * SECOND);
    expect(await harness.drain()).toBe(1);
    const after = await harness.read(id);
    expect(after.comment.status).toBe('approved');
    expect(after.codes).toEqual([]);
    expect(after.spamCheck.attempts.map((attempt) => attempt.outcome)).toEqual(['unavailable', 'ham']);
  });

  it('an HTTP error from Akismet counts as unavailable too', async () => {
    const harness = createSpamHarness(akismet.current());
    const site = await buildSite();
    akismet.current().mode = 'error';
    const id = await harness.post(site);
    await harness.drain();
    const { comment, spamCheck, codes } = await harness.read(id);
    expect(comment.status).toBe('pending');
    expect(codes).toEqual(['akismet_unavailable']);
    expect(spamCheck.attempts[0]?.detail).toMatch(/500/);
  });

  it('backs off from 30 s, doubling, up to 20 minutes', async () => {
    const harness = createSpamHarness(akismet.current());
    const site = await buildSite();
    akismet.current().mode = 'down';
    const id = await harness.post(site);
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) {
      expect(await harness.drain()).toBe(1);
      const { spamCheck } = await harness.read(id);
      delays.push(spamCheck.dueAt.getTime() - harness.clock.now().getTime());
      harness.clock.set(spamCheck.dueAt);
    }
    expect(delays.map((ms) => ms / SECOND)).toEqual([30, 60, 120, 240, 480, 960, 1200, 1200, 1200]);
    expect((await harness.read(id)).spamCheck.attemptCount).toBe(9);
  });

  it('times out a hanging Akismet, and ignores its late answer', async () => {
    const harness = createSpamHarness(akismet.current(), { config: { AKISMET_TIMEOUT_MS: '300' } });
    const site = await buildSite({ settings: { moderation: 'none' } });
    const id = await harness.post(site, { author: SPAM_AUTHOR });
    akismet.current().delayMs = 800;

    const started = performance.now();
    expect(await harness.drain()).toBe(1);
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(300 + 700);

    const { comment, spamCheck, codes } = await harness.read(id);
    expect(comment.status).toBe('pending');
    expect(codes).toEqual(['akismet_unavailable']);
    expect(spamCheck.attempts[0]).toMatchObject({
      outcome: 'unavailable',
      detail: expect.stringMatching(/300 ms/),
    });
    expect(spamCheck.dueAt.getTime() - harness.clock.now().getTime()).toBe(30 * SECOND);

    // The late "true" arrives and changes nothing.
    await new Promise((resolve) => setTimeout(resolve, 700));
    const later = await harness.read(id);
    expect(later.comment.status).toBe('pending');
    expect(later.spamCheck.attemptCount).toBe(1);
  });

  it('times out when Akismet never answers at all', async () => {
    const harness = createSpamHarness(akismet.current(), { config: { AKISMET_TIMEOUT_MS: '200' } });
    const site = await buildSite();
    akismet.current().mode = 'hang';
    const id = await harness.post(site);
    const started = performance.now();
    await harness.drain();
    expect(performance.now() - started).toBeLessThan(200 + 700);
    expect(akismet.current().callsTo('comment-check')).toHaveLength(1);
    expect((await harness.read(id)).codes).toEqual(['akismet_unavailable']);
  });

  it('invalid key: retried after 6 hours, with a reason that says so', async () => {
    const harness = createSpamHarness(akismet.current());
    const site = await buildSite({ settings: { moderation: 'none' } });
    akismet.current().invalidKeys.add(GLOBAL_KEY);
    const id = await harness.post(site);
    await harness.drain();
    const { comment, spamCheck, codes } = await harness.read(id);
    expect(comment.status).toBe('pending');
    expect(codes).toEqual(['akismet_unavailable']);
    expect(comment.reasons[0]?.message).toMatch(/refused the API key/);
    expect(spamCheck.attempts[0]).toMatchObject({ outcome: 'invalid_key' });
    expect(spamCheck.dueAt.getTime() - harness.clock.now().getTime()).toBe(6 * HOUR);
    // The key is never written into a stored detail.
    expect(JSON.stringify(spamCheck)).not.toContain(GLOBAL_KEY);
  });

  it('gives up after 15 days, leaving the comment pending for a human, never approved', async () => {
    const harness = createSpamHarness(akismet.current());
    const site = await buildSite({ settings: { moderation: 'none' } });
    akismet.current().mode = 'down';
    const id = await harness.post(site);
    await harness.drain();

    harness.clock.advance(15 * 24 * HOUR - 1000);
    expect(await harness.drain()).toBe(1);
    expect((await harness.read(id)).spamCheck.state).toBe('due');

    harness.clock.advance(20 * MINUTE);
    expect(await harness.drain()).toBe(1);
    const { comment, spamCheck, codes } = await harness.read(id);
    expect(comment.status).toBe('pending');
    expect(codes).toEqual(['akismet_gave_up']);
    expect(comment.reasons[0]?.message).toMatch(/15 days/);
    expect(spamCheck).toMatchObject({ state: 'done', attemptCount: 3 });
    expect(spamCheck.finishedAt).toEqual(harness.clock.now());

    harness.clock.advance(24 * HOUR);
    expect(await harness.drain()).toBe(0);
  });

  it('after giving up, a blocked word still marks the comment spam', async () => {
    const harness = createSpamHarness(akismet.current());
    const site = await buildSite({ settings: { moderation: 'none', blockedKeywords: ['casino'] } });
    akismet.current().mode = 'down';
    const id = await harness.post(site, { content: 'Best casino bonus' });
    await harness.drain();
    harness.clock.advance(16 * 24 * HOUR);
    await harness.drain();
    const { comment, codes } = await harness.read(id);
    expect(comment.status).toBe('spam');
    expect(codes).toEqual(['akismet_gave_up', 'blocked_keyword']);
  });

  it('cannot reach the real Akismet from the tests: the lookup is refused and the check waits', async () => {
    const harness = createSpamHarness(akismet.current(), {
      config: { AKISMET_HOST: 'rest.akismet.com', AKISMET_PROTOCOL: 'https' },
    });
    const site = await buildSite();
    const id = await harness.post(site);
    await harness.drain();
    expect(akismet.takeBlockedLookups()).toEqual([`${GLOBAL_KEY}.rest.akismet.com`]);
    const { spamCheck, codes } = await harness.read(id);
    expect(codes).toEqual(['akismet_unavailable']);
    expect(spamCheck.attempts[0]?.detail).toMatch(/ENOTFOUND \[key\]\.rest\.akismet\.com/);
  });

  it('does not queue a check for a honeypot comment, which is spam already', async () => {
    const harness = createSpamHarness(akismet.current());
    const site = await buildSite();
    const id = await harness.post(site, { homepage: 'http://bot.example' } as never);
    expect(await harness.drain()).toBe(0);
    expect(akismet.current().calls).toEqual([]);
    await expect(harness.read(id)).rejects.toThrow(/missing/);
  });
});
