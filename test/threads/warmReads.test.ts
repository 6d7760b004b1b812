// Warm thread reads answered in front of Express (src/threads/warmReads.ts): the same status,
// headers and bytes Express sent, told apart by URL, Origin and encoding; never a stale
// version, never a reader's own view; logged and counted like any request.
import {
  createServer,
  get as httpGet,
  type IncomingHttpHeaders,
  type RequestListener,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync } from 'node:zlib';
import { moderationHash } from '../../src/comments/moderationHash';
import { changeCommentStatus } from '../../src/comments/store/changes';
import { updateSite, updateSiteSetting } from '../../src/sites/site.model';
import { buildTestApp } from '../helpers/app';
import { useTestDatabase } from '../helpers/db';
import { buildComment, buildSite, SITE_ORIGIN } from '../helpers/factories';

useTestDatabase();

const PAGE = '/2026/02/warm';
const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A client over plain node:http, so the bytes and headers arrive as sent. */
async function clientOf(listener: RequestListener) {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return (path: string, headers: Record<string, string> = {}): Promise<Answer> =>
    new Promise((resolve, reject) => {
      httpGet({ host: '127.0.0.1', port, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      }).on('error', reject);
    });
}

function withoutPerRequest(headers: IncomingHttpHeaders) {
  const { 'x-request-id': _id, date: _date, ...rest } = headers;
  return rest;
}

async function threadOf(count: number) {
  const site = await buildSite();
  const comments = [];
  for (let i = 0; i < count; i++) {
    comments.push(await buildComment(site, { pageId: PAGE, content: `Comment number ${i}, long enough.` }));
  }
  return { site, comments };
}

function warmApp(revalidateMs = 60_000) {
  return buildTestApp({ config: { READ_CACHE_REVALIDATE_MS: String(revalidateMs) } });
}

it('answers a repeated read itself, with the status, headers and bytes Express sent', async () => {
  const built = warmApp();
  const metrics = built.metrics;
  const { site } = await threadOf(6);
  const get = await clientOf(built.listener);
  const url = `/api/v1/sites/${site.id}/comments?pageId=${PAGE}`;
  const headers = { Origin: SITE_ORIGIN, 'Accept-Encoding': 'gzip, br' };

  const first = await get(url, headers);
  expect(first.status).toBe(200);
  expect(built.warmReads.served).toBe(0);
  const second = await get(url, headers);
  expect(built.warmReads.served).toBe(1);
  expect(second.status).toBe(200);
  expect(withoutPerRequest(second.headers)).toEqual(withoutPerRequest(first.headers));
  expect(second.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
  expect(second.body.equals(first.body)).toBe(true);
  expect(JSON.parse(brotliDecompressSync(second.body).toString()).comments).toHaveLength(6);

  // A 304 for a client that has this version, with the same headers but the body's own.
  const notModified = await get(url, { ...headers, 'If-None-Match': String(first.headers.etag) });
  expect(built.warmReads.served).toBe(2);
  expect(notModified.status).toBe(304);
  expect(notModified.body.length).toBe(0);
  expect(notModified.headers.etag).toBe(first.headers.etag);
  expect(notModified.headers['access-control-allow-origin']).toBe(SITE_ORIGIN);
  expect(notModified.headers['content-type']).toBeUndefined();

  // The request id a proxy sent is kept, as Express keeps it.
  const traced = await get(url, { ...headers, 'X-Request-Id': 'proxy-42' });
  expect(traced.headers['x-request-id']).toBe('proxy-42');

  // Logged and counted like any request.
  const lines = built.logLines.filter((line) => line.includes('"request completed"'));
  expect(lines.some((line) => line.includes('"id":"proxy-42"') && line.includes('"statusCode":200'))).toBe(
    true,
  );
  const counted = await metrics.registry.getSingleMetricAsString('parley_http_requests_total');
  expect(counted).toMatch(/route="\/api\/v1\/sites\/:site\/comments",status="200"} 3/);
});

