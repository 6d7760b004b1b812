// What Parley sends about each comment event the notifier hears (src/comments/events.ts):
// which emails, which webhook events. Pure, so the rules read in one place.
import type { CommentStatus } from '../comments/store/comment.types';
import type { WebhookEvent } from '../sites/site.schema';

/**
 * The one job a notifier listener enqueues ('notify'); its handler fans out into email and
 * webhook jobs. Ids only: the handlers read what they need when they run.
 *   queued  - the spam check finished and the comment waits for a moderator;
 *   created - a moderator's reply was stored;
 *   status  - a comment moved from `from` to `to` (spam check or moderator).
 */
export interface NotifyPayload {
  commentId: string;
  trigger: 'queued' | 'created' | 'status';
  from?: CommentStatus;
  to: CommentStatus;
  /** When it happened: the comment's updatedAt at the change (ISO). */
  occurredAt: string;
}

export interface NotificationPlan {
  /** Email the site's moderators: the comment entered the moderation queue. */
  emailModerators: boolean;
  /** Email the parent comment's author, if they asked for it: a reply was approved. */
  emailParentAuthor: boolean;
  webhookEvents: WebhookEvent[];
}

/**
 * comment.created is sent once per comment (its job key has no time in it), the first time
 * the comment enters the moderation queue or the public thread: after its spam check
 * decided, not when the request stored it, so bots caught as spam never announce
 * themselves as new comments. The comment insert is the durable record until then.
 */
export function planNotifications(payload: Pick<NotifyPayload, 'trigger' | 'to'>): NotificationPlan {
  const { trigger, to } = payload;
  if (trigger === 'queued')
    return { emailModerators: true, emailParentAuthor: false, webhookEvents: ['comment.created'] };
  const isApproved = to === 'approved';
  const webhookEvents: WebhookEvent[] = [];
  if (trigger === 'created' || to === 'approved' || to === 'pending') webhookEvents.push('comment.created');
  if (isApproved) webhookEvents.push('comment.approved');
  if (trigger === 'status' && to === 'spam') webhookEvents.push('comment.spam');
  if (trigger === 'status' && to === 'trash') webhookEvents.push('comment.trashed');
  return { emailModerators: false, emailParentAuthor: isApproved, webhookEvents };
}
