// Moderating from the notification email: the Approve, Spam and Trash links open a page whose
// button acts (a scanner following the link changes nothing); a link works for one comment,
// one moderator, once, for 7 days, and its use is audited like a dashboard action.
import request from 'supertest';
import { listCommentAudit } from '../../src/audit/audit.model';
import { setUserDisabled, UserModel } from '../../src/auth/user.model';
import {
  createEmailLinkToken,
  EMAIL_LINK_TTL_MS,
  readEmailLinkToken,
} from '../../src/moderation/emailLinks/token';
import { buildUser } from '../auth/helpers';
import { useFakeAkismet } from '../fakes/akismet';
import { useFakeSmtp } from '../fakes/smtp';
import { useTestDatabase } from '../helpers/db';
import { buildSite } from '../helpers/factories';
import { createNotifyHarness, type NotifyHarness } from '../notify/harness';

useTestDatabase();
const akismet = useFakeAkismet();
const smtp = useFakeSmtp();

const PATH = '/moderate/email-action';

/** Posts a comment that waits for moderation and returns the links the moderator's email holds. */
async function heldCommentWithLinks(h: NotifyHarness) {
  const site = await buildSite({ id: 'news', settings: { moderation: 'all' } });
  const moderator = await buildUser({ email: 'news.moderator@example.org', sites: ['news'] });
  const id = await h.post(site, { author: 'Alice', content: 'Held for a moderator' });
  await h.settle();
  const [message] = smtp.current().messages;
  if (!message) throw new Error('no moderator email was sent');
  const link = (label: string) => {
    const match = new RegExp(`${label}: (http://parley\\.test${PATH}\\?token=\\S+)`).exec(message.text);
    if (!match) throw new Error(`no "${label}" link in the email`);
    return new URL(match[1] as string);
  };
  return {
    id,
    moderator,
    message,
    approve: link('Approve it'),
    spam: link('Mark it as spam'),
    trash: link('Move it to the trash'),
  };
}

/** An admin moving a moderator to other sites (no command does it yet: it is stored directly). */
async function updateUserSites(userId: string, sites: string[]) {
  await UserModel.updateOne({ _id: userId }, { $set: { sites } });
}

const tokenOf = (url: URL) => url.searchParams.get('token') as string;

