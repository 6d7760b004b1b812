// Moderators hear about comments waiting for them: after the spam check, by email over real
// SMTP, only the moderators of that site, never for spam.
import request from 'supertest';
import { setUserDisabled } from '../../src/auth/user.model';
import { changeCommentStatus } from '../../src/comments/store/changes';
import { listJobs } from '../../src/queue';
import { buildUser } from '../auth/helpers';
import { useFakeAkismet } from '../fakes/akismet';
import { useFakeSmtp } from '../fakes/smtp';
import { useTestDatabase } from '../helpers/db';
import { buildSite, SITE_ORIGIN } from '../helpers/factories';
import { createNotifyHarness, PAGE_ID } from './harness';

useTestDatabase();
const akismet = useFakeAkismet();
const smtp = useFakeSmtp();

const ALICE = 'alice.commenter@example.org';

async function buildModerators() {
  const news = await buildSite({ id: 'news', settings: { moderation: 'all' } });
  const blog = await buildSite({ id: 'blog', settings: { moderation: 'all' } });
  const newsModerator = await buildUser({ email: 'news.moderator@example.org', sites: ['news'] });
  await buildUser({ email: 'blog.moderator@example.org', sites: ['blog'] });
  const admin = await buildUser({ email: 'admin@example.org', role: 'admin' });
  const everywhere = await buildUser({ email: 'everywhere@example.org', allSites: true });
  const gone = await buildUser({ email: 'gone.moderator@example.org', sites: ['news'] });
  await setUserDisabled(gone.id, true);
  return { news, blog, expected: [admin.email, everywhere.email, newsModerator.email].sort() };
}

