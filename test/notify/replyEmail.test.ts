// Commenters who asked for it hear about approved replies to their comment, and can stop
// that from the email itself without logging in.
import request from 'supertest';
import { findCommentContact } from '../../src/comments/store/contacts';
import { createUnsubscribeToken } from '../../src/notify';
import { listJobs } from '../../src/queue';
import { useFakeAkismet } from '../fakes/akismet';
import { type ReceivedMail, useFakeSmtp } from '../fakes/smtp';
import { useTestDatabase } from '../helpers/db';
import { buildSite } from '../helpers/factories';
import { as, buildActor } from '../moderation/helpers';
import { createNotifyHarness, type NotifyHarness } from './harness';

useTestDatabase();
const akismet = useFakeAkismet();
const smtp = useFakeSmtp();

const ALICE = 'alice@example.org';
const BOB = 'bob@example.org';

function harness(): NotifyHarness {
  return createNotifyHarness({ smtpUrl: smtp.current().url, akismet: akismet.current() });
}

/** The unsubscribe link in a reply email, as a path for supertest. */
function unsubscribePath(mail: ReceivedMail): string {
  const match = /Stop these emails: (\S+)/.exec(mail.text);
  if (!match) throw new Error(`no unsubscribe link in:\n${mail.text}`);
  const url = new URL(match[1] as string);
  expect(url.origin).toBe('http://parley.test');
  return `${url.pathname}${url.search}`;
}

function tokenOf(path: string): string {
  return new URL(path, 'http://parley.test').searchParams.get('token') as string;
}

/** An approved comment by Alice who asked for reply emails, on a site that publishes ham. */
async function aliceComment(h: NotifyHarness, settings: { moderation?: 'all' | 'none' } = {}) {
  const site = await buildSite({ id: 'news', settings: { moderation: settings.moderation ?? 'none' } });
  const parentId = await h.post(site, {
    author: 'Alice',
    email: ALICE,
    content: 'Japan and Korea share intelligence for good reasons.',
    notifyReplies: true,
  });
  await h.settle();
  if (settings.moderation === 'all') {
    const admin = await buildActor({ role: 'admin' });
    expect((await as(h.app, admin).post(`/comments/${parentId}/approve`)).status).toBe(200);
    await h.settle();
  }
  expect((await h.read(parentId)).status).toBe('approved');
  return { site, parentId };
}

