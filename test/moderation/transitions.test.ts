// The moderation state machine through the API: every action from every status, what is
// stored, the audit entry, the Akismet feedback job, the page's public thread (counts and
// ETag), and the events listener.
import { COMMENT_STATUSES, type CommentStatus } from '../../src/comments/store/comment.types';
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
  recordingEvents,
  type World,
} from './helpers';

useTestDatabase();

const recorder = recordingEvents();
const { app, clock, logLines } = buildModerationApp({ events: recorder.events });

// Written out by hand, not derived from the code under test.
const ALLOWED: Record<string, CommentStatus> = {
  'approve:pending': 'approved',
  'approve:spam': 'approved',
  'approve:trash': 'approved',
  'spam:pending': 'spam',
  'spam:approved': 'spam',
  'spam:trash': 'spam',
  'trash:pending': 'trash',
  'trash:approved': 'trash',
  'trash:spam': 'trash',
  'restore:spam': 'pending',
  'restore:trash': 'pending',
};
// Only a change between "spam" and a not-spam verdict (pending, approved) teaches Akismet.
const FEEDBACK: Record<string, 'spam' | 'ham'> = {
  'pending>spam': 'spam',
  'approved>spam': 'spam',
  'spam>approved': 'ham',
  'spam>pending': 'ham',
};

const ACTIONS = ['approve', 'spam', 'trash', 'restore'] as const;
const CASES = ACTIONS.flatMap((action) =>
  COMMENT_STATUSES.map((from) => ({ action, from, to: ALLOWED[`${action}:${from}`] })),
);

let world: World;

beforeEach(async () => {
  world = await buildWorld();
  recorder.calls.length = 0;
  recorder.state.failing = false;
});

