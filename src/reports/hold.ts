// Sending a reported comment back to moderation: by the site's `reportsToHold` (the worker's
// 'report-hold' job, one per report, counting the comment's open reports), or by a moderator
// (reportModeration.service.ts). Either way the status change goes through the comment store's
// ticketed change, so the public thread drops the comment, and is told to the comment events,
// so the audit records it; the reports it was sent back for are then closed.
//
// A job is idempotent: it counts again, and a comment that is no longer approved is not held
// twice. A worker that dies after the hold and before closing the reports leaves the job to the
// next worker (its lease runs out), which finds the comment held and closes them then.
import { createAuditListener, moderatorAct } from '../audit/audit.listener';
import type { Clock } from '../clock';
import { type CommentEvents, type CommentListener, createCommentEvents } from '../comments/events';
import { changeCommentStatus } from '../comments/store/changes';
import type { Comment } from '../comments/store/comment.types';
import { findComment } from '../comments/store/reads';
import type { Logger } from '../logger';
import { defineJobHandler, enqueueJob, type JobHandler } from '../queue';
import { findSite } from '../sites/site.model';
import { deleteReports, listCommentReports, type Report } from './report.model';
import { reportedReason, reportsDetail } from './tally';

export const REPORT_HOLD_JOB = 'report-hold';

interface HoldPayload {
  commentId: string;
}

/** Queues the count that may hold the comment, once per report (keyed by its audit entry). */
export async function enqueueHoldCheck(report: Report, now: Date): Promise<void> {
  await enqueueJob<HoldPayload>({
    type: REPORT_HOLD_JOB,
    key: `${REPORT_HOLD_JOB}:${report.auditId}`,
    payload: { commentId: report.commentId },
    now,
  });
}

/** The events the audit hears first, then `listener` (the notifier). */
export function reportEvents(log: Logger, listener?: CommentListener): CommentEvents {
  return createCommentEvents({
    log,
    listeners: [createAuditListener(), listener],
    failureMessage: 'report event listener failed',
  });
}

/**
 * Moves an approved comment back to pending with reason `reported`, tells the events as
 * `userId`'s act, and closes `reports`. Undefined when the comment is no longer approved (or
 * another change of it won the race): nothing is written then.
 */
export async function sendBackForReports(options: {
  commentId: string;
  reports: Report[];
  by: { userId: string; action: 'hold_reported' | 'send_back' };
  now: Date;
  events: CommentEvents;
}): Promise<Comment | undefined> {
  const { commentId, reports, by, now, events } = options;
  const reason = reportedReason(reports, by.action === 'hold_reported' ? 'setting' : 'moderator');
  const changed = await changeCommentStatus(commentId, 'approved', 'pending', now, { reasons: [reason] });
  if (!changed) return undefined;
  const act = moderatorAct(by.userId, by.action, now, reportsDetail(reports));
  await events.emit('statusChanged', changed, 'approved', 'pending', act);
  await deleteReports(reports);
  return changed;
}

function isHeldForReports(comment: Comment): boolean {
  return comment.status === 'pending' && comment.reasons.some((reason) => reason.code === 'reported');
}

export function createReportHoldHandler(deps: {
  clock: Clock;
  log: Logger;
  /** Told after the audit (the notifier). */
  hooks?: CommentListener;
}): JobHandler {
  const events = reportEvents(deps.log.child({ component: 'reports' }), deps.hooks);
  return defineJobHandler<HoldPayload>({
    type: REPORT_HOLD_JOB,
    async run({ commentId }, { log }) {
      const comment = await findComment(commentId);
      if (!comment) return 'skipped: the comment no longer exists';
      const reports = await listCommentReports(commentId);
      if (isHeldForReports(comment)) {
        // A worker died between the hold and closing its reports: close those it was held for.
        const closed = reports.filter((report) => report.at <= comment.updatedAt);
        await deleteReports(closed);
        return `already held; closed ${closed.length} reports`;
      }
      if (comment.status !== 'approved') return `skipped: the comment is ${comment.status}`;
      const threshold = (await findSite(comment.site))?.settings.reportsToHold ?? 0;
      if (threshold === 0) return 'skipped: the site does not hold reported comments';
      if (reports.length < threshold) return `${reports.length} of ${threshold} reports`;
      const now = deps.clock.now();
      const by = { userId: 'parley', action: 'hold_reported' } as const;
      const held = await sendBackForReports({ commentId, reports, by, now, events });
      if (!held) return 'skipped: the comment changed meanwhile';
      log.info({ commentId, reports: reports.length, threshold }, 'reported comment held');
      return `held after ${reports.length} reports`;
    },
  });
}
