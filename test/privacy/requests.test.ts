// A commenter's data on request through the moderation API (POST /api/v1/moderation/privacy/
// export and /erase): who may ask, what the export holds, and what each erasure mode leaves
// in the database and in the public threads.
import mongoose from 'mongoose';
import request from 'supertest';
import { listPrivacyAudit } from '../../src/audit/audit.model';
import { updateCommentContent } from '../../src/comments/store/changes';
import { CommentModel } from '../../src/comments/store/comment.model';
import { stopReplyNotificationsFrom } from '../../src/comments/store/contacts';
import { createEmailVault } from '../../src/privacy/emailVault';
import { TEST_EMAIL_KEY } from '../helpers/app';
import { useTestDatabase } from '../helpers/db';
import { buildComment } from '../helpers/factories';
import {
  as,
  auditOf,
  buildModerationApp,
  buildWorld,
  readPublicThread,
  type World,
} from '../moderation/helpers';

useTestDatabase();

const { app } = buildModerationApp();
const vault = createEmailVault(Buffer.from(TEST_EMAIL_KEY, 'base64'));
const EMAIL = 'Ada.Lovelace@Example.org';
const NAME = 'Ada Lovelace';
const PAGE = '/2026/05/engines';

let world: World;
beforeEach(async () => {
  world = await buildWorld();
});

async function stored(id: string) {
  return CommentModel.findById(id)
    .select('+emailSealed +emailHash +request +authorTokenHash +rawContent +history')
    .lean();
}

describe('who may ask', () => {
  it('answers admins, refuses moderators (even of every site) with 403 and anonymous callers with 401', async () => {
    const everywhere = await (await import('../moderation/helpers')).buildActor({ allSites: true });
    await as(app, world.admin).post('/privacy/export', { email: EMAIL }).expect(200);
    for (const actor of [world.newsModerator, everywhere]) {
      const res = await as(app, actor).post('/privacy/export', { email: EMAIL }).expect(403);
      expect(res.body.error.code).toBe('forbidden');
      await as(app, actor).post('/privacy/erase', { email: EMAIL, mode: 'delete' }).expect(403);
    }
    await as(app).post('/privacy/export', { email: EMAIL }).expect(401);
    await as(app).post('/privacy/erase', { email: EMAIL, mode: 'anonymize' }).expect(401);
  });

  it('names the field for a bad email or mode, and never echoes the address', async () => {
    const bad = await as(app, world.admin).post('/privacy/export', { email: 'not-an-address@' }).expect(422);
    expect(bad.body.error.fields).toEqual({ email: 'Not a valid email address.' });
    expect(bad.text).not.toContain('not-an-address');
    const missing = await as(app, world.admin).post('/privacy/erase', { email: EMAIL }).expect(422);
    expect(missing.body.error.fields).toEqual({ mode: 'mode must be "anonymize" or "delete".' });
    expect(missing.text).not.toContain('Lovelace');
    const noEmail = await as(app, world.admin).post('/privacy/export', {}).expect(422);
    expect(Object.keys(noEmail.body.error.fields)).toEqual(['email']);
  });
});

