// What leaves the building about reports: to readers, only that a report was received; to
// moderators, the Reported tab's cards with the counts, reasons and notes. No reader key, IP
// or email is ever part of either.
import { presentCard } from '../moderation/moderation.presenter';
import type { ReportedComment } from '../shared/reports';
import type { ReportedView } from './reportModeration.service';
import { tallyReasons } from './tally';

/** The public answer, the same for a first report and a repeat. */
export function presentReceived(): { status: 'received' } {
  return { status: 'received' };
}

export function presentReported({ view, reports }: ReportedView): ReportedComment {
  return {
    comment: presentCard(view),
    reports: {
      count: reports.length,
      reasons: tallyReasons(reports),
      notes: reports.flatMap((report) =>
        report.note ? [{ reason: report.reason, note: report.note, at: report.at.toISOString() }] : [],
      ),
      lastReportedAt: (reports[0]?.at ?? view.comment.updatedAt).toISOString(),
    },
  };
}
