// What a set of reports adds up to: counts by reason, for the audit, the Reported tab and the
// reason a held comment shows its moderators.
import type { Reason } from '../comments/store/comment.types';
import { REPORT_REASONS, type ReportReason } from '../shared/reports';
import type { Report } from './report.model';

export function tallyReasons(reports: Report[]): Record<ReportReason, number> {
  const counts = Object.fromEntries(REPORT_REASONS.map((reason) => [reason, 0])) as Record<
    ReportReason,
    number
  >;
  for (const report of reports) counts[report.reason] += 1;
  return counts;
}

/** `spam 2, abuse 1`: the reasons given, most frequent first. */
export function reasonsText(reports: Report[]): string {
  return Object.entries(tallyReasons(reports))
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, count]) => `${reason.replace('_', '-')} ${count}`)
    .join(', ');
}

/** The audit entry's detail: how many reports were closed, and for what. */
export function reportsDetail(reports: Report[]): Record<string, number> {
  return { reports: reports.length, ...tallyReasons(reports) };
}

/** The reason a comment sent back to moderation for its reports carries. */
export function reportedReason(reports: Report[], by: 'setting' | 'moderator'): Reason {
  const readers = `${reports.length} reader${reports.length === 1 ? '' : 's'}`;
  const why = reports.length > 0 ? ` (${reasonsText(reports)})` : '';
  const message =
    by === 'setting'
      ? `Held after ${readers} reported it${why}.`
      : `Sent back to moderation by a moderator; ${readers} had reported it${why}.`;
  return { code: 'reported', message };
}
