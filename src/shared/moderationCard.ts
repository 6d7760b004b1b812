// What the moderation API answers about comments, as src/moderation/moderation.presenter.ts
// builds it and the dashboard reads it. Moderators see private data (email, IP, request
// details), so these shapes are only ever answered behind requireUser.
import type { AuditAction, AuditDetail } from './audit';
import type { CommentStatus, SpamCheckOutcome } from './statuses';

/** A card in the moderation queue: enough to decide on the comment. */
export interface Card {
  id: string;
  site: string;
  pageId: string;
  page: { url: string | null; title: string | null };
  parentId: string | null;
  parent: { id: string; author: string; excerpt: string; status: CommentStatus; byModerator: boolean } | null;
  depth: number;
  author: { name: string; email: string | null; url: string | null };
  ip: string | null;
  /** Sanitised by the server: the HTML readers are shown. */
  content: string;
  status: CommentStatus;
  reasons: Array<{ code: string; message: string }>;
  byModerator: boolean;
  spamCheck: {
    state: 'due' | 'done';
    dueAt: string | null;
    attemptCount: number;
    lastAttempt: { at: string; outcome: SpamCheckOutcome; detail: string | null } | null;
  } | null;
  createdAt: string;
  updatedAt: string;
}

/** Every try at checking a comment for spam. */
export interface SpamCheckHistory {
  state: 'due' | 'done';
  dueAt: string | null;
  firstQueuedAt: string | null;
  finishedAt: string | null;
  attemptCount: number;
  attempts: Array<{
    at: string;
    outcome: SpamCheckOutcome;
    durationMs: number;
    detail: string | null;
    verdict: 'pending' | 'approved' | 'spam' | null;
  }>;
}

/** One line of a comment's moderation history. */
export interface AuditLine {
  id: string;
  at: string;
  userId: string;
  action: AuditAction;
  /** Null when the comment did not exist yet (a reply). */
  from: CommentStatus | null;
  /** Null when the comment no longer exists (a delete). */
  to: CommentStatus | null;
  detail: AuditDetail | null;
}

/** An earlier text of a comment, replaced by an edit of its author or a moderator. */
export interface EarlierVersion {
  /** Sanitised HTML, as readers were shown it. */
  content: string;
  writtenAt: string;
  replacedAt: string;
  by: 'author' | 'moderator';
}

/** One comment with everything known about it. */
export interface CommentDetail {
  comment: Card & {
    userAgent: string | null;
    referrer: string | null;
    rawContent: string;
    notifyReplies: boolean;
    replyCount: number;
    /** When its author last edited it; null if never. */
    editedAt: string | null;
  };
  spamCheck: SpamCheckHistory | null;
  audit: AuditLine[];
  /** Its earlier texts, oldest first. */
  history: EarlierVersion[];
}

export type StatusCounts = Record<CommentStatus, number>;

/** The outcome of a bulk action for one comment. */
export interface BulkResult {
  id: string;
  ok: boolean;
  /** The comment's status after the action; null once deleted. */
  status?: CommentStatus | null;
  error?: { code: string; message: string };
}
