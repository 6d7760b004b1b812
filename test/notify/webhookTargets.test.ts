// Webhooks cannot reach inside: by default a delivery goes only to public addresses, judged
// on the addresses the socket connects to (so DNS rebinding fails too), and never follows a
// redirect. The fake receivers here listen on loopback, which is exactly what is refused.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  checkWebhookUrl,
  isPublicAddress,
  PrivateTargetError,
  postWebhook,
} from '../../src/notify/webhookTarget';
import { listJobs } from '../../src/queue';
import { addSiteWebhook } from '../../src/sites/site.model';
import { useFakeAkismet } from '../fakes/akismet';
import { useWebhookReceiver } from '../fakes/webhookReceiver';
import { useTestDatabase } from '../helpers/db';
import { buildSite } from '../helpers/factories';
import { createNotifyHarness } from './harness';

useTestDatabase();
const akismet = useFakeAkismet();
const receiver = useWebhookReceiver();

const SECRET = 'a-long-shared-webhook-secret';

/** A resolver that answers these addresses for any name, as a hostile DNS server would. */
function resolvingTo(...addresses: string[]) {
  return (_name: string, _options: unknown, callback: (error: null, found: never) => void) =>
    callback(null, addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })) as never);
}

const request = (url: string, allowPrivate = false) => ({
  url,
  headers: { 'Content-Type': 'application/json' },
  body: '{}',
  timeoutMs: 2000,
  allowPrivate,
});

describe('which addresses are public', () => {
  it('refuses loopback, private, shared, link-local, metadata, unique-local, multicast and reserved ranges', () => {
    const refused = [
      '127.0.0.1',
      '127.8.9.10',
      '0.0.0.0',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '100.64.0.1',
      '169.254.169.254',
      '224.0.0.1',
      '255.255.255.255',
      '192.0.2.1',
      '::',
      '::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      'fe80::1',
      'fd00:ec2::254',
      'fc00::1',
      'ff02::1',
      '64:ff9b::7f00:1',
      '2002:7f00:1::',
      'not an address',
    ];
    for (const address of refused) expect([address, isPublicAddress(address)]).toEqual([address, false]);
    for (const address of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])
      expect([address, isPublicAddress(address)]).toEqual([address, true]);
  });

  it('refuses an internal IP literal or localhost in the URL at once; names wait for delivery', () => {
    for (const url of [
      'http://127.0.0.1/',
      'http://[::1]:81/',
      'http://169.254.169.254/',
      'http://LOCALHOST./x',
    ])
      expect(() => checkWebhookUrl(url)).toThrow(PrivateTargetError);
    expect(() => checkWebhookUrl('https://hooks.news.example/parley')).not.toThrow();
    expect(() => checkWebhookUrl('http://93.184.216.34/')).not.toThrow();
  });
});

describe('delivering', () => {
  it('a name that resolves to an internal address reaches nothing, even if it looked public before', async () => {
    const port = new URL(receiver.current().url).port;
    const url = `http://hooks.rebinding.example:${port}/hooks/parley`;
    // Saving it passes: the name says nothing yet.
    expect(() => checkWebhookUrl(url)).not.toThrow();
    await expect(postWebhook(request(url), resolvingTo('127.0.0.1'))).rejects.toThrow(
      /hooks\.rebinding\.example is at 127\.0\.0\.1, which is not a public address/,
    );
    // One internal address among public ones is enough to refuse them all.
    await expect(postWebhook(request(url), resolvingTo('93.184.216.34', '127.0.0.1'))).rejects.toThrow(
      PrivateTargetError,
    );
    await expect(postWebhook(request(url), resolvingTo('::ffff:127.0.0.1'))).rejects.toThrow(
      PrivateTargetError,
    );
    expect(receiver.current().requests).toEqual([]);
    // The same name, allowed: the receiver gets it (so the refusals above were the rule's doing).
    expect(await postWebhook(request(`http://localhost:${port}/hooks/parley`, true))).toBe(204);
    expect(receiver.current().requests).toHaveLength(1);
  });

  it('never follows a redirect, not even to an allowed address', async () => {
    const redirecting = http.createServer((_req, res) =>
      res.writeHead(307, { Location: receiver.current().url }).end(),
    );
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', () => resolve()));
    try {
      const { port } = redirecting.address() as AddressInfo;
      expect(await postWebhook(request(`http://127.0.0.1:${port}/moved`, true))).toBe(307);
      expect(receiver.current().requests).toEqual([]);
    } finally {
      await new Promise((resolve) => redirecting.close(resolve));
    }
  });

  it('by default, a webhook on loopback or localhost fails at once, without a request or a retry', async () => {
    const h = createNotifyHarness({ akismet: akismet.current(), config: { WEBHOOK_ALLOW_PRIVATE: 'false' } });
    const site = await buildSite({ id: 'news', settings: { moderation: 'all' } });
    const port = new URL(receiver.current().url).port;
    // Stored directly, as an older record or a name that has since changed its address would be.
    for (const url of [receiver.current().url, `http://localhost:${port}/hooks/parley`]) {
      await addSiteWebhook(site.id, { url, secret: SECRET, events: ['comment.created'] });
    }
    await h.post(site);
    await h.settle();
    h.clock.advance(3_600_000);
    await h.settle();
    const jobs = await listJobs({ type: 'webhook' });
    expect(jobs).toHaveLength(2);
    for (const job of jobs) {
      expect(job.state).toBe('failed');
      expect(job.attempts).toHaveLength(1);
      expect(job.attempts[0]?.detail).toMatch(/^refused: .* not a public address/);
    }
    expect(receiver.current().requests).toEqual([]);
  });
});
