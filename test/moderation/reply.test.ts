// A moderator's reply: approved at once, threaded under the comment, shown publicly with a
// moderator badge and never with the moderator's email.

import { setUserName } from '../../src/auth/user.model';
import { CommentModel } from '../../src/comments/store/comment.model';
import { findComment } from '../../src/comments/store/reads';
import { listJobs } from '../../src/queue';
import { updateSiteSetting } from '../../src/sites/site.model';
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
  recordingEvents,
  type World,
} from './helpers';

useTestDatabase();

const recorder = recordingEvents();
const { app, clock, logLines } = buildModerationApp({ events: recorder.events });

let world: World;

beforeEach(async () => {
  world = await buildWorld();
  recorder.calls.length = 0;
});

describe('POST /moderation/comments/:id/reply', () => {
  it('publishes the reply at once under the comment, with a moderator badge and no email', async () => {
    const parent = await buildComment(world.news, { pageId: PAGE, author: 'Reader' });
    const before = await readPublicThread(app, 'news');

    const res = await as(app, world.newsModerator).post(`/comments/${parent.id}/reply`, {
      content: 'Thanks, **fixed**.\n\nSee <a href="https://news.example/fix">the fix</a>.',
    });

    expect(res.status).toBe(201);
    const reply = res.body.comment;
    expect(reply).toMatchObject({
      parentId: parent.id,
      depth: 1,
      status: 'approved',
      byModerator: true,
      author: { name: 'Moderator', email: null, url: null },
      spamCheck: null,
    });
    expect(JSON.stringify(reply)).not.toContain(world.newsModerator.user.email);

    const stored = await CommentModel.findById(reply.id).select('+emailSealed +emailHash +spamCheck').lean();
    expect(stored).toMatchObject({ status: 'approved', byModerator: true, author: 'Moderator' });
    // Nothing to decrypt, and no spam check queued for it.
    expect(stored?.emailSealed).toBeUndefined();
    expect(stored?.spamCheck).toBeUndefined();

    const after = await readPublicThread(app, 'news');
    expect(after.total).toBe(before.total + 1);
    expect(after.topLevelTotal).toBe(before.topLevelTotal);
    expect(after.etag).not.toBe(before.etag);
    const [shown] = after.body.comments[0].replies;
    expect(shown).toMatchObject({ id: reply.id, byModerator: true, status: 'approved' });
    expect(shown.author.name).toBe('Moderator');
    expect(shown.content).toBe(
      '<p>Thanks, **fixed**.</p>\n<p>See <a href="https://news.example/fix" rel="nofollow ugc noopener">the fix</a>.</p>',
    );
    expect(JSON.stringify(after.body)).not.toContain('@example.org');
    // Readers' comments carry no badge at all.
    expect(after.body.comments[0]).not.toHaveProperty('byModerator');

    expect(await auditOf({ id: reply.id })).toEqual([
      {
        id: expect.any(String),
        at: clock.now(),
        userId: world.newsModerator.user.id,
        action: 'reply',
        commentId: reply.id,
        site: 'news',
        from: null,
        to: 'approved',
        detail: { parentId: parent.id },
      },
    ]);
    expect(recorder.calls).toEqual([
      { event: 'onCreated', commentId: reply.id, status: 'approved' },
      { event: 'onStatusChanged', commentId: reply.id, status: 'approved', from: 'pending', to: 'approved' },
    ]);
    expect(await listJobs()).toEqual([]);
    expect(logLines.join('')).not.toContain(world.newsModerator.user.email);
  });

  it("signs the reply with the moderator's display name once they have one, still with the badge", async () => {
    const parent = await buildComment(world.news, { pageId: PAGE, author: 'Reader' });
    await setUserName(world.newsModerator.user.id, 'Ada, the editor');

    const res = await as(app, world.newsModerator).post(`/comments/${parent.id}/reply`, {
      content: 'Noted.',
    });

    expect(res.status).toBe(201);
    expect(res.body.comment).toMatchObject({ byModerator: true, author: { name: 'Ada, the editor' } });
    const thread = await readPublicThread(app, 'news');
    const reply = thread.body.comments[0].replies[0];
    expect(reply).toMatchObject({ byModerator: true, author: { name: 'Ada, the editor' } });
  });

  it('refuses a parent that is not approved with 409 parent_not_approved', async () => {
    for (const status of ['pending', 'spam', 'trash'] as const) {
      const parent = await buildComment(world.news, { pageId: PAGE, status });
      const res = await as(app, world.newsModerator).post(`/comments/${parent.id}/reply`, {
        content: 'Hello',
      });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('parent_not_approved');
    }
    expect(await CommentModel.countDocuments({ byModerator: true })).toBe(0);
  });

  it("respects the site's maxDepth", async () => {
    await updateSiteSetting('news', 'maxDepth', 2);
    const top = await buildComment(world.news, { pageId: PAGE });
    const second = await buildComment(world.news, { parent: top });

    await as(app, world.newsModerator).post(`/comments/${top.id}/reply`, { content: 'Fine' }).expect(201);
    const res = await as(app, world.newsModerator).post(`/comments/${second.id}/reply`, {
      content: 'Too deep',
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('too_deep');
    expect(await CommentModel.countDocuments({ parentId: second.id })).toBe(0);
  });

  it('refuses empty replies', async () => {
    const parent = await buildComment(world.news, { pageId: PAGE });
    for (const content of ['', '<script>x()</script>']) {
      const res = await as(app, world.newsModerator).post(`/comments/${parent.id}/reply`, { content });
      expect(res.status).toBe(422);
      expect(Object.keys(res.body.error.fields)).toEqual(['content']);
    }
  });

  it('a moderator reply can be moderated like any comment afterwards', async () => {
    const parent = await buildComment(world.news, { pageId: PAGE });
    const res = await as(app, world.newsModerator)
      .post(`/comments/${parent.id}/reply`, { content: 'Oops' })
      .expect(201);
    await as(app, world.admin).post(`/comments/${res.body.comment.id}/trash`).expect(200);
    expect((await findComment(res.body.comment.id))?.status).toBe('trash');
    expect(await pageState('news')).toMatchObject({ approvedCount: 1, approvedTopLevelCount: 1 });
  });
});
