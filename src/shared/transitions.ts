// The moderation state machine's table: which status each action leads to, and from which
// statuses it may be taken. The server enforces it (src/moderation/transitions.ts); the
// dashboard offers only the actions it allows.
import type { CommentStatus } from './statuses';

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