it('answers a client that only revalidates, and never sends the headers of a 304 with a body', async () => {
  const built = warmApp();
  const { site } = await threadOf(3);
  const get = await clientOf(built.listener);
  const url = `/api/v1/sites/${site.id}/comments?pageId=${PAGE}`;
  const etag = String((await get(url, { 'Accept-Encoding': 'br' })).headers.etag);

  // Another client, whose first request to this process is already a revalidation.
  const revalidating = { 'If-None-Match': etag, 'Cache-Control': 'no-cache' };
  const first = await get(url, revalidating);
  expect(first.status).toBe(304);
  expect(built.warmReads.served).toBe(0);
  const second = await get(url, revalidating);
  expect(second.status).toBe(304);
  expect(built.warmReads.served).toBe(1);
  expect(withoutPerRequest(second.headers)).toEqual(withoutPerRequest(first.headers));

  // The same request without the ETag needs a body: Express answers it, with every header.
  const full = await get(url);
  expect(full.status).toBe(200);
  expect(full.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(built.warmReads.served).toBe(1);
});

it('tells requests apart by encoding and Origin, and leaves readers with a token to Express', async () => {
  const built = warmApp();
  const { site } = await threadOf(4);
  const get = await clientOf(built.listener);
  const url = `/api/v1/sites/${site.id}/comments?pageId=${PAGE}`;

  await get(url, { Origin: SITE_ORIGIN, 'Accept-Encoding': 'br' });
  // Another encoding and another origin are each Express's first.
  const plain = await get(url, { Origin: SITE_ORIGIN });
  expect(plain.headers['content-encoding']).toBeUndefined();
  const stranger = await get(url, { Origin: 'https://elsewhere.example', 'Accept-Encoding': 'br' });
  expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
  expect(built.warmReads.served).toBe(0);
  const strangerAgain = await get(url, { Origin: 'https://elsewhere.example', 'Accept-Encoding': 'br' });
  expect(built.warmReads.served).toBe(1);
  expect(strangerAgain.headers['access-control-allow-origin']).toBeUndefined();

  // A reader's own view (their pending comments) is never cached nor replayed.
  const own = await get(url, { Origin: SITE_ORIGIN, 'Parley-Author-Token': 'x'.repeat(43) });
  expect(own.headers['cache-control']).toBe('private, no-store');
  expect(built.warmReads.served).toBe(1);
});

it('leaves a reader back from a plain form post to Express, even at an address it replays', async () => {
  const built = warmApp();
  const { site } = await threadOf(2);
  const held = await buildComment(site, { pageId: PAGE, status: 'pending' });
  const get = await clientOf(built.listener);
  const url = `/api/v1/sites/${site.id}/comments?pageId=${PAGE}&unapproved=${held.id}`;

  // The address alone is a public read, remembered and then replayed.
  await get(url);
  expect(JSON.parse((await get(url)).body.toString()).comments).toHaveLength(2);
  expect(built.warmReads.served).toBe(1);

  const own = await get(url, { 'Parley-Moderation-Hash': moderationHash(built.vault, held.id) });
  expect(built.warmReads.served).toBe(1);
  expect(own.headers['cache-control']).toBe('private, no-store');
  const shown = JSON.parse(own.body.toString()).comments as Array<{ id: string; status: string }>;
  expect(shown.map((comment) => comment.status)).toEqual(['approved', 'approved', 'pending']);
  expect(shown[2]?.id).toBe(held.id);
});

it('never replays a version of the thread that changed', async () => {
  const built = warmApp();
  const { site } = await threadOf(3);
  const pending = await buildComment(site, { pageId: PAGE, status: 'pending' });
  const get = await clientOf(built.listener);
  const url = `/api/v1/sites/${site.id}/comments?pageId=${PAGE}`;
  const before = await get(url);
  await get(url);
  expect(built.warmReads.served).toBe(1);

  // This process's own change reaches its read cache at once.
  await changeCommentStatus(pending.id, 'pending', 'approved', built.clock.now());
  const after = await get(url);
  expect(after.headers.etag).not.toBe(before.headers.etag);
  expect(JSON.parse(after.body.toString()).comments).toHaveLength(4);
  expect(built.warmReads.served).toBe(1);
  const again = await get(url);
  expect(built.warmReads.served).toBe(2);
  expect(again.headers.etag).toBe(after.headers.etag);
});

it('follows a change of the site once READ_CACHE_REVALIDATE_MS has passed', async () => {
  const built = warmApp(200);
  const { site } = await threadOf(2);
  const get = await clientOf(built.listener);
  const url = `/api/v1/sites/${site.id}/comments?pageId=${PAGE}`;
  const before = await get(url);
  await get(url);
  expect(built.warmReads.served).toBe(1);

  await updateSiteSetting(site.id, 'gravatar', !site.settings.gravatar);
  await new Promise((resolve) => setTimeout(resolve, 250));
  const after = await get(url);
  expect(after.headers.etag).not.toBe(before.headers.etag);
  expect(built.warmReads.served).toBe(1);

  // Allowed origins are not in the ETag: a replay still never outlives its copy of the site.
  const withOrigin = { Origin: SITE_ORIGIN };
  await get(url, withOrigin);
  await get(url, withOrigin);
  expect(built.warmReads.served).toBe(2);
  await updateSite(site.id, { allowedOrigins: ['https://other.example'] });
  await new Promise((resolve) => setTimeout(resolve, 250));
  // Another request brings the new copy of the site into the read cache first.
  await get(url, { 'Accept-Encoding': 'br' });
  const refused = await get(url, withOrigin);
  expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  expect(built.warmReads.served).toBe(2);
});