describe('reply emails', () => {
  it('an approved reply emails the opted-in parent author, with an unsubscribe link that works without logging in', async () => {
    const h = harness();
    const { site, parentId } = await aliceComment(h);
    const replyId = await h.post(site, {
      parentId,
      author: 'Bob',
      email: BOB,
      content: 'I <em>disagree</em> & here is why.',
    });
    await h.settle();
    expect((await h.read(replyId)).status).toBe('approved');

    const [mail, ...others] = smtp.current().messages;
    expect(others).toEqual([]);
    expect(mail?.envelope.to).toEqual([ALICE]);
    if (!mail) throw new Error('no email');
    expect(mail.subject).toBe('Bob replied to your comment on NewsSemi Conductor');
    expect(mail.text).toContain('Hello Alice,');
    expect(mail.text).toContain('> I disagree & here is why.');
    expect(mail.text).toContain('> Japan and Korea share intelligence for good reasons.');
    expect(mail.text).toContain(
      `Read the conversation: https://news.example/2019/11/gsomia#comment-${replyId}`,
    );
    expect(mail.html).toContain('<em>disagree</em>');
    // The replier's address never reaches the person replied to.
    expect(mail.raw).not.toContain(BOB);
    expect(mail.raw.toLowerCase()).not.toContain('bob@');

    const path = unsubscribePath(mail);
    expect(mail.headers.get('list-unsubscribe')).toBe(`<http://parley.test${path}>`);
    expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');

    // Opening the link (as a link scanner would) only shows a page with buttons.
    const page = await request(h.app).get(path);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('Stop emails about replies to this comment');
    expect(page.text).toContain('<form method="post" action="unsubscribe">');
    expect((await h.read(parentId)).notifyReplies).toBe(true);
    await h.post(site, { parentId, author: 'Carol', content: 'Second reply' });
    await h.settle();
    expect(smtp.current().to(ALICE)).toHaveLength(2);

    // The button posts the form.
    const done = await request(h.app)
      .post('/unsubscribe')
      .type('form')
      .send({ token: tokenOf(path), scope: 'comment' });
    expect(done.status).toBe(200);
    expect(done.text).toContain(
      'You will no longer get emails about replies to your comment on NewsSemi Conductor',
    );
    expect((await h.read(parentId)).notifyReplies).toBe(false);

    const third = await h.post(site, { parentId, author: 'Dave', content: 'Third reply' });
    await h.settle();
    expect((await h.read(third)).status).toBe('approved');
    expect(smtp.current().to(ALICE)).toHaveLength(2);
    expect(await h.jobDetails('notify')).toContainEqual(
      expect.stringContaining('did not ask for reply emails'),
    );
    expect(h.logLinesWithEmails()).toEqual([]);
  });

  it('one-click unsubscribe (RFC 8058): the mail client POSTs to the List-Unsubscribe URL', async () => {
    const h = harness();
    const { site, parentId } = await aliceComment(h);
    await h.post(site, { parentId, content: 'A reply' });
    await h.settle();
    const [mail] = smtp.current().to(ALICE);
    if (!mail) throw new Error('no email');
    const header = mail.headers.get('list-unsubscribe') as string;
    const url = new URL(header.slice(1, -1));
    const res = await request(h.app)
      .post(`${url.pathname}${url.search}`)
      .type('form')
      .send('List-Unsubscribe=One-Click');
    expect(res.status).toBe(200);
    await h.post(site, { parentId, content: 'Another reply' });
    await h.settle();
    expect(smtp.current().to(ALICE)).toHaveLength(1);
  });

  it('"all my comments on this site" stops reply emails for every comment by the same address there', async () => {
    const h = harness();
    const { site, parentId } = await aliceComment(h);
    const otherId = await h.post(site, {
      author: 'Alice',
      email: ALICE,
      content: 'Another thought',
      notifyReplies: true,
    });
    await h.settle();
    const res = await request(h.app)
      .post('/unsubscribe')
      .type('form')
      .send({ token: createUnsubscribeToken(h.vault, parentId), scope: 'site' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('replies to any of your comments on NewsSemi Conductor');
    await h.post(site, { parentId: otherId, content: 'A reply to the other comment' });
    await h.settle();
    expect(smtp.current().messages).toHaveLength(0);
  });

  it('no email while the reply is pending; one when a moderator approves it, and only once', async () => {
    const h = harness();
    const { site, parentId } = await aliceComment(h, { moderation: 'all' });
    const replyId = await h.post(site, { parentId, author: 'Bob', email: BOB, content: 'Held reply' });
    await h.settle();
    expect((await h.read(replyId)).status).toBe('pending');
    expect(smtp.current().to(ALICE)).toHaveLength(0);

    const moderator = await buildActor({ sites: ['news'] });
    expect((await as(h.app, moderator).post(`/comments/${replyId}/approve`)).status).toBe(200);
    await h.settle();
    expect(smtp.current().to(ALICE)).toHaveLength(1);
    expect(smtp.current().to(ALICE)[0]?.text).toContain('> Held reply');

    // Unapproved and approved again: Alice already heard about this reply.
    expect((await as(h.app, moderator).post(`/comments/${replyId}/trash`)).status).toBe(200);
    expect((await as(h.app, moderator).post(`/comments/${replyId}/restore`)).status).toBe(200);
    expect((await as(h.app, moderator).post(`/comments/${replyId}/approve`)).status).toBe(200);
    await h.settle();
    expect(smtp.current().to(ALICE)).toHaveLength(1);
    expect(h.logLinesWithEmails()).toEqual([]);
  });

  it('a moderator’s reply emails the parent author once', async () => {
    const h = harness();
    const { parentId } = await aliceComment(h);
    const admin = await buildActor({ role: 'admin' });
    const res = await as(h.app, admin).post(`/comments/${parentId}/reply`, { content: 'Thanks, Alice.' });
    expect(res.status).toBe(201);
    await h.settle();
    const mails = smtp.current().to(ALICE);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.text).toContain('> Thanks, Alice.');
    expect(mails[0]?.raw).not.toContain(admin.user.email);
  });

  it('no email when the parent author did not opt in, nor for a reply to one’s own comment', async () => {
    const h = harness();
    const site = await buildSite({ id: 'news', settings: { moderation: 'none' } });
    const quiet = await h.post(site, {
      author: 'Quiet',
      email: 'quiet@example.org',
      content: 'No emails, thanks',
    });
    const chatty = await h.post(site, {
      author: 'Alice',
      email: ALICE,
      content: 'Tell me',
      notifyReplies: true,
    });
    await h.settle();
    await h.post(site, { parentId: quiet, content: 'Reply to quiet' });
    await h.post(site, {
      parentId: chatty,
      author: 'Alice again',
      email: ALICE.toUpperCase(),
      content: 'Talking to myself',
    });
    await h.settle();
    expect(smtp.current().messages).toHaveLength(0);
    expect(await listJobs({ type: 'email-reply' })).toEqual([]);
    const details = (await h.jobDetails('notify')).join('\n');
    expect(details).toContain('did not ask for reply emails');
    expect(details).toContain('a reply to one’s own comment');
  });

  it('a reply trashed before its email left is not emailed', async () => {
    const h = harness();
    const { site, parentId } = await aliceComment(h);
    const replyId = await h.post(site, { parentId, content: 'Regrettable reply' });
    // The spam check approves it and queues the email; a moderator trashes it before the email job runs.
    const moderator = await buildActor({ sites: ['news'] });
    while ((await listJobs({ type: 'email-reply' })).length === 0) {
      if ((await h.worker.runOnce()) === 0) throw new Error('the reply email was never queued');
    }
    expect((await as(h.app, moderator).post(`/comments/${replyId}/trash`)).status).toBe(200);
    await h.settle();
    expect(smtp.current().messages).toHaveLength(0);
    expect(await h.jobDetails('email-reply')).toEqual(['skipped: the reply is trash, not approved']);
  });

  it('unsubscribe links that are not Parley’s are refused with a page, never a stack trace', async () => {
    const h = harness();
    const { parentId } = await aliceComment(h);
    const good = createUnsubscribeToken(h.vault, parentId);
    const forged = `${parentId}.${'0'.repeat(32)}`;
    const otherComment = createUnsubscribeToken(h.vault, parentId).replace(/^[0-9a-f]{24}/, 'a'.repeat(24));
    for (const token of [forged, otherComment, 'garbage']) {
      const res = await request(h.app).get(`/unsubscribe?token=${encodeURIComponent(token)}`);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('This unsubscribe link is not valid');
      const post = await request(h.app).post('/unsubscribe').type('form').send({ token });
      expect(post.status).toBe(400);
    }
    const missing = await request(h.app).get('/unsubscribe');
    expect(missing.status).toBe(422);
    expect(missing.text).toContain('Some fields need attention.');
    expect((await h.read(parentId)).notifyReplies).toBe(true);

    // A comment deleted since: nothing left to unsubscribe from.
    const contact = await findCommentContact(parentId);
    expect(contact?.emailHash).toBeDefined();
    const admin = await buildActor({ role: 'admin' });
    expect((await as(h.app, admin).delete(`/comments/${parentId}`)).status).toBeLessThan(300);
    const gone = await request(h.app).get(`/unsubscribe?token=${good}`);
    expect(gone.status).toBe(404);
    expect(gone.text).toContain('no more emails are sent about it');
  });
});