describe('status actions', () => {
  it.each(CASES.filter((c) => c.to))(
    '$action from $from moves the comment to $to',
    async ({ action, from, to }) => {
      await buildComment(world.news, { pageId: PAGE }); // another approved comment on the page
      const target = await buildComment(world.news, { pageId: PAGE, status: from });
      const before = await readPublicThread(app, 'news');
      const pageBefore = await pageState('news');

      const res = await as(app, world.newsModerator).post(`/comments/${target.id}/${action}`);

      expect(res.status).toBe(200);
      expect(res.body.comment).toMatchObject({ id: target.id, status: to });
      expect((await findComment(target.id))?.status).toBe(to);

      // The audit entry: who, what, when, from which status to which.
      expect(await auditOf(target)).toEqual([
        {
          id: expect.any(String),
          at: clock.now(),
          userId: world.newsModerator.user.id,
          action,
          commentId: target.id,
          site: 'news',
          from,
          to,
        },
      ]);
      const [entry] = await auditOf(target);

      // Akismet learns about changed verdicts, keyed by the audit entry of the action.
      const verdict = FEEDBACK[`${from}>${to}`];
      const jobs = await listJobs({ type: 'akismet-feedback' });
      expect(jobs.map((job) => ({ key: job.key, payload: job.payload }))).toEqual(
        verdict
          ? [
              {
                key: `akismet-feedback:${target.id}:${verdict}:${entry?.id}`,
                payload: { commentId: target.id, verdict },
              },
            ]
          : [],
      );

      // The public thread changes only when the comment enters or leaves it.
      const after = await readPublicThread(app, 'news');
      const pageAfter = await pageState('news');
      const delta = (to === 'approved' ? 1 : 0) - (from === 'approved' ? 1 : 0);
      expect(after.total).toBe(before.total + delta);
      expect(after.topLevelTotal).toBe(before.topLevelTotal + delta);
      expect(pageAfter.approvedCount).toBe((pageBefore.approvedCount ?? 0) + delta);
      if (delta === 0) {
        expect(after.etag).toBe(before.etag);
        expect(pageAfter.version).toBe(pageBefore.version);
      } else {
        expect(after.etag).not.toBe(before.etag);
      }

      expect(recorder.calls).toEqual([
        { event: 'onStatusChanged', commentId: target.id, status: to, from, to },
      ]);
    },
  );

  it.each(CASES.filter((c) => !c.to))(
    '$action from $from is refused with 409 invalid_transition',
    async ({ action, from }) => {
      const target = await buildComment(world.news, { pageId: PAGE, status: from });
      const before = await readPublicThread(app, 'news');

      const res = await as(app, world.newsModerator).post(`/comments/${target.id}/${action}`);

      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('invalid_transition');
      expect((await findComment(target.id))?.status).toBe(from);
      expect(await auditOf(target)).toEqual([]);
      expect(await listJobs()).toEqual([]);
      expect((await readPublicThread(app, 'news')).etag).toBe(before.etag);
      expect(recorder.calls).toEqual([]);
    },
  );

  it('a reply leaving the thread changes the total but not the top-level count', async () => {
    const parent = await buildComment(world.news, { pageId: PAGE });
    const reply = await buildComment(world.news, { parent });
    const before = await readPublicThread(app, 'news');
    await as(app, world.newsModerator).post(`/comments/${reply.id}/trash`).expect(200);
    const after = await readPublicThread(app, 'news');
    expect([after.total, after.topLevelTotal]).toEqual([before.total - 1, before.topLevelTotal]);
    expect(after.body.comments[0].replies).toEqual([]);
  });

  it('answers 404 for a comment that does not exist, and 422 for an id that is not one', async () => {
    const missing = await as(app, world.admin).post('/comments/0123456789abcdef01234567/approve');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('comment_not_found');
    const bad = await as(app, world.admin).post('/comments/not-an-id/approve');
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields).toEqual({ id: 'Not a comment id.' });
  });

  it('moderators acting at once on one comment: one wins, the others are told, counts stay right', async () => {
    const target = await buildComment(world.news, { pageId: PAGE, status: 'pending' });
    const actors = [world.newsModerator, world.admin, world.newsModerator, world.admin, world.newsModerator];
    const answers = await Promise.all(
      actors.map((actor) => as(app, actor).post(`/comments/${target.id}/spam`)),
    );

    expect(answers.filter((res) => res.status === 200)).toHaveLength(1);
    for (const res of answers.filter((answer) => answer.status !== 200)) {
      expect(res.status).toBe(409);
      expect(['status_changed', 'invalid_transition']).toContain(res.body.error.code);
    }
    expect((await findComment(target.id))?.status).toBe('spam');
    expect(await auditOf(target)).toHaveLength(1);
    expect(await listJobs({ type: 'akismet-feedback' })).toHaveLength(1);
    expect(recorder.calls).toHaveLength(1);
  });

  it('approvals at once count the comment once on its page', async () => {
    const target = await buildComment(world.news, { pageId: PAGE, status: 'pending' });
    const answers = await Promise.all(
      [1, 2, 3, 4].map(() => as(app, world.newsModerator).post(`/comments/${target.id}/approve`)),
    );
    expect(answers.map((res) => res.status).sort()).toEqual([200, 409, 409, 409]);
    expect(await pageState('news')).toMatchObject({ approvedCount: 1, approvedTopLevelCount: 1 });
    expect((await readPublicThread(app, 'news')).total).toBe(1);
  });

  it('a listener that fails is logged, and the action stands', async () => {
    recorder.state.failing = true;
    const target = await buildComment(world.news, { pageId: PAGE, status: 'pending' });
    const res = await as(app, world.newsModerator).post(`/comments/${target.id}/approve`);
    expect(res.status).toBe(200);
    expect((await findComment(target.id))?.status).toBe('approved');
    expect(recorder.calls).toHaveLength(1);
    const failure = logLines
      .map((line) => JSON.parse(line))
      .find((line) => line.msg === 'moderation event listener failed');
    expect(failure).toMatchObject({
      event: 'onStatusChanged',
      commentId: target.id,
      reason: 'listener is down',
    });
  });

  it('a moderator reply marked spam sends nothing to Akismet (there is no commenter to report)', async () => {
    const parent = await buildComment(world.news, { pageId: PAGE });
    const reply = await as(app, world.newsModerator)
      .post(`/comments/${parent.id}/reply`, { content: 'Official answer.' })
      .expect(201);
    await as(app, world.admin).post(`/comments/${reply.body.comment.id}/spam`).expect(200);
    expect(await listJobs({ type: 'akismet-feedback' })).toEqual([]);
  });
});
