// Editing, permanent deletes (admins only) and bulk actions: what is stored, audited, and
// what readers of the page see.
import { CommentModel } from '../../src/comments/store/comment.model';
import type { Comment } from '../../src/comments/store/comment.types';
import { findComment } from '../../src/comments/store/reads';
import { listJobs } from '../../src/queue';
import { useTestDatabase } from '../helpers/db';
import { buildComment } from '../helpers/factories';
import {
  as,
  auditOf,
  buildModerationApp,
  buildWorld,
  PAGE,
  pageState,
  readPublicThread,
  type World,
} from './helpers';

useTestDatabase();

const { app, clock } = buildModerationApp();

let world: World;

beforeEach(async () => {
  world = await buildWorld();
});

describe('PATCH /moderation/comments/:id', () => {
  it('sanitises the new content again, keeps what the commenter wrote, and audits the edit', async () => {
    const target = await buildComment(world.news, {
      pageId: PAGE,
      status: 'pending',
      content: 'Original words',
    });
    const res = await as(app, world.newsModerator).patch(`/comments/${target.id}`, {
      content: 'Edited <script>alert(1)</script><a href="javascript:evil()" onclick="x()">link</a>',
    });
    expect(res.status).toBe(200);
    expect(res.body.comment.content).toBe('<p>Edited <a rel="nofollow ugc noopener">link</a></p>');
    const stored = await CommentModel.findById(target.id).select('+rawContent').lean();
    expect(stored?.content).toBe(res.body.comment.content);
    // Akismet feedback must describe what the commenter sent, not the moderator's edit.
    expect(stored?.rawContent).toBe('Original words');
    expect(await auditOf(target)).toEqual([
      {
        id: expect.any(String),
        at: clock.now(),
        userId: world.newsModerator.user.id,
        action: 'edit',
        commentId: target.id,
        site: 'news',
        from: 'pending',
        to: 'pending',
        detail: { previousContent: '<p>Original words</p>' },
      },
    ]);
  });

  it('refuses content that is empty, or empty once markup is removed', async () => {
    const target = await buildComment(world.news, { pageId: PAGE, status: 'pending' });
    for (const content of ['', '   ', '<script>only()</script>']) {
      const res = await as(app, world.newsModerator).patch(`/comments/${target.id}`, { content });
      expect(res.status).toBe(422);
      expect(Object.keys(res.body.error.fields)).toEqual(['content']);
    }
    const missing = await as(app, world.newsModerator).patch(`/comments/${target.id}`, {});
    expect(missing.body.error.fields).toEqual({ content: 'Content is required.' });
    expect((await findComment(target.id))?.content).toBe(target.content);
    expect(await auditOf(target)).toEqual([]);
  });

  it('an approved comment edited changes the public thread and its ETag', async () => {
    const target = await buildComment(world.news, { pageId: PAGE });
    const before = await readPublicThread(app, 'news');
    await as(app, world.newsModerator).patch(`/comments/${target.id}`, { content: 'Corrected.' }).expect(200);
    const after = await readPublicThread(app, 'news');
    expect(after.etag).not.toBe(before.etag);
    expect(after.body.comments[0].content).toBe('<p>Corrected.</p>');
    expect(after.total).toBe(before.total);
  });

  it('a pending comment edited leaves the public thread and its ETag alone', async () => {
    await buildComment(world.news, { pageId: PAGE });
    const target = await buildComment(world.news, { pageId: PAGE, status: 'pending' });
    const before = await readPublicThread(app, 'news');
    const pageBefore = await pageState('news');
    await as(app, world.newsModerator).patch(`/comments/${target.id}`, { content: 'Corrected.' }).expect(200);
    expect((await readPublicThread(app, 'news')).etag).toBe(before.etag);
    expect(await pageState('news')).toEqual(pageBefore);
  });

  it('saving the same text changes nothing and writes no audit entry', async () => {
    const target = await buildComment(world.news, { pageId: PAGE, content: 'Same words' });
    const before = await readPublicThread(app, 'news');
    await as(app, world.newsModerator).patch(`/comments/${target.id}`, { content: 'Same words' }).expect(200);
    expect((await readPublicThread(app, 'news')).etag).toBe(before.etag);
    expect(await auditOf(target)).toEqual([]);
  });
});

