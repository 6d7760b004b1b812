// What the moderation API tells other modules (notifications, webhooks) after it acts. A
// listener that fails is logged; the moderator's action stands.
import type { Comment, CommentStatus } from '../comments/store/comment.types';
import type { Logger } from '../logger';

export interface ModerationEvents {
  /** After every status change a moderator makes (a moderator's reply: pending -> approved). */
  onStatusChanged(comment: Comment, from: CommentStatus, to: CommentStatus): Promise<void>;
  /** After a moderator's reply is stored (it is already approved when this is called). */
  onCreated?(comment: Comment): Promise<void>;
}

export async function tellListener(log: Logger, event: string, commentId: string, call: () => unknown) {
  try {
    await call();
  } catch (error) {
    log.error({ event, commentId, reason: (error as Error).message }, 'moderation event listener failed');
  }
}