describe('moderator emails', () => {
  it('the moderators of the site, and only they, get an email once its spam check holds a comment', async () => {
    const h = createNotifyHarness({ smtpUrl: smtp.current().url, akismet: akismet.current() });
    const { news, expected } = await buildModerators();
    const id = await h.post(news, {
      author: 'Alice <Liddell>',
      email: ALICE,
      content: 'Seoul & Tokyo: <b>GSOMIA</b> matters.\n\nSecond paragraph.',
    });
    // Stored, not yet checked: nobody is told about a comment before its spam check.
    expect(smtp.current().messages).toHaveLength(0);

    await h.settle();
    const messages = smtp.current().messages;
    expect(messages.flatMap((message) => message.envelope.to).sort()).toEqual(expected);
    for (const message of messages) {
      expect(message.envelope.to).toHaveLength(1);
      expect(message.envelope.from).toBe('parley@parley.test');
      expect(message.subject).toBe('[NewsSemi Conductor] A comment by Alice <Liddell> waits for moderation');
      expect(message.text).toContain('Seoul & Tokyo: GSOMIA matters.');
      expect(message.text).toContain('Second paragraph.');
      expect(message.text).toContain('This site holds every comment for a moderator.');
      expect(message.text).toContain(
        `Moderate it in the dashboard: http://parley.test/moderate#comment-${id}`,
      );
      expect(message.text).toContain('Page: https://news.example/2019/11/gsomia');
      expect(message.html).toContain(`href="http://parley.test/moderate#comment-${id}"`);
      expect(message.html).toContain('<b>GSOMIA</b>');
      // The author's name is text, not markup.
      expect(message.html).toContain('Alice &#60;Liddell&#62;');
      expect(message.html).not.toContain('<Liddell>');
      expect(message.raw).not.toContain(ALICE);
    }

    // A worker that died after the hook ran calls it again: nothing is sent twice.
    await h.notifier.onQueued(await h.read(id));
    await h.settle();
    expect(smtp.current().messages).toHaveLength(expected.length);
    expect(h.logLinesWithEmails()).toEqual([]);
  });

  it('no moderator email for a comment the spam check calls spam, nor for one it publishes', async () => {
    const h = createNotifyHarness({ smtpUrl: smtp.current().url, akismet: akismet.current() });
    await buildUser({ email: 'admin@example.org', role: 'admin' });
    const spamSite = await buildSite({ id: 'spammy', settings: { blockedKeywords: ['casino'] } });
    const openSite = await buildSite({ id: 'open', settings: { moderation: 'none' } });
    const spam = await h.post(spamSite, { content: 'Best online casino bonus' });
    const published = await h.post(openSite, { content: 'A fine comment' });
    await h.settle();
    expect((await h.read(spam)).status).toBe('spam');
    expect((await h.read(published)).status).toBe('approved');
    expect(smtp.current().messages).toHaveLength(0);
    expect(await listJobs({ type: 'email-moderator' })).toEqual([]);
  });

  it("an author's edit that sends an approved comment back to the queue gets its own email", async () => {
    const h = createNotifyHarness({ smtpUrl: smtp.current().url, akismet: akismet.current() });
    await buildSite({ id: 'news', settings: { moderation: 'all' } });
    await buildUser({ email: 'news.moderator@example.org', sites: ['news'] });
    const posted = await request(h.app)
      .post('/api/v1/sites/news/comments')
      .set('Origin', SITE_ORIGIN)
      .send({ pageId: PAGE_ID, author: 'Alice', email: ALICE, content: 'First version' })
      .expect(201);
    const { comment, authorToken } = posted.body as { comment: { id: string }; authorToken: string };
    await h.settle();
    expect(smtp.current().messages).toHaveLength(1);
    await changeCommentStatus(comment.id, 'pending', 'approved', h.clock.now());

    h.clock.advance(60_000);
    await request(h.app)
      .patch(`/api/v1/sites/news/comments/${comment.id}`)
      .set('Origin', SITE_ORIGIN)
      .set('Parley-Author-Token', authorToken)
      .send({ content: 'Second version' })
      .expect(200);
    await h.settle();
    const messages = smtp.current().to('news.moderator@example.org');
    expect(messages).toHaveLength(2);
    expect(messages[1]?.text).toContain('Second version');
    // Settling again, as a worker that died after sending would: nothing is sent twice.
    await h.notifier.onQueued(await h.read(comment.id));
    await h.settle();
    expect(smtp.current().messages).toHaveLength(2);
  });

  it('a mail server that refuses for a while: the email is retried with backoff and sent once', async () => {
    const h = createNotifyHarness({ smtpUrl: smtp.current().url, akismet: akismet.current() });
    const news = await buildSite({ id: 'news', settings: { moderation: 'all' } });
    await buildUser({ email: 'news.moderator@example.org', sites: ['news'] });
    smtp.current().failNext(1);
    await h.post(news);
    await h.settle();
    expect(smtp.current().messages).toHaveLength(0);
    const [job] = await listJobs({ type: 'email-moderator' });
    expect(job?.state).toBe('due');
    expect(job?.attempts.map((attempt) => attempt.outcome)).toEqual(['error']);

    h.clock.advance(59_000);
    await h.settle();
    expect(smtp.current().messages).toHaveLength(0);
    h.clock.advance(1_000);
    await h.settle();
    expect(smtp.current().to('news.moderator@example.org')).toHaveLength(1);
    h.clock.advance(60 * 60_000);
    await h.settle();
    expect(smtp.current().messages).toHaveLength(1);
  });

  it('without SMTP_URL nothing is sent, the notification job says why, and the log says it once', async () => {
    const h = createNotifyHarness({ akismet: akismet.current() });
    const news = await buildSite({ id: 'news', settings: { moderation: 'all' } });
    await buildUser({ email: 'news.moderator@example.org', sites: ['news'] });
    await h.post(news);
    await h.post(news);
    await h.settle();
    expect(smtp.current().messages).toHaveLength(0);
    const notifyJobs = await listJobs({ type: 'notify' });
    expect(notifyJobs).toHaveLength(2);
    expect(notifyJobs.map((job) => job.state)).toEqual(['done', 'done']);
    for (const detail of await h.jobDetails('notify'))
      expect(detail).toContain('no emails: SMTP_URL is not set');
    const warnings = h.logLines.filter((line) => line.includes('notification emails are not sent'));
    expect(warnings).toHaveLength(1);
  });
});
