// The notifier: a listener of the comment events (src/comments/events.ts) that the spam check
// and the moderation API emit. Each call only stores one durable 'notify' job, keyed by the
// event, so an at-least-once emitter (a worker that died after deciding, a retried request)
// never sends anything twice.

import type { Clock } from '../clock';
import type { CommentListener } from '../comments/events';
import type { Comment, CommentStatus } from '../comments/store/comment.types';
import type { Logger } from '../logger';
import { enqueueJob } from '../queue';
import type { NotifyPayload } from './plan';

export const NOTIFY_JOB = 'notify';

export interface Notifier extends CommentListener {
  onQueued(comment: Comment): Promise<void>;
  onStatusChanged(comment: Comment, from: CommentStatus, to: CommentStatus): Promise<void>;
  onCreated(comment: Comment): Promise<void>;
}

export function createNotifier(deps: { clock: Clock; log: Logger }): Notifier {
  async function record(key: string, payload: NotifyPayload): Promise<void> {
    const { isNew } = await enqueueJob({ type: NOTIFY_JOB, key, payload, now: deps.clock.now() });
    if (isNew)
      deps.log.debug(
        { commentId: payload.commentId, trigger: payload.trigger, to: payload.to },
        'notification queued',
      );
  }

  return {
    async onQueued(comment) {
      // Once per comment, and once more per author edit (it waits for a moderator again).
      const edit = comment.editedAt ? `:${comment.editedAt.getTime()}` : '';
      await record(`notify:queued:${comment.id}${edit}`, {
        commentId: comment.id,
        trigger: 'queued',
        to: 'pending',
        occurredAt: comment.updatedAt.toISOString(),
      });
    },
    async onStatusChanged(comment, from, to) {
      // updatedAt is the moment of this change: a repeated call for the same change has the
      // same key, and a later change back and forth gets a key of its own.
      const at = comment.updatedAt;
      await record(`notify:status:${comment.id}:${from}-${to}:${at.getTime()}`, {
        commentId: comment.id,
        trigger: 'status',
        from,
        to,
        occurredAt: at.toISOString(),
      });
    },
    async onCreated(comment) {
      // The moderation API also reports the reply's approval (onStatusChanged) at the same
      // updatedAt: both then plan the same keyed email and webhook jobs, sent once.
      await record(`notify:created:${comment.id}`, {
        commentId: comment.id,
        trigger: 'created',
        to: comment.status,
        occurredAt: comment.updatedAt.toISOString(),
      });
    },
  };
}