describe('moderation links in the notification email', () => {
  it('carries Approve, Spam and Trash links beside the dashboard link, in text and HTML', async () => {
    const h = createNotifyHarness({ smtpUrl: smtp.current().url, akismet: akismet.current() });
    const { id, moderator, message, approve, spam, trash } = await heldCommentWithLinks(h);
    for (const url of [approve, spam, trash]) {
      expect(message.html).toContain(url.href.replaceAll('&', '&#38;'));
      const link = readEmailLinkToken(h.vault, tokenOf(url));
      expect(link).toMatchObject({ commentId: id, userId: moderator.id });
      const inSevenDays = Math.floor((h.clock.now().getTime() + EMAIL_LINK_TTL_MS) / 1000) * 1000;
      expect(link?.expiresAt.getTime()).toBe(inSevenDays);
    }
    expect(message.text).toContain(`Moderate it in the dashboard: http://parley.test/moderate#comment-${id}`);
  });

  it('opening a link shows a confirmation page and changes nothing; its button approves, audited as the moderator', async () => {
    const h = createNotifyHarness({ smtpUrl: smtp.current().url, akismet: akismet.current() });
    const { id, moderator, approve } = await heldCommentWithLinks(h);

    // A mail scanner, or the moderator, opens the link: twice, nothing happens.
    for (let i = 0; i < 2; i++) {
      const page = await request(h.app).get(`${approve.pathname}${approve.search}`).expect(200);
      expect(page.type).toBe('text/html');
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.text).toContain('Approve this comment?');
      expect(page.text).toContain('Held for a moderator');
      expect(page.text).toContain('<form method="post" action="email-action">');
      expect(page.text).not.toContain('news.moderator@example.org');
      // Nor the commenter's (the harness posts as reader<n>@example.org), nor a Referer.
      expect(page.text).not.toMatch(/reader\d+@example\.org/);
      expect(page.headers['referrer-policy']).toBe('no-referrer');
    }
    expect((await h.read(id)).status).toBe('pending');

    const done = await request(h.app)
      .post(PATH)
      .type('form')
      .send({ token: tokenOf(approve) })
      .expect(200);
    expect(done.text).toContain('Approved: it is public now.');
    // The request log shows the path, never the token: whoever reads logs cannot act with it.
    const requestLines = h.logLines.filter((line) => line.includes(PATH));
    expect(requestLines.length).toBeGreaterThan(0);
    expect(requestLines.filter((line) => line.includes(tokenOf(approve).slice(0, 24)))).toEqual([]);
    expect(requestLines.join('\n')).toContain('token=[redacted]');
    expect((await h.read(id)).status).toBe('approved');
    const audit = await listCommentAudit(id);
    expect(audit).toEqual([
      expect.objectContaining({
        userId: moderator.id,
        action: 'approve',
        from: 'pending',
        to: 'approved',
        detail: { via: 'email' },
      }),
    ]);
  });

  it('works once: after one link is used, all three links of that email are refused with 409', async () => {
    const h = createNotifyHarness({ smtpUrl: smtp.current().url, akismet: akismet.current() });
    const { id, spam, trash, approve } = await heldCommentWithLinks(h);
    await request(h.app)
      .post(PATH)
      .type('form')
      .send({ token: tokenOf(spam) })
      .expect(200);
    expect((await h.read(id)).status).toBe('spam');

    for (const url of [spam, trash, approve]) {
      const again = await request(h.app)
        .post(PATH)
        .type('form')
        .send({ token: tokenOf(url) });
      expect(again.status).toBe(409);
      expect(again.type).toBe('text/html');
      expect(again.text).toContain('was used already (spam)');
      await request(h.app).get(`${url.pathname}${url.search}`).expect(409);
    }
    expect((await h.read(id)).status).toBe('spam');
    expect(await listCommentAudit(id)).toHaveLength(1);
  });

  it('two clicks at the same moment act once', async () => {
    const h = createNotifyHarness({ smtpUrl: smtp.current().url, akismet: akismet.current() });
    const { id, trash } = await heldCommentWithLinks(h);
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        request(h.app)
          .post(PATH)
          .type('form')
          .send({ token: tokenOf(trash) }),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409, 409]);
    expect((await h.read(id)).status).toBe('trash');
    expect(await listCommentAudit(id)).toHaveLength(1);
  });

  it('expires after 7 days', async () => {
    const h = createNotifyHarness({ smtpUrl: smtp.current().url, akismet: akismet.current() });
    const { id, approve } = await heldCommentWithLinks(h);
    h.clock.advance(EMAIL_LINK_TTL_MS + 1000);
    const page = await request(h.app).get(`${approve.pathname}${approve.search}`).expect(410);
    expect(page.text).toContain('This link has expired');
    await request(h.app)
      .post(PATH)
      .type('form')
      .send({ token: tokenOf(approve) })
      .expect(410);
    expect((await h.read(id)).status).toBe('pending');
  });

  it('refuses a changed or made-up token, and a link whose moderator lost access or was disabled', async () => {
    const h = createNotifyHarness({ smtpUrl: smtp.current().url, akismet: akismet.current() });
    const { id, moderator, approve } = await heldCommentWithLinks(h);
    const link = readEmailLinkToken(h.vault, tokenOf(approve));
    if (!link) throw new Error('the email link does not read');

    // Another comment's id, another user, another action: each breaks the signature.
    const other = await buildUser({ email: 'other@example.org', role: 'admin' });
    const forged = tokenOf(approve).replace(moderator.id, other.id);
    for (const token of [
      forged,
      tokenOf(approve).replace('.approve.', '.trash.'),
      'x',
      `${tokenOf(approve)}0`,
    ]) {
      const res = await request(h.app).post(PATH).type('form').send({ token });
      expect(res.status).toBe(400);
      expect(res.text).toContain('This moderation link is not valid');
    }
    const missing = await request(h.app).post(PATH).type('form').send({});
    expect(missing.status).toBe(422);
    expect(missing.type).toBe('text/html');

    await updateUserSites(moderator.id, ['other-site']);
    await request(h.app)
      .post(PATH)
      .type('form')
      .send({ token: tokenOf(approve) })
      .expect(403);
    await updateUserSites(moderator.id, ['news']);
    await setUserDisabled(moderator.id, true);
    await request(h.app)
      .post(PATH)
      .type('form')
      .send({ token: tokenOf(approve) })
      .expect(403);
    await setUserDisabled(moderator.id, false);

    // A token Parley signed for a comment that is gone.
    const ghost = createEmailLinkToken(h.vault, { ...link, commentId: 'f'.repeat(24) });
    await request(h.app).get(`${PATH}?token=${ghost}`).expect(404);

    await request(h.app)
      .post(PATH)
      .type('form')
      .send({ token: tokenOf(approve) })
      .expect(200);
    expect((await h.read(id)).status).toBe('approved');
  });

  it('says there is nothing to do when the comment is already where the link leads, and keeps the link', async () => {
    const h = createNotifyHarness({ smtpUrl: smtp.current().url, akismet: akismet.current() });
    const { id, approve, trash } = await heldCommentWithLinks(h);
    await request(h.app)
      .post(PATH)
      .type('form')
      .send({ token: tokenOf(approve) })
      .expect(200);
    const again = createEmailLinkToken(h.vault, {
      ...(readEmailLinkToken(h.vault, tokenOf(approve)) as NonNullable<
        ReturnType<typeof readEmailLinkToken>
      >),
      nonce: 'a'.repeat(24),
    });
    const page = await request(h.app).get(`${PATH}?token=${again}`).expect(200);
    expect(page.text).toContain('Nothing to do: the comment is approved');
    expect(page.text).not.toContain('<form');
    const refused = await request(h.app).post(PATH).type('form').send({ token: again });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('cannot be given the action');
    // Refused, so not spent: the same email's trash link would still have worked.
    expect(tokenOf(trash)).toBeTruthy();
    expect((await h.read(id)).status).toBe('approved');
  });
});
