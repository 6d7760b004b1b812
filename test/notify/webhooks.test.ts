// Webhooks: signed JSON POSTs to a site's own endpoint, through the durable queue, retried
// when the receiver fails, never carrying the commenter's email.
import { createHmac } from 'node:crypto';
import { freePort } from '../../src/db/embedded';
import { listJobs } from '../../src/queue';
import { addSiteWebhook } from '../../src/sites/site.model';
import type { WebhookEvent } from '../../src/sites/site.schema';
import { useFakeAkismet } from '../fakes/akismet';
import { type ReceivedWebhook, useWebhookReceiver } from '../fakes/webhookReceiver';
import { useTestDatabase } from '../helpers/db';
import { buildSite } from '../helpers/factories';
import { as, buildActor } from '../moderation/helpers';
import { createNotifyHarness } from './harness';

useTestDatabase();
const akismet = useFakeAkismet();
const receiver = useWebhookReceiver();

const SECRET = 'a-long-shared-webhook-secret';
const ALICE = 'alice@example.org';

function verifies(request: ReceivedWebhook, secret = SECRET): boolean {
  const expected = `sha256=${createHmac('sha256', secret).update(request.rawBody).digest('hex')}`;
  return request.headers['x-parley-signature'] === expected;
}

function eventsOf(requests: ReceivedWebhook[]): string[] {
  return requests.map((request) => JSON.parse(request.rawBody).event as string);
}

async function siteWithWebhook(moderation: 'all' | 'none', events?: WebhookEvent[], path = '') {
  const site = await buildSite({ id: 'news', settings: { moderation } });
  const webhook = await addSiteWebhook(site.id, {
    url: `${receiver.current().url}${path}`,
    secret: SECRET,
    events: events ?? ['comment.created', 'comment.approved', 'comment.spam', 'comment.trashed'],
  });
  if (!webhook) throw new Error('no webhook');
  return { site, webhook };
}

