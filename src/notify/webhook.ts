// Webhooks: a signed JSON POST per subscribed webhook and event, delivered by the job queue
// and retried with backoff on a network error, a timeout or any answer but 2xx. Only public
// addresses are reached unless WEBHOOK_ALLOW_PRIVATE is set (webhookTarget.ts).
import { createHash, createHmac } from 'node:crypto';
import type { Comment } from '../comments/store/comment.types';
import { findComment } from '../comments/store/reads';
import type { Config } from '../config';
import { findPage } from '../pages/page.model';
import { defineJobHandler, enqueueJob, PermanentJobError } from '../queue';
import { listSiteWebhooks } from '../sites/site.model';
import type { WebhookEvent } from '../sites/site.schema';
import { WEBHOOK_RETRY } from './retry';
import { presentWebhookBody } from './webhook.presenter';
import { PrivateTargetError, postWebhook } from './webhookTarget';

export const WEBHOOK_JOB = 'webhook';
export const SIGNATURE_HEADER = 'X-Parley-Signature';

export interface WebhookPayload {
  site: string;
  webhookId: string;
  event: WebhookEvent;
  commentId: string;
  occurredAt: string;
}

/** `sha256=<hex HMAC-SHA256 of the raw body>`, as receivers recompute it with the shared secret. */
export function signWebhookBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/**
 * Queues a delivery per webhook of the comment's site subscribed to each event. The key names
 * the webhook, the event, the comment and the moment (comment.created: once per comment).
 */
export async function enqueueWebhookDeliveries(
  comment: Comment,
  events: WebhookEvent[],
  occurredAt: string,
  now: Date,
): Promise<string> {
  const webhooks = await listSiteWebhooks(comment.site);
  let queued = 0;
  for (const event of events) {
    for (const webhook of webhooks.filter((candidate) => candidate.events.includes(event))) {
      const when = event === 'comment.created' ? '' : `:${new Date(occurredAt).getTime()}`;
      const { isNew } = await enqueueJob<WebhookPayload>({
        type: WEBHOOK_JOB,
        key: `webhook:${comment.site}:${webhook.id}:${event}:${comment.id}${when}`,
        payload: { site: comment.site, webhookId: webhook.id, event, commentId: comment.id, occurredAt },
        now,
      });
      if (isNew) queued += 1;
    }
  }
  return `webhook deliveries queued: ${queued}`;
}

function describeFailure(error: unknown, timeoutMs: number): string {
  const failure = error as Error & { code?: string };
  if (failure.name === 'TimeoutError' || failure.name === 'AbortError')
    return `no answer within ${timeoutMs} ms`;
  return `could not reach the receiver: ${failure.code ?? failure.message}`;
}

export function createWebhookHandler(deps: { config: Config }) {
  const timeoutMs = deps.config.WEBHOOK_TIMEOUT_MS;
  return defineJobHandler<WebhookPayload>({
    type: WEBHOOK_JOB,
    retry: WEBHOOK_RETRY,
    async run(payload, { job }) {
      const webhook = (await listSiteWebhooks(payload.site)).find(
        (candidate) => candidate.id === payload.webhookId,
      );
      if (!webhook) return 'skipped: the webhook was removed';
      if (!webhook.events.includes(payload.event)) return 'skipped: the webhook no longer takes this event';
      const comment = await findComment(payload.commentId);
      if (!comment) return 'skipped: the comment no longer exists';
      const page = await findPage(comment.site, comment.pageId);
      const body = JSON.stringify(
        presentWebhookBody({
          event: payload.event,
          comment,
          pageUrl: page?.url,
          occurredAt: payload.occurredAt,
        }),
      );
      let status: number;
      try {
        status = await postWebhook({
          url: webhook.url,
          headers: {
            'Content-Type': 'application/json',
            'User-Agent': 'Parley-Webhook/1',
            'X-Parley-Event': payload.event,
            // The same on every retry of this delivery (it names the job's key), so receivers can drop repeats.
            'X-Parley-Delivery': createHash('sha256').update(job.key).digest('hex').slice(0, 24),
            [SIGNATURE_HEADER]: signWebhookBody(webhook.secret, body),
          },
          body,
          timeoutMs,
          allowPrivate: deps.config.WEBHOOK_ALLOW_PRIVATE,
        });
      } catch (error) {
        if (error instanceof PrivateTargetError) throw new PermanentJobError(`refused: ${error.message}`);
        throw new Error(describeFailure(error, timeoutMs));
      }
      if (status < 200 || status >= 300) throw new Error(`the receiver answered ${status}`);
      return `delivered: ${status}`;
    },
  });
}
