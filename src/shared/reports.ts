// Readers' reports of approved comments: the reasons a reader picks from (the embed's form,
// the API's schema) and what the moderators' Reported tab is answered (the dashboard reads it).
import type { Card } from './moderationCard';

export const REPORT_REASONS = ['spam', 'abuse', 'off_topic', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

/** The longest note a reader may add to a report, in characters. */
export const MAX_REPORT_NOTE = 500;

/** An approved comment with open reports, as the Reported tab shows it (moderators only). */
export interface ReportedComment {
  comment: Card;
  reports: {
    /** Distinct readers who reported it since its reports were last dismissed. */
    count: number;
    reasons: Record<ReportReason, number>;
    /** The readers' notes, newest first. */
    notes: Array<{ reason: ReportReason; note: string; at: string }>;
    lastReportedAt: string;
  };
}