describe('export', () => {
  it('finds every comment of the email on every site, with its private data and history, and audits the HMAC', async () => {
    const first = await buildComment(world.news, {
      pageId: PAGE,
      email: EMAIL,
      author: NAME,
      ip: '203.0.113.9',
    });
    await updateCommentContent(first.id, '<p>Edited by a moderator.</p>', new Date('2026-01-02T00:00:00Z'));
    const second = await buildComment(world.blog, {
      email: 'ada.lovelace@example.org ',
      author: NAME,
      status: 'spam',
    });
    await buildComment(world.news, { pageId: PAGE, email: 'someone.else@example.org', author: 'Someone' });
    await as(app, world.admin).post('/sites/news/blocks', { email: EMAIL, note: 'asked' }).expect(201);
    await stopReplyNotificationsFrom('blog', vault.hash(EMAIL), new Date('2026-01-03T00:00:00Z'));

    const res = await as(app, world.admin)
      .post('/privacy/export', { email: ` ${EMAIL}` })
      .expect(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.body.emailHash).toBe(vault.hash(EMAIL));
    expect(res.body.comments.map((comment: { id: string }) => comment.id).sort()).toEqual(
      [first.id, second.id].sort(),
    );
    const news = res.body.comments.find((comment: { id: string }) => comment.id === first.id);
    expect(news).toMatchObject({
      site: 'news',
      pageId: PAGE,
      pageUrl: `https://news.example${PAGE}`,
      status: 'approved',
      name: NAME,
      email: EMAIL,
      ip: '203.0.113.9',
      content: '<p>Edited by a moderator.</p>',
      history: [{ by: 'moderator', content: expect.stringContaining('Comment number') }],
    });
    expect(res.body.comments.find((comment: { id: string }) => comment.id === second.id)).toMatchObject({
      site: 'blog',
      status: 'spam',
    });
    expect(res.body.listEntries).toEqual([
      expect.objectContaining({ site: 'news', list: 'block', note: 'asked', expiresAt: null }),
    ]);
    expect(res.body.replyOptOuts).toEqual([{ site: 'blog', at: '2026-01-03T00:00:00.000Z' }]);
    expect(res.text).not.toContain('someone.else');

    const onlyBlog = await as(app, world.admin)
      .post('/privacy/export', { email: EMAIL, site: 'blog' })
      .expect(200);
    expect(onlyBlog.body.comments.map((comment: { id: string }) => comment.id)).toEqual([second.id]);
    expect(onlyBlog.body.listEntries).toEqual([]);
    expect(onlyBlog.body.replyOptOuts).toHaveLength(1);

    const audit = await listPrivacyAudit();
    expect(audit.map((entry) => [entry.action, entry.site, entry.userId])).toEqual([
      ['privacy_export', 'blog', world.admin.user.id],
      ['privacy_export', '*', world.admin.user.id],
    ]);
    expect(audit[1]?.detail).toEqual({ emailHash: vault.hash(EMAIL), comments: 2, listEntries: 1 });
    expect(JSON.stringify(audit)).not.toMatch(/lovelace/i);
  });
});

describe('anonymize', () => {
  it('keeps the text and status, removes the author from the comment, its thread and the queue', async () => {
    const top = await buildComment(world.news, { pageId: PAGE, email: EMAIL, author: NAME });
    const held = await buildComment(world.news, {
      pageId: PAGE,
      email: EMAIL,
      author: NAME,
      status: 'pending',
    });
    const other = await buildComment(world.news, { parent: top, author: 'Grace Hopper' });
    expect(JSON.stringify((await readPublicThread(app, 'news', PAGE)).body)).toContain(NAME);

    const res = await as(app, world.admin)
      .post('/privacy/erase', { email: EMAIL, mode: 'anonymize' })
      .expect(200);
    expect(res.body).toEqual({
      emailHash: vault.hash(EMAIL),
      mode: 'anonymize',
      found: 2,
      anonymized: 2,
      deleted: 0,
      placeholders: 0,
      skipped: 0,
      sites: ['news'],
    });

    for (const id of [top.id, held.id]) {
      const doc = await stored(id);
      expect(doc).toMatchObject({ author: '', avatarSeed: vault.avatarSeed('erased') });
      for (const field of [
        'emailSealed',
        'emailHash',
        'gravatarHash',
        'request',
        'authorTokenHash',
        'authorUrl',
      ]) {
        expect(doc).not.toHaveProperty(field);
      }
    }
    expect((await stored(top.id))?.content).toBe(top.content);
    expect((await stored(top.id))?.status).toBe('approved');
    expect((await stored(held.id))?.status).toBe('pending');
    expect((await stored(other.id))?.author).toBe('Grace Hopper');

    const thread = await readPublicThread(app, 'news', PAGE);
    expect(JSON.stringify(thread.body)).not.toContain(NAME);
    expect(thread.total).toBe(2);
    const pending = await mongoose.connection
      .collection('pending_comments')
      .findOne({ _id: held.id as never });
    expect(pending).toMatchObject({ author: '' });
    expect(pending).not.toHaveProperty('emailHash');
    const approvedAuthor = await mongoose.connection
      .collection('approved_authors')
      .findOne({ _id: `news:${vault.hash(EMAIL)}` as never });
    expect(approvedAuthor).toBeNull();
    // Nothing is left to find.
    const again = await as(app, world.admin).post('/privacy/export', { email: EMAIL }).expect(200);
    expect(again.body.comments).toEqual([]);
    const entry = (await listPrivacyAudit()).find((audited) => audited.action === 'privacy_erase');
    expect(entry).toMatchObject({
      action: 'privacy_erase',
      userId: world.admin.user.id,
      site: '*',
      detail: { emailHash: vault.hash(EMAIL), mode: 'anonymize', found: 2, anonymized: 2, sites: 'news' },
    });
  });
});