describe('DELETE /moderation/comments/:id', () => {
  it('is for admins only', async () => {
    const target = await buildComment(world.news, { pageId: PAGE });
    const res = await as(app, world.newsModerator).delete(`/comments/${target.id}`);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    expect(await findComment(target.id)).toBeDefined();
  });

  it('deletes an approved comment for good: counts go down and the ETag changes', async () => {
    const target = await buildComment(world.news, { pageId: PAGE });
    await buildComment(world.news, { pageId: PAGE });
    const before = await readPublicThread(app, 'news');

    const res = await as(app, world.admin).delete(`/comments/${target.id}`);

    expect(res.status).toBe(204);
    expect(await CommentModel.findById(target.id).lean()).toBeNull();
    const after = await readPublicThread(app, 'news');
    expect([after.total, after.topLevelTotal]).toEqual([before.total - 1, before.topLevelTotal - 1]);
    expect(after.etag).not.toBe(before.etag);
    expect(await pageState('news')).toMatchObject({ approvedCount: 1, approvedTopLevelCount: 1 });
    expect(await auditOf(target)).toEqual([
      {
        id: expect.any(String),
        at: clock.now(),
        userId: world.admin.user.id,
        action: 'delete',
        commentId: target.id,
        site: 'news',
        from: 'approved',
        to: null,
        detail: { pageId: PAGE, parentId: null },
      },
    ]);
  });

  it('deletes a spam comment without touching the public thread', async () => {
    await buildComment(world.news, { pageId: PAGE });
    const target = await buildComment(world.news, { pageId: PAGE, status: 'spam' });
    const before = await readPublicThread(app, 'news');
    const pageBefore = await pageState('news');
    await as(app, world.admin).delete(`/comments/${target.id}`).expect(204);
    expect((await readPublicThread(app, 'news')).etag).toBe(before.etag);
    expect(await pageState('news')).toEqual(pageBefore);
  });

  it('refuses a comment with replies (of any status) with 409 has_replies; replies first works', async () => {
    const parent = await buildComment(world.news, { pageId: PAGE });
    const reply = await buildComment(world.news, { parent, status: 'trash' });

    const refused = await as(app, world.admin).delete(`/comments/${parent.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('has_replies');
    expect(await findComment(parent.id)).toBeDefined();

    await as(app, world.admin).delete(`/comments/${reply.id}`).expect(204);
    await as(app, world.admin).delete(`/comments/${parent.id}`).expect(204);
    expect(await pageState('news')).toMatchObject({ approvedCount: 0, approvedTopLevelCount: 0 });
  });

  it('answers 404 for a comment that is already gone', async () => {
    const target = await buildComment(world.news, { pageId: PAGE });
    await as(app, world.admin).delete(`/comments/${target.id}`).expect(204);
    const again = await as(app, world.admin).delete(`/comments/${target.id}`);
    expect(again.status).toBe(404);
    expect(await pageState('news')).toMatchObject({ approvedCount: 0 });
  });
});

describe('POST /moderation/comments/bulk', () => {
  it('acts on each comment and reports each result, as the single action would', async () => {
    const pending = await buildComment(world.news, { pageId: PAGE, status: 'pending' });
    const spam = await buildComment(world.news, { pageId: PAGE, status: 'spam' });
    const approved = await buildComment(world.news, { pageId: PAGE, status: 'approved' });
    const missing = '0123456789abcdef01234567';

    const res = await as(app, world.newsModerator).post('/comments/bulk', {
      ids: [pending.id, spam.id, approved.id, missing, pending.id],
      action: 'approve',
    });

    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      { id: pending.id, ok: true, status: 'approved' },
      { id: spam.id, ok: true, status: 'approved' },
      {
        id: approved.id,
        ok: false,
        error: { code: 'invalid_transition', message: expect.any(String) },
      },
      { id: missing, ok: false, error: { code: 'comment_not_found', message: expect.any(String) } },
    ]);
    expect((await findComment(pending.id))?.status).toBe('approved');
    expect((await findComment(spam.id))?.status).toBe('approved');
    expect(await pageState('news')).toMatchObject({ approvedCount: 3, approvedTopLevelCount: 3 });
    // One audit entry per comment acted on, marked as bulk.
    for (const comment of [pending, spam]) {
      expect(await auditOf(comment)).toEqual([
        expect.objectContaining({ action: 'approve', to: 'approved', detail: { bulk: true } }),
      ]);
    }
    expect(await auditOf(approved)).toEqual([]);
    // spam -> approved is a false positive Akismet hears about; pending -> approved is not.
    expect((await listJobs({ type: 'akismet-feedback' })).map((job) => job.payload)).toEqual([
      { commentId: spam.id, verdict: 'ham' },
    ]);
  });

  it('refuses the whole request when any comment belongs to a site the moderator does not moderate', async () => {
    const mine = await buildComment(world.news, { pageId: PAGE, status: 'pending' });
    const theirs = await buildComment(world.blog, { pageId: PAGE, status: 'pending' });
    const res = await as(app, world.newsModerator).post('/comments/bulk', {
      ids: [mine.id, theirs.id],
      action: 'trash',
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden_site');
    expect((await findComment(mine.id))?.status).toBe('pending');
    expect(await auditOf(mine)).toEqual([]);
  });

  it('deletes are for admins, and take replies before their parents', async () => {
    const parent = await buildComment(world.news, { pageId: PAGE });
    const reply = await buildComment(world.news, { parent });
    const nested = await buildComment(world.news, { parent: reply, status: 'spam' });

    const refused = await as(app, world.newsModerator).post('/comments/bulk', {
      ids: [parent.id],
      action: 'delete',
    });
    expect(refused.status).toBe(403);

    const res = await as(app, world.admin).post('/comments/bulk', {
      ids: [parent.id, reply.id, nested.id],
      action: 'delete',
    });
    expect(res.body.results).toEqual([
      { id: parent.id, ok: true, status: null },
      { id: reply.id, ok: true, status: null },
      { id: nested.id, ok: true, status: null },
    ]);
    expect(await CommentModel.countDocuments({})).toBe(0);
    expect(await pageState('news')).toMatchObject({ approvedCount: 0, approvedTopLevelCount: 0 });
  });

  it('a bulk delete that leaves replies behind refuses just that parent', async () => {
    const parent = await buildComment(world.news, { pageId: PAGE });
    const reply: Comment = await buildComment(world.news, { parent });
    const other = await buildComment(world.news, { pageId: PAGE, status: 'trash' });
    const res = await as(app, world.admin).post('/comments/bulk', {
      ids: [parent.id, other.id],
      action: 'delete',
    });
    expect(res.body.results).toEqual([
      { id: parent.id, ok: false, error: { code: 'has_replies', message: expect.any(String) } },
      { id: other.id, ok: true, status: null },
    ]);
    expect(await findComment(reply.id)).toBeDefined();
  });

  it('checks its input', async () => {
    const none = await as(app, world.admin).post('/comments/bulk', { ids: [], action: 'approve' });
    expect(none.status).toBe(422);
    expect(none.body.error.fields).toEqual({ ids: 'Give at least one comment id.' });
    const many = await as(app, world.admin).post('/comments/bulk', {
      ids: Array.from({ length: 101 }, (_, n) => n.toString(16).padStart(24, '0')),
      action: 'approve',
    });
    expect(many.body.error.fields).toEqual({ ids: 'Give at most 100 comment ids at once.' });
    const bad = await as(app, world.admin).post('/comments/bulk', { ids: ['nope'], action: 'publish' });
    expect(bad.body.error.fields).toEqual({
      'ids.0': 'Not a comment id.',
      action: 'action must be one of approve, spam, trash, restore, delete.',
    });
  });
});
