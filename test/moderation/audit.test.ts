// The audit is a listener of the comment events (src/audit/audit.listener.ts), told before the
// notifier and held to the one error policy: a listener that throws, the audit included, is
// logged, and the moderator's action stands.
import { createAuditListener, moderatorAct } from '../../src/audit/audit.listener';
import { AuditModel, insertAuditEntry } from '../../src/audit/audit.model';
import { type CommentListener, createCommentEvents } from '../../src/comments/events';
import type { Comment } from '../../src/comments/store/comment.types';
import { findComment } from '../../src/comments/store/reads';
import { listJobs } from '../../src/queue';
import { useTestDatabase } from '../helpers/db';
import { buildComment } from '../helpers/factories';
import { as, auditOf, buildModerationApp, buildWorld, PAGE, type World } from './helpers';

useTestDatabase();

const FAILED = 'moderation event listener failed';
/** How many audit entries the comment had when the listener after the audit was told. */
const seen: number[] = [];
const state = { failing: false };
const after: CommentListener = {
  async onStatusChanged(comment) {
    seen.push((await auditOf(comment)).length);
    if (state.failing) throw new Error('notifier is down');
  },
};
const { app, clock, log, logLines } = buildModerationApp({ events: after });

function failures() {
  return logLines.map((line) => JSON.parse(line)).filter((line) => line.msg === FAILED);
}

let world: World;
let target: Comment;

beforeEach(async () => {
  world = await buildWorld();
  target = await buildComment(world.news, { pageId: PAGE, status: 'pending' });
  seen.length = 0;
  state.failing = false;
  logLines.length = 0;
});

describe('the audit as a comment-events listener', () => {
  it('writes its entry before the next listener, which may fail without costing the action', async () => {
    state.failing = true;
    const res = await as(app, world.newsModerator).post(`/comments/${target.id}/spam`);

    expect(res.status).toBe(200);
    expect((await findComment(target.id))?.status).toBe('spam');
    const entries = await auditOf(target);
    expect(entries).toEqual([
      expect.objectContaining({ action: 'spam', from: 'pending', to: 'spam', at: clock.now() }),
    ]);
    expect(seen).toEqual([1]);
    expect(failures()).toEqual([
      expect.objectContaining({ event: 'onStatusChanged', commentId: target.id, reason: 'notifier is down' }),
    ]);
    const jobs = await listJobs({ type: 'akismet-feedback' });
    expect(jobs.map((job) => job.key)).toEqual([`akismet-feedback:${target.id}:spam:${entries[0]?.id}`]);
  });

  it('an audit insert that fails is logged; the action answers 200 and the notifier is still told', async () => {
    // A unique index on commentId makes the spam action's entry clash with one already there.
    const earlier = await insertAuditEntry({
      at: clock.now(),
      userId: world.admin.user.id,
      action: 'restore',
      commentId: target.id,
      site: 'news',
      from: 'trash',
      to: 'pending',
    });
    await AuditModel.collection.createIndex({ commentId: 1 }, { unique: true, name: 'clash' });
    try {
      const res = await as(app, world.newsModerator).post(`/comments/${target.id}/spam`);

      expect(res.status).toBe(200);
      expect((await findComment(target.id))?.status).toBe('spam');
      expect(await auditOf(target)).toEqual([earlier]);
      expect(seen).toEqual([1]);
      const [failure] = failures();
      expect(failure).toMatchObject({ event: 'onStatusChanged', commentId: target.id });
      expect(failure.reason).toMatch(/duplicate key/i);
      // The feedback is still keyed by the id the action chose for its entry.
      const jobs = await listJobs({ type: 'akismet-feedback' });
      expect(jobs).toHaveLength(1);
      expect(jobs[0]?.key).toMatch(new RegExp(`^akismet-feedback:${target.id}:spam:[0-9a-f]{24}$`));
      expect(jobs[0]?.key).not.toContain(earlier.id);
    } finally {
      await AuditModel.collection.dropIndex('clash');
    }
  });

  it('records acts only, under their chosen id, even told after a listener that throws', async () => {
    const throwing: CommentListener = {
      onStatusChanged: () => {
        throw new Error('first listener is down');
      },
    };
    const events = createCommentEvents({
      log,
      listeners: [throwing, createAuditListener()],
      failureMessage: FAILED,
    });
    // The spam checker's verdicts carry no act: nothing is audited.
    await events.emit('statusChanged', target, 'pending', 'approved');
    expect(await auditOf(target)).toEqual([]);

    const act = moderatorAct(world.newsModerator.user.id, 'approve', clock.now(), { bulk: true });
    await events.emit('statusChanged', target, 'pending', 'approved', act);
    expect(await auditOf(target)).toEqual([
      {
        id: act.auditId,
        at: clock.now(),
        userId: world.newsModerator.user.id,
        action: 'approve',
        commentId: target.id,
        site: 'news',
        from: 'pending',
        to: 'approved',
        detail: { bulk: true },
      },
    ]);
    expect(failures().map((line) => line.reason)).toEqual([
      'first listener is down',
      'first listener is down',
    ]);
  });
});
