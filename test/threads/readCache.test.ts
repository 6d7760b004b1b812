// The read cache: compressed bytes for clients that take them, 304s for every client, records
// revalidated at most once per READ_CACHE_REVALIDATE_MS (this process's own changes at once),
// and a byte budget.
import { get, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import request from 'supertest';
import { changeCommentStatus } from '../../src/comments/store/changes';
import { createReadCache } from '../../src/threads/readCache';
import { ThreadModel, threadKey } from '../../src/threads/thread.model';
import { buildTestApp } from '../helpers/app';
import { useTestDatabase } from '../helpers/db';
import { buildComment, buildSite } from '../helpers/factories';

useTestDatabase();

const PAGE = '/2026/01/long-read';

/** A GET over plain node:http, so the bytes arrive as sent (supertest would decode them). */
function rawGet(
  app: ReturnType<typeof buildTestApp>['app'],
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      get({ host: '127.0.0.1', port, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          server.close();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
      }).on('error', reject);
    });
  });
}

async function busyThread() {
  const site = await buildSite();
  for (let i = 0; i < 12; i++) {
    await buildComment(site, {
      pageId: PAGE,
      content: `A long enough comment, number ${i}, to be worth compressing.`,
    });
  }
  return site;
}

it('sends brotli or gzip to clients that take them, the same JSON either way', async () => {
  const { app } = buildTestApp();
  const site = await busyThread();
  const url = `/api/v1/sites/${site.id}/comments?pageId=${PAGE}`;
  const plain = await rawGet(app, url, { 'Accept-Encoding': 'identity' });
  expect(plain.status).toBe(200);
  expect(plain.headers['content-encoding']).toBeUndefined();
  const json = JSON.parse(plain.body.toString());
  expect(json.comments).toHaveLength(12);

  const br = await rawGet(app, url, { 'Accept-Encoding': 'gzip, br' });
  expect(br.headers['content-encoding']).toBe('br');
  expect(br.headers.vary).toMatch(/Accept-Encoding/);
  expect(JSON.parse(brotliDecompressSync(br.body).toString())).toEqual(json);
  expect(br.body.length).toBeLessThan(plain.body.length / 2);

  const gzip = await rawGet(app, url, { 'Accept-Encoding': 'gzip' });
  expect(gzip.headers['content-encoding']).toBe('gzip');
  expect(JSON.parse(gunzipSync(gzip.body).toString())).toEqual(json);
  // The same ETag whatever the encoding: it names the thread, not the bytes.
  expect(new Set([plain.headers.etag, br.headers.etag, gzip.headers.etag]).size).toBe(1);

  // A small answer goes as it is.
  const empty = await rawGet(app, `/api/v1/sites/${site.id}/comments?pageId=/empty`, {
    'Accept-Encoding': 'gzip',
  });
  expect(empty.status).toBe(200);
  expect(empty.headers['content-encoding']).toBeUndefined();
});

it('answers 304 to fetch() clients, whose conditional requests carry Cache-Control: no-cache', async () => {
  const { app } = buildTestApp();
  const site = await busyThread();
  const url = `/api/v1/sites/${site.id}/comments?pageId=${PAGE}`;
  const first = await request(app).get(url).expect(200);
  const etag = first.headers.etag as string;
  for (const headers of [
    { 'If-None-Match': etag, 'Cache-Control': 'no-cache' },
    { 'If-None-Match': etag, Pragma: 'no-cache', 'Cache-Control': 'max-age=0' },
    { 'If-None-Match': `"other", ${etag.replace(/^W\//, '')}` },
  ]) {
    const res = await request(app).get(url).set(headers);
    expect(res.status).toBe(304);
    expect(res.headers.etag).toBe(etag);
  }
  expect((await request(app).get(url).set('If-None-Match', 'W/"stale"')).status).toBe(200);
});

it('revalidates a page at most once per READ_CACHE_REVALIDATE_MS, and shows its own changes at once', async () => {
  const { app, clock } = buildTestApp({ config: { READ_CACHE_REVALIDATE_MS: '400' } });
  const site = await busyThread();
  const url = `/api/v1/sites/${site.id}/comments?pageId=${PAGE}`;
  const before = await request(app).get(url).expect(200);

  // Another process changes the thread: this one keeps its copy until the interval is over.
  await ThreadModel.updateOne({ _id: threadKey(site.id, PAGE) }, { $set: { version: 424242 } });
  expect((await request(app).get(url)).headers.etag).toBe(before.headers.etag);
  await new Promise((resolve) => setTimeout(resolve, 450));
  const after = await request(app).get(url).expect(200);
  expect(after.headers.etag).not.toBe(before.headers.etag);
  expect(after.body).toEqual(before.body);

  // A change made in this process is shown by its next read.
  const pending = await buildComment(site, { pageId: PAGE, status: 'pending', content: 'Just approved.' });
  await changeCommentStatus(pending.id, 'pending', 'approved', clock.now());
  const shown = await request(app).get(`${url}&sort=newest`).expect(200);
  expect(shown.body.comments[0].id).toBe(pending.id);
});

it('keeps the response bytes within READ_CACHE_MB, dropping the least recently used', () => {
  const cache = createReadCache({ revalidateMs: 1000, maxBytes: 10_000 });
  const body = (etag: string) => ({ etag, identity: Buffer.alloc(3000, 'x') });
  for (const key of ['a', 'b', 'c']) cache.storeBody(key, body(`"${key}"`));
  expect(cache.body('a', '"a"')).toBeDefined();
  cache.storeBody('d', body('"d"'));
  // 'b' was the least recently used: it went to make room.
  expect(cache.body('b', '"b"')).toBeUndefined();
  expect(cache.body('a', '"a"')).toBeDefined();
  expect(cache.body('d', '"d"')).toBeDefined();
  // A body built for another ETag is not served.
  expect(cache.body('d', '"other"')).toBeUndefined();

  const off = createReadCache({ revalidateMs: 1000, maxBytes: 0 });
  off.storeBody('a', body('"a"'));
  expect(off.body('a', '"a"')).toBeUndefined();
});

it('compresses other large JSON answers too (here: counts for 100 pages)', async () => {
  const { app } = buildTestApp();
  const site = await buildSite();
  const query = Array.from(
    { length: 100 },
    (_, i) => `pageId=/2026/01/an-article-with-a-long-slug-${i}`,
  ).join('&');
  const res = await rawGet(app, `/api/v1/sites/${site.id}/counts?${query}`, { 'Accept-Encoding': 'gzip' });
  expect(res.status).toBe(200);
  expect(res.headers['content-encoding']).toBe('gzip');
  const { counts } = JSON.parse(gunzipSync(res.body).toString());
  expect(Object.keys(counts)).toHaveLength(100);
});