describe('webhooks', () => {
  it('a published comment is POSTed as comment.created then comment.approved, signed, without the email', async () => {
    const h = createNotifyHarness({ akismet: akismet.current() });
    const { site } = await siteWithWebhook('none');
    const id = await h.post(site, { author: 'Alice', email: ALICE, content: 'Hello <b>world</b>' });
    // Nothing leaves with the request: the spam check decides first.
    expect(receiver.current().requests).toHaveLength(0);
    await h.settle();

    const requests = receiver.current().requests;
    expect(eventsOf(requests)).toEqual(['comment.created', 'comment.approved']);
    const comment = await h.read(id);
    for (const request of requests) {
      expect(request.method).toBe('POST');
      expect(request.path).toBe('/hooks/parley');
      expect(request.headers['content-type']).toBe('application/json');
      expect(verifies(request)).toBe(true);
      expect(verifies(request, 'another-secret-of-some-length')).toBe(false);
      expect(request.rawBody).not.toContain(ALICE);
      expect(request.rawBody).not.toMatch(/email/i);
      const body = JSON.parse(request.rawBody);
      expect(request.headers['x-parley-event']).toBe(body.event);
      expect(request.headers['x-parley-delivery']).toMatch(/^[0-9a-f]{24}$/);
      expect(body).toEqual({
        event: body.event,
        site: 'news',
        occurredAt: comment.updatedAt.toISOString(),
        comment: {
          id,
          pageId: '/2019/11/gsomia',
          pageUrl: 'https://news.example/2019/11/gsomia',
          parentId: null,
          author: { name: 'Alice', url: null },
          content: '<p>Hello <b>world</b></p>',
          status: 'approved',
          createdAt: comment.createdAt.toISOString(),
        },
      });
    }
    expect(new Set(requests.map((request) => request.headers['x-parley-delivery'])).size).toBe(2);
    expect(h.logLinesWithEmails()).toEqual([]);
  });

  it('a delivery answered 500 is retried after backoff with the same id and a valid signature', async () => {
    const h = createNotifyHarness({ akismet: akismet.current() });
    const { site } = await siteWithWebhook('all');
    receiver.current().failNext(1, 500);
    await h.post(site);
    await h.settle();
    expect(receiver.current().requests.map((request) => request.status)).toEqual([500]);
    const [job] = await listJobs({ type: 'webhook' });
    expect(job?.state).toBe('due');
    expect(job?.attempts[0]?.detail).toBe('the receiver answered 500');

    h.clock.advance(29_000);
    await h.settle();
    expect(receiver.current().requests).toHaveLength(1);
    h.clock.advance(1_000);
    await h.settle();
    const [failed, delivered] = receiver.current().requests;
    expect(delivered?.status).toBe(204);
    expect(delivered?.headers['x-parley-delivery']).toBe(failed?.headers['x-parley-delivery']);
    expect(delivered && verifies(delivered)).toBe(true);
    expect((await listJobs({ type: 'webhook' }))[0]?.state).toBe('done');
  });

  it('a receiver that does not answer in time, or cannot be reached, is retried', async () => {
    const h = createNotifyHarness({ akismet: akismet.current(), config: { WEBHOOK_TIMEOUT_MS: '300' } });
    const { site } = await siteWithWebhook('all', ['comment.created']);
    // A port nothing listens on.
    const closed = await freePort();
    await addSiteWebhook(site.id, {
      url: `http://127.0.0.1:${closed}/closed`,
      secret: SECRET,
      events: ['comment.created'],
    });
    receiver.current().hangNext(1);
    await h.post(site);
    await h.settle();
    const details = (await h.jobDetails('webhook')).sort();
    expect(details).toEqual(['could not reach the receiver: ECONNREFUSED', 'no answer within 300 ms']);
    h.clock.advance(30_000);
    await h.settle();
    expect(receiver.current().delivered()).toHaveLength(1);
  });

  it('moderators’ verdicts reach only the webhooks that asked for those events', async () => {
    const h = createNotifyHarness({ akismet: akismet.current() });
    const { site } = await siteWithWebhook('all', undefined, '?hook=all');
    await addSiteWebhook(site.id, {
      url: `${receiver.current().url}?hook=spam`,
      secret: 'the-other-webhook-secret',
      events: ['comment.spam'],
    });
    const moderator = await buildActor({ sites: ['news'] });
    const kept = await h.post(site, { content: 'Kept' });
    const junk = await h.post(site, { content: 'Junk' });
    await h.settle();
    for (const [id, action] of [
      [kept, 'approve'],
      [junk, 'spam'],
      [kept, 'trash'],
    ] as const) {
      expect((await as(h.app, moderator).post(`/comments/${id}/${action}`)).status).toBe(200);
    }
    await h.settle();
    const all = receiver.current().requests.filter((request) => request.path.endsWith('hook=all'));
    const spamOnly = receiver.current().requests.filter((request) => request.path.endsWith('hook=spam'));
    expect(eventsOf(all)).toEqual([
      'comment.created',
      'comment.created',
      'comment.approved',
      'comment.spam',
      'comment.trashed',
    ]);
    expect(eventsOf(spamOnly)).toEqual(['comment.spam']);
    expect(verifies(spamOnly[0] as ReceivedWebhook, 'the-other-webhook-secret')).toBe(true);
    expect(JSON.parse(spamOnly[0]?.rawBody ?? '{}').comment.id).toBe(junk);
  });

  it('comment.created goes out once, however often the hooks are told', async () => {
    const h = createNotifyHarness({ akismet: akismet.current() });
    const { site } = await siteWithWebhook('all');
    const id = await h.post(site);
    await h.settle();
    const comment = await h.read(id);
    await h.notifier.onQueued(comment);
    await h.notifier.onStatusChanged(comment, 'trash', 'pending');
    await h.settle();
    expect(eventsOf(receiver.current().requests)).toEqual(['comment.created']);
  });
});
