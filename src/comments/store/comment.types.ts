// The plain shapes the comment store hands out and takes in. No Mongoose here: every folder
// may import these, while only src/comments/store touches the model itself.
import {
  COMMENT_STATUSES,
  type CommentStatus,
  SPAM_CHECK_OUTCOMES,
  type SpamCheckOutcome,
} from '../../shared/statuses';

export { COMMENT_STATUSES, type CommentStatus, SPAM_CHECK_OUTCOMES, type SpamCheckOutcome };

export interface Reason {
  code: string;
  message: string;
}

export interface Comment {
  id: string;
  site: string;
  pageId: string;
  parentId: string | null;
  ancestorIds: string[];
  threadId: string;
  depth: number;
  author: string;
  authorUrl?: string;
  avatarSeed: string;
  /** Gravatar's hash of the email; shown only where a site turns Gravatar on. */
  gravatarHash?: string;
  content: string;
  status: CommentStatus;
  reasons: Reason[];
  notifyReplies: boolean;
  /** Written by a moderator through the moderation API (shown with a badge); absent otherwise. */
  byModerator?: boolean;
  /** When its author last edited it (shown as "edited"); absent when never edited by its author. */
  editedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

/** An earlier text of a comment, kept for moderators when it is edited: never public. */
export interface CommentVersion {
  content: string;
  /** When this text was written (the comment's creation, or the edit that wrote it). */
  writtenAt: Date;
  /** When an edit replaced it. */
  replacedAt: Date;
  /** Who replaced it: the comment's author (with their token) or a moderator. */
  by: 'author' | 'moderator';
}

/** One try at checking a comment: when it ran, what it returned and how long it took. */
export interface SpamCheckAttempt {
  at: Date;
  outcome: SpamCheckOutcome;
  durationMs: number;
  detail?: string;
  /** The status this attempt decided on, when it decided one. */
  verdict?: 'pending' | 'approved' | 'spam';
}

/**
 * A comment's spam-check history: 'due' while its check waits in the spam-check queue
 * (src/comments/store/spamChecks.ts holds the queue), 'done' once it decided or was closed.
 */
export interface SpamCheck {
  state: 'due' | 'done';
  dueAt: Date;
  attempts: SpamCheckAttempt[];
  attemptCount: number;
  firstQueuedAt: Date;
  finishedAt?: Date;
  /**
   * Which check of the comment this is: 0 for its post's, one more for each author edit. A
   * result for an earlier round is never stored (the text it judged was replaced).
   */
  round?: number;
}

/** The spam-check history a new pending comment is stored with. */
export function queuedSpamCheck(now: Date): SpamCheck {
  return { state: 'due', dueAt: now, attempts: [], attemptCount: 0, firstQueuedAt: now };
}

export interface PrivateCommentData {
  emailSealed?: string;
  emailHash?: string;
  gravatarHash?: string;
  rawContent: string;
  request: { ip?: string; userAgent?: string; referrer?: string };
}

export function isObjectId(id: string): boolean {
  return /^[0-9a-f]{24}$/i.test(id);
}

export interface NewComment extends PrivateCommentData {
  id?: string;
  site: string;
  pageId: string;
  parent?: Pick<Comment, 'id' | 'ancestorIds' | 'threadId' | 'depth'>;
  author: string;
  authorUrl?: string;
  avatarSeed: string;
  content: string;
  status: CommentStatus;
  reasons: Reason[];
  notifyReplies: boolean;
  byModerator?: boolean;
  /** Absent for comments no reader holds a token for (moderators' replies). */
  authorTokenHash?: string;
  duplicateGuard?: string;
  /** Set for every new pending comment: queues its spam check in the same write. */
  spamCheck?: SpamCheck;
  createdAt: Date;
}
