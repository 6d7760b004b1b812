// The moderation state machine: which status each action leads to, from which statuses it
// may be taken, and when a change of verdict teaches Akismet something.
import type { CommentStatus } from '../comments/store/comment.types';

export const STATUS_ACTIONS = ['approve', 'spam', 'trash', 'restore'] as const;
export type StatusAction = (typeof STATUS_ACTIONS)[number];

/**
 * Every action moves a comment to one status, and only from another status (never to the
 * one it is in):
 *   approve: pending | spam | trash   -> approved  (publishes it)
 *   spam:    pending | approved | trash -> spam
 *   trash:   pending | approved | spam  -> trash
 *   restore: spam | trash             -> pending   (back to the queue; an approved comment
 *                                                  leaves the thread with spam or trash)
 */
export const TRANSITIONS: Record<StatusAction, { to: CommentStatus; from: readonly CommentStatus[] }> = {
  approve: { to: 'approved', from: ['pending', 'spam', 'trash'] },
  spam: { to: 'spam', from: ['pending', 'approved', 'trash'] },
  trash: { to: 'trash', from: ['pending', 'approved', 'spam'] },
  restore: { to: 'pending', from: ['spam', 'trash'] },
};

/** The status `action` leads to from `from`, or undefined when it may not be taken. */
export function targetStatus(action: StatusAction, from: CommentStatus): CommentStatus | undefined {
  const transition = TRANSITIONS[action];
  return transition.from.includes(from) ? transition.to : undefined;
}

/**
 * What Akismet should learn from a moderator's change, as the WordPress Akismet plugin
 * decides it: pending or approved marked spam is a spam Akismet missed (submit-spam); spam
 * approved or put back in the queue is a false positive (submit-ham). Trash says "not
 * wanted here", not "spam" or "not spam", so moving into or out of it teaches nothing.
 */
export function akismetFeedbackFor(from: CommentStatus, to: CommentStatus): 'spam' | 'ham' | undefined {
  const isVerdict = (status: CommentStatus) => status !== 'trash';
  if (!isVerdict(from) || !isVerdict(to)) return undefined;
  if (from !== 'spam' && to === 'spam') return 'spam';
  if (from === 'spam' && to !== 'spam') return 'ham';
  return undefined;
}
