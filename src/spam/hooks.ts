// What other modules (notifications, webhooks, metrics) can hang on the spam check.
import type { Comment, CommentStatus } from '../comments/store/comment.types';

/**
 * Called by the worker once a spam check has decided, and awaited before the check is
 * marked done. If the worker dies before that, the next worker to take the check calls
 * the hook again, so delivery is at least once: act through enqueueJob with a key naming
 * the event (e.g. `email:queued:<commentId>`), which also makes the act durable.
 * A hook that throws is logged and does not undo the verdict.
 */
export interface SpamCheckHooks {
  /** The check finished and the comment waits for a moderator (still pending; never spam). */
  onQueued?(comment: Comment): void | Promise<void>;
  /** The check moved the comment: pending → spam, or pending → approved. */
  onStatusChanged?(comment: Comment, from: CommentStatus, to: CommentStatus): void | Promise<void>;
}
