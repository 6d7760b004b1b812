/**
 * Notifications: emails to moderators and to commenters who asked for reply emails, and
 * webhooks to the sites' own systems. Everything leaves through the durable job queue.
 *
 *   createNotifier({ clock, log })  a listener of the comment events (src/comments/events.ts):
 *                                   createParleyWorker's `hooks` and createParley's `events`;
 *                                   each call stores one keyed 'notify' job and returns.
 *   createNotificationJobHandlers({ config, log, vault })
 *                                   the handlers for createParleyWorker `jobHandlers`:
 *                                   'notify' (fan-out), 'email-moderator', 'email-reply', 'webhook'.
 *   createUnsubscribeRouter({ vault })  GET/POST /unsubscribe for the links in reply emails.
 *
 * Job keys: notify:<trigger>:<commentId>[...], email:moderator:<commentId>:<userId>[:<editedAt ms>],
 * email:reply:<replyId>, webhook:<site>:<webhookId>:<event>:<commentId>[:<ms>].
 * Payloads hold ids only; addresses are read (and decrypted) when a job runs.
 */
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { EmailVault } from '../privacy/emailVault';
import type { JobHandler } from '../queue';
import { createNotifyHandler } from './dispatch';
import { createMailer, type Mailer } from './mailer';
import { createModeratorEmailHandler } from './moderatorEmail';
import { createReplyEmailHandler } from './replyEmail';
import { createWebhookHandler } from './webhook';

export { createMailer, type Mailer } from './mailer';
export { MODERATOR_EMAIL_JOB } from './moderatorEmail';
export { createNotifier, NOTIFY_JOB, type Notifier } from './notifier';
export type { NotificationPlan, NotifyPayload } from './plan';
export { planNotifications } from './plan';
export { REPLY_EMAIL_JOB } from './replyEmail';
export { createUnsubscribeRouter } from './unsubscribe.routes';
export { createUnsubscribeToken, readUnsubscribeToken } from './unsubscribeToken';
export { SIGNATURE_HEADER, signWebhookBody, WEBHOOK_JOB } from './webhook';

export function createNotificationJobHandlers(deps: {
  config: Config;
  log: Logger;
  vault: EmailVault;
  /** A mailer of one's own; by default one for SMTP_URL. */
  mailer?: Mailer;
}): JobHandler[] {
  const { config, vault } = deps;
  const mailer = deps.mailer ?? createMailer(config, deps.log);
  return [
    createNotifyHandler({ mailer }),
    createModeratorEmailHandler({ config, vault, mailer }),
    createReplyEmailHandler({ config, vault, mailer }),
    createWebhookHandler({ config }),
  ];
}
