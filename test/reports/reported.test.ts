// The moderators' Reported tab: GET /api/v1/moderation/reports and its two actions, dismiss
// and send-back. Guarded like the rest of the moderation API (401, CSRF, the caller's sites).
import request from 'supertest';
import { listCommentAudit } from '../../src/audit/audit.model';
import { findComment } from '../../src/comments/store/reads';
import { listCommentReports } from '../../src/reports/report.model';
import { logIn } from '../auth/helpers';
import { useTestDatabase } from '../helpers/db';
import { buildComment } from '../helpers/factories';
import { as, buildWorld, PAGE, readPublicThread } from '../moderation/helpers';
import { buildReportApp } from './helpers';

useTestDatabase();

const NOTE = 'Insults the author in the second line.';

async function reportedWorld() {
  const built = buildReportApp();
  const world = await buildWorld();
  const comment = await buildComment(world.news, { pageId: PAGE });
  const quiet = await buildComment(world.news, { pageId: PAGE });
  const blogComment = await buildComment(world.blog, { pageId: PAGE });
  await built.report('news', comment.id, { reason: 'abuse', note: NOTE }, { ip: '192.0.2.1' }).expect(202);
  built.clock.advance(1000);
  await built.report('news', comment.id, { reason: 'spam' }, { ip: '192.0.2.2' }).expect(202);
  await built.report('blog', blogComment.id, { reason: 'other' }, { ip: '192.0.2.3' }).expect(202);
  return { ...built, ...world, comment, quiet, blogComment };
}

it('lists reported comments of the caller’s sites with counts, reasons and notes, to moderators only', async () => {
  const { app, newsModerator, admin, comment, blogComment } = await reportedWorld();
  await request(app).get('/api/v1/moderation/reports').expect(401);
  const forbidden = await as(app, newsModerator).get('/reports?site=blog').expect(403);
  expect(forbidden.body.error.code).toBe('forbidden_site');

  const mine = await as(app, newsModerator).get('/reports').expect(200);
  expect(mine.headers['cache-control']).toBe('private, no-store');
  expect(mine.body.comments).toHaveLength(1);
  const [card] = mine.body.comments;
  expect(card.comment).toMatchObject({ id: comment.id, status: 'approved', site: 'news' });
  expect(card.reports).toMatchObject({
    count: 2,
    reasons: { spam: 1, abuse: 1, off_topic: 0, other: 0 },
    notes: [{ reason: 'abuse', note: NOTE }],
  });
  // The reporters are nowhere: no IP of theirs, no reader key.
  expect(JSON.stringify(mine.body)).not.toMatch(/192\.0\.2\.[12]\b/);

  const all = await as(app, admin).get('/reports').expect(200);
  expect(all.body.comments.map((item: { comment: { id: string } }) => item.comment.id).sort()).toEqual(
    [comment.id, blogComment.id].sort(),
  );
  // The public thread carries no note.
  expect(JSON.stringify((await readPublicThread(app, 'news')).body)).not.toContain(NOTE);
});

it('dismisses reports: the comment stays approved, the act is audited, and later reports count afresh', async () => {
  const { app, report, newsModerator, blogModerator, comment } = await reportedWorld();
  await request(app).post(`/api/v1/moderation/reports/${comment.id}/dismiss`).expect(401);
  const refused = await as(app, blogModerator).post(`/reports/${comment.id}/dismiss`).expect(403);
  expect(refused.body.error.code).toBe('forbidden_site');
  await as(app, newsModerator).post('/reports/0123456789abcdef01234567/dismiss').expect(404);
  await as(app, newsModerator).post('/reports/not-an-id/dismiss').expect(422);

  const res = await as(app, newsModerator).post(`/reports/${comment.id}/dismiss`).expect(200);
  expect(res.body).toEqual({ dismissed: 2 });
  expect((await findComment(comment.id))?.status).toBe('approved');
  expect(await listCommentReports(comment.id)).toEqual([]);
  expect((await as(app, newsModerator).get('/reports').expect(200)).body.comments).toEqual([]);
  const audit = await listCommentAudit(comment.id);
  expect(audit.at(-1)).toMatchObject({
    action: 'dismiss_reports',
    userId: newsModerator.user.id,
    from: 'approved',
    to: 'approved',
    detail: { reports: 2, spam: 1, abuse: 1, off_topic: 0, other: 0 },
  });
  // Again: nothing left to dismiss, nothing audited.
  expect((await as(app, newsModerator).post(`/reports/${comment.id}/dismiss`).expect(200)).body).toEqual({
    dismissed: 0,
  });
  expect(await listCommentAudit(comment.id)).toHaveLength(audit.length);
  // The same reader reports again: it counts.
  await report('news', comment.id, { reason: 'spam' }, { ip: '192.0.2.1' }).expect(202);
  expect(await listCommentReports(comment.id)).toHaveLength(1);
});

it('sends a comment back to moderation: pending with reason reported, off the public thread, audited', async () => {
  const { app, newsModerator, blogModerator, comment, quiet } = await reportedWorld();
  await request(app).post(`/api/v1/moderation/reports/${comment.id}/send-back`).expect(401);
  await as(app, blogModerator).post(`/reports/${comment.id}/send-back`).expect(403);
  await as(app, newsModerator).post('/reports/0123456789abcdef01234567/send-back').expect(404);

  const res = await as(app, newsModerator).post(`/reports/${comment.id}/send-back`).expect(200);
  expect(res.body.comment).toMatchObject({
    id: comment.id,
    status: 'pending',
    reasons: [
      {
        code: 'reported',
        message: 'Sent back to moderation by a moderator; 2 readers had reported it (spam 1, abuse 1).',
      },
    ],
  });
  const thread = await readPublicThread(app, 'news');
  expect(thread.body.comments.map((shown: { id: string }) => shown.id)).toEqual([quiet.id]);
  expect(await listCommentReports(comment.id)).toEqual([]);
  expect((await listCommentAudit(comment.id)).at(-1)).toMatchObject({
    action: 'send_back',
    userId: newsModerator.user.id,
    from: 'approved',
    to: 'pending',
    detail: { reports: 2 },
  });
  // It is in the Pending tab now, and can no longer be sent back.
  const pending = await as(app, newsModerator).get('/comments?status=pending').expect(200);
  expect(pending.body.comments.map((card: { id: string }) => card.id)).toContain(comment.id);
  const again = await as(app, newsModerator).post(`/reports/${comment.id}/send-back`).expect(409);
  expect(again.body.error.code).toBe('not_approved');
});

it('refuses a cookie session’s write without its CSRF token', async () => {
  const { app, newsModerator, comment } = await reportedWorld();
  const session = await logIn(app, newsModerator.user.email);
  const bare = await request(app)
    .post(`/api/v1/moderation/reports/${comment.id}/dismiss`)
    .set('Cookie', session.cookie)
    .expect(403);
  expect(bare.body.error.code).toBe('csrf_failed');
  await request(app)
    .post(`/api/v1/moderation/reports/${comment.id}/dismiss`)
    .set('Cookie', session.cookie)
    .set('X-CSRF-Token', session.csrfToken)
    .expect(200);
  await request(app).get('/api/v1/moderation/reports').set('Cookie', session.cookie).expect(200);
});