describe('delete', () => {
  it('removes the comments; one with another reader’s reply stays as a placeholder', async () => {
    const answered = await buildComment(world.news, {
      pageId: PAGE,
      email: EMAIL,
      author: NAME,
      content: 'Answered',
    });
    const reply = await buildComment(world.news, {
      parent: answered,
      author: 'Grace Hopper',
      content: 'A reply',
    });
    const alone = await buildComment(world.news, {
      pageId: PAGE,
      email: EMAIL,
      author: NAME,
      content: 'Alone',
    });
    // A thread of their own: their reply to their own comment goes first, then the comment.
    const ownTop = await buildComment(world.blog, { email: EMAIL, author: NAME });
    const ownReply = await buildComment(world.blog, { parent: ownTop, email: EMAIL, author: NAME });
    const held = await buildComment(world.blog, { email: EMAIL, author: NAME, status: 'pending' });
    // A moderator's edits: the audit keeps the text each replaced.
    for (const comment of [answered, alone]) {
      await as(app, world.admin).patch(`/comments/${comment.id}`, { content: 'Trimmed' }).expect(200);
    }
    expect((await auditOf(answered))[0]?.detail).toMatchObject({ previousContent: '<p>Answered</p>' });

    const res = await as(app, world.admin)
      .post('/privacy/erase', { email: EMAIL, mode: 'delete' })
      .expect(200);
    expect(res.body).toMatchObject({
      found: 5,
      deleted: 4,
      placeholders: 1,
      skipped: 0,
      sites: ['blog', 'news'],
    });

    for (const id of [alone.id, ownTop.id, ownReply.id, held.id]) expect(await stored(id)).toBeNull();
    const placeholder = await stored(answered.id);
    expect(placeholder).toMatchObject({
      author: '',
      status: 'trash',
      content: '<p>This comment was deleted.</p>',
      rawContent: '',
      reasons: [expect.objectContaining({ code: 'erased' })],
    });
    expect(placeholder).not.toHaveProperty('emailSealed');
    expect(placeholder).not.toHaveProperty('request');
    expect(await mongoose.connection.collection('pending_comments').countDocuments({})).toBe(0);

    const news = await readPublicThread(app, 'news', PAGE);
    expect(news.total).toBe(1);
    expect(news.body.comments).toEqual([
      expect.objectContaining({
        id: answered.id,
        deleted: true,
        replies: [
          expect.objectContaining({
            id: reply.id,
            author: expect.objectContaining({ name: 'Grace Hopper' }),
          }),
        ],
      }),
    ]);
    const text = JSON.stringify(news.body);
    expect(text).not.toContain(NAME);
    expect(text).not.toContain('Answered');
    for (const comment of [answered, alone]) {
      const entries = await auditOf(comment);
      expect(entries.map((entry) => [entry.action, entry.detail?.previousContent])).toEqual([
        ['edit', '[erased]'],
      ]);
    }
    const blog = await readPublicThread(app, 'blog', ownTop.pageId);
    expect(blog.total).toBe(0);
  });
});

it('answers the routes with JSON that never includes another commenter', async () => {
  await buildComment(world.news, { email: 'other@example.org', author: 'Other' });
  const res = await request(app)
    .post('/api/v1/moderation/privacy/export')
    .set('Authorization', `Bearer ${world.admin.token}`)
    .send({ email: EMAIL })
    .expect(200);
  expect(res.body).toEqual({ emailHash: vault.hash(EMAIL), comments: [], listEntries: [], replyOptOuts: [] });
});
