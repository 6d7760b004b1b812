// The 'notify' job: turns one event on a comment into the emails and webhook deliveries it
// calls for, each its own keyed job, so running this twice queues nothing twice.
import { findComment } from '../comments/store/reads';
import { defineJobHandler } from '../queue';
import type { Mailer } from './mailer';
import { enqueueModeratorEmails } from './moderatorEmail';
import { NOTIFY_JOB } from './notifier';
import { type NotifyPayload, planNotifications } from './plan';
import { enqueueReplyEmail } from './replyEmail';
import { enqueueWebhookDeliveries } from './webhook';

export function createNotifyHandler(deps: { mailer: Mailer }) {
  const { mailer } = deps;
  return defineJobHandler<NotifyPayload>({
    type: NOTIFY_JOB,
    async run(payload, { now }) {
      const comment = await findComment(payload.commentId);
      if (!comment) return 'skipped: the comment no longer exists';
      const plan = planNotifications(payload);
      const done: string[] = [];
      const wantsEmail = plan.emailModerators || (plan.emailParentAuthor && comment.parentId !== null);
      if (wantsEmail && !mailer.isConfigured) {
        done.push(`no emails: ${mailer.notConfiguredReason()}`);
      } else {
        if (plan.emailModerators) done.push(await enqueueModeratorEmails(comment, now));
        if (plan.emailParentAuthor && comment.parentId) done.push(await enqueueReplyEmail(comment, now));
      }
      if (plan.webhookEvents.length > 0) {
        done.push(await enqueueWebhookDeliveries(comment, plan.webhookEvents, payload.occurredAt, now));
      }
      return done.join('; ') || 'nothing to send';
    },
  });
}
