// The load rows measured at each size, against Parley processes started for them: a warm
// thread read, a cold one, a 304, the counts of 20 pages and a post. Each app runs one kind
// of work, so a CPU profile of it (--profile) shows that work and nothing else.
import type { Comment } from '../src/comments/store/comment.types';
import { type Figure, type LoadOptions, type LoadSettings, measure } from './load';
import { type ParleyServer, startWebServer } from './parley';
import { sleep } from './processes';
import { postAddress, postBody } from './rawDriver';
import { changeHotPage, HOT_PAGE, otherPageId, SITE } from './seed';

export interface LoadRows {
  warm: Figure;
  cold: Figure;
  notModified: Figure;
  counts: Figure;
  post: Figure;
}

export interface Apps {
  /** Default settings: warm reads, 304s and counts. */
  reader: ParleyServer;
  /** READ_CACHE_MB=0 and READ_CACHE_REVALIDATE_MS=0: every read asks the database. */
  cold: ParleyServer;
  /** Default settings behind a trusted proxy, so each post can come from its own address. */
  poster: ParleyServer;
}

/** Wraps a row, to profile it (--profile); given the row's name. */
export type RowProbe = (row: keyof LoadRows, run: () => Promise<Figure>) => Promise<Figure>;

export function threadUrl(base: string): string {
  return `${base}/api/v1/sites/${SITE}/comments?pageId=${HOT_PAGE}&perPage=50`;
}

/** Starts the three apps; `nodeFlags` may give each its own (a --cpu-prof directory). */
export async function startApps(
  uri: string,
  nodeFlags: (app: keyof Apps) => string[] = () => [],
): Promise<Apps> {
  const [reader, cold, poster] = await Promise.all([
    startWebServer(uri, {}, nodeFlags('reader')),
    startWebServer(uri, { READ_CACHE_MB: '0', READ_CACHE_REVALIDATE_MS: '0' }, nodeFlags('cold')),
    startWebServer(uri, { TRUST_PROXY: 'true' }, nodeFlags('poster')),
  ]);
  return { reader, cold, poster };
}

export async function stopApps(apps: Apps): Promise<void> {
  await Promise.all([apps.reader.child.stop(), apps.cold.child.stop(), apps.poster.child.stop()]);
}

async function etagOf(url: string): Promise<string> {
  const res = await fetch(url);
  const etag = res.headers.get('etag');
  if (res.status !== 200 || !etag) throw new Error(`GET ${url} answered ${res.status} without an ETag`);
  return etag;
}

/** Posts, each with its own address, author, email and content, numbered across the row. */
function postRequests(base: string, tag: number): LoadOptions {
  let n = 0;
  return {
    url: `${base}/api/v1/sites/${SITE}/comments`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => {
          n += 1;
          return {
            ...request,
            headers: { ...request.headers, 'x-forwarded-for': postAddress(n, tag) },
            body: JSON.stringify(postBody(n, String(tag))),
          };
        },
      },
    ],
    expectStatus: 201,
  };
}

export async function measureLoadRows(
  apps: Apps,
  hot: Comment[],
  settings: LoadSettings,
  tag: number,
  probe?: RowProbe,
): Promise<LoadRows> {
  const row = (name: keyof LoadRows, run: () => Promise<Figure>) => (probe ? probe(name, run) : run());
  const readerUrl = threadUrl(apps.reader.base);
  // One read fills the cache, so the row measures warm reads only.
  await etagOf(readerUrl);
  const warm = await row('warm', () =>
    measure('warm thread read', settings, { url: readerUrl, expectStatus: 200 }),
  );

  // "Cold": the page changed just now (new version, new chunks) and the app keeps nothing,
  // so every read fetches the site, the thread record and the page's chunks by _id.
  await changeHotPage(hot);
  const cold = await row('cold', () =>
    measure('cold thread read', settings, { url: threadUrl(apps.cold.base), expectStatus: 200 }),
  );

  // The reader app trusts what it read for READ_CACHE_REVALIDATE_MS (1 s): past that, it
  // knows the change, and its ETag is the current one.
  await sleep(1100);
  const etag = await etagOf(readerUrl);
  const notModified = await measure('304', settings, {
    url: readerUrl,
    // As browsers' fetch sends a hand-set If-None-Match.
    headers: { 'if-none-match': etag, 'cache-control': 'no-cache' },
    expectStatus: 304,
  });

  const pages = [HOT_PAGE, ...Array.from({ length: 19 }, (_, i) => otherPageId(i + 1))];
  const counts = await measure('counts for 20 pages', settings, {
    url: `${apps.reader.base}/api/v1/sites/${SITE}/counts?${pages.map((p) => `pageId=${encodeURIComponent(p)}`).join('&')}`,
    expectStatus: 200,
  });

  const post = await row('post', () => measure('post', settings, postRequests(apps.poster.base, tag)));
  return { warm, cold, notModified, counts, post };
}
