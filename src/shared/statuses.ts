// Where a comment stands, and what a spam check can answer. The server stores these and the
// dashboard shows them, so both read them from here.

export const COMMENT_STATUSES = ['pending', 'approved', 'spam', 'trash'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

export const SPAM_CHECK_OUTCOMES = ['spam', 'ham', 'unavailable', 'invalid_key', 'skipped'] as const;
export type SpamCheckOutcome = (typeof SPAM_CHECK_OUTCOMES)[number];
