// What the moderation audit log records of each action: the server writes it
// (src/audit/audit.model.ts) and the dashboard shows a comment's history from it.

export const AUDIT_ACTIONS = [
  'approve',
  'spam',
  'trash',
  'restore',
  'edit',
  'delete',
  'reply',
  // Readers' reports (src/reports): one received, dismissed by a moderator, the comment held
  // by the site's `reportsToHold`, or sent back to moderation by a moderator.
  'report',
  'dismiss_reports',
  'hold_reported',
  'send_back',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditDetail = Record<string, string | number | boolean | null>;

/** Changes to a site's block and trust lists (src/commenters/), audited beside comment acts. */
export const LIST_AUDIT_ACTIONS = ['block', 'unblock', 'trust', 'untrust'] as const;
export type ListAuditAction = (typeof LIST_AUDIT_ACTIONS)[number];

/** A commenter's data on request (src/privacy/): found for them, or erased (`mode` in the detail). */
export const PRIVACY_AUDIT_ACTIONS = ['privacy_export', 'privacy_erase'] as const;
export type PrivacyAuditAction = (typeof PRIVACY_AUDIT_ACTIONS)[number];
