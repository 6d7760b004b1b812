// The moderators' side of readers' reports: the Reported tab (approved comments with open
// reports, newest report first) and its two actions, dismissing the reports (the comment stays
// approved) and sending the comment back to moderation. A moderation path: queries are fine.
import { insertAuditEntry } from '../audit/audit.model';
import type { AuthUser } from '../auth';
import type { Clock } from '../clock';
import type { CommentListener } from '../comments/events';
import { findModeratedComment } from '../comments/store/moderation';
import { findComment } from '../comments/store/reads';
import { errors } from '../errors';
import type { Logger } from '../logger';
import { assertCanModerate, moderationErrors, siteScope } from '../moderation/access';
import { createViewBuilder, type ModerationView } from '../moderation/views';
import type { EmailVault } from '../privacy/emailVault';
import { reportEvents, sendBackForReports } from './hold';
import { deleteReports, listCommentReports, listRecentReports, type Report } from './report.model';
import { reportsDetail } from './tally';

/** Reported comments one listing shows at most, most recently reported first. */
export const MAX_REPORTED_LISTED = 50;
/** Recent reports read to find them. */
const RECENT_REPORTS_READ = 1000;

export interface ReportedView {
  view: ModerationView;
  reports: Report[];
}

const reportErrors = {
  notApproved: () =>
    errors.conflict('not_approved', 'Only an approved comment can be sent back for its reports.'),
  statusChanged: () =>
    errors.conflict(
      'status_changed',
      'The comment changed while you were acting on it. Reload it and try again.',
    ),
};

export function createReportModeration(deps: {
  vault: EmailVault;
  clock: Clock;
  log: Logger;
  /** Told after the audit (the notifier). */
  events?: CommentListener;
}) {
  const log = deps.log.child({ component: 'reports' });
  const views = createViewBuilder({ vault: deps.vault, log });
  const events = reportEvents(log, deps.events);

  async function listReported(user: AuthUser, site?: string): Promise<ReportedView[]> {
    const sites = siteScope(user, site);
    if (sites?.length === 0) return [];
    const recent = await listRecentReports(sites, RECENT_REPORTS_READ);
    const commentIds = [...new Set(recent.map((report) => report.commentId))];
    const found: ReportedView[] = [];
    for (const id of commentIds) {
      if (found.length === MAX_REPORTED_LISTED) break;
      const moderated = await findModeratedComment(id);
      // Held, trashed or deleted meanwhile: its reports wait, out of this tab.
      if (moderated?.comment.status !== 'approved') continue;
      const [view] = await views.buildViews([moderated]);
      if (view) found.push({ view, reports: await listCommentReports(id) });
    }
    return found;
  }

  async function loadReported(user: AuthUser, id: string) {
    const comment = await findComment(id);
    if (!comment) throw moderationErrors.notFound();
    assertCanModerate(user, comment.site);
    return { comment, reports: await listCommentReports(id) };
  }

  /** Closes the comment's open reports; it stays as it is. Later reports count afresh. */
  async function dismissReports(user: AuthUser, id: string): Promise<number> {
    const { comment, reports } = await loadReported(user, id);
    if (reports.length === 0) return 0;
    const now = deps.clock.now();
    // The entry first: a process that dies before the delete leaves the reports to dismiss again.
    await insertAuditEntry({
      at: now,
      userId: user.id,
      action: 'dismiss_reports',
      commentId: comment.id,
      site: comment.site,
      from: comment.status,
      to: comment.status,
      detail: reportsDetail(reports),
    });
    await deleteReports(reports);
    log.info({ commentId: id, userId: user.id, reports: reports.length }, 'reports dismissed');
    return reports.length;
  }

  /** Back to pending with reason `reported`; its reports are closed with it. */
  async function sendBack(user: AuthUser, id: string): Promise<ModerationView> {
    const { comment, reports } = await loadReported(user, id);
    if (comment.status !== 'approved') throw reportErrors.notApproved();
    const by = { userId: user.id, action: 'send_back' } as const;
    const now = deps.clock.now();
    const changed = await sendBackForReports({ commentId: id, reports, by, now, events });
    if (!changed) throw reportErrors.statusChanged();
    log.info({ commentId: id, userId: user.id, reports: reports.length }, 'reported comment sent back');
    const view = await views.loadView(id);
    if (!view) throw moderationErrors.notFound();
    return view;
  }

  return { listReported, dismissReports, sendBack };
}

export type ReportModeration = ReturnType<typeof createReportModeration>;
