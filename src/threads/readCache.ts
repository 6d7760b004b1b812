// What a process remembers between public reads, so that a warm read makes no database round
// trip: sites and thread records (each looked at again at most once per revalidateMs), and
// the response bytes of recently read pages of threads, as JSON and compressed, kept while
// their page's version is unchanged. Memory is bounded by an LRU with a byte budget.
//
// While the database cannot be reached, a site or record read less than staleMs ago is used
// as it was (nothing can change it meanwhile but writes that fail too), so pages whose bytes
// are cached keep answering through an outage; anything else answers 503.

import type { IncomingMessage } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { LRUCache } from 'lru-cache';
import Negotiator from 'negotiator';
import { isDatabaseConnected, isDatabaseUnreachable } from '../db/connection';
import { findSite, type Site } from '../sites/site.model';
import { findThreadRecord, type ThreadRecord } from './thread.model';
import { threadWrites } from './thread.writer';

export type Encoding = 'br' | 'gzip' | 'identity';

/** Brotli where the client takes it (smaller), else gzip, else the bytes as they are. */
export function preferredEncoding(req: IncomingMessage): Encoding {
  const accepted = new Negotiator(req).encodings(['br', 'gzip']);
  return accepted.includes('br') ? 'br' : accepted.includes('gzip') ? 'gzip' : 'identity';
}

export interface CachedBody {
  /** The page's ETag when the body was built: it names the thread version and the site settings shown. */
  etag: string;
  identity: Buffer;
  gzip?: Buffer;
  br?: Buffer;
}

/** Bodies smaller than this are sent as they are: compressing them saves nothing. */
export const COMPRESS_FROM_BYTES = 1024;

interface Remembered<T> {
  value: T | undefined;
  checkedAt: number;
}

const MAX_REMEMBERED = 20_000;

export interface ReadCache {
  site(id: string): Promise<Site | undefined>;
  /** The page's thread record; read again when older than revalidateMs, or when `isFresh`. */
  record(site: string, pageId: string, isFresh?: boolean): Promise<ThreadRecord | undefined>;
  /** A page's record read elsewhere (by the live streams): remembered as if just read. */
  learn(record: ThreadRecord): void;
  /** The site and the page's record as remembered, when both are recent enough to use as they are. */
  peek(site: string, pageId: string): { site: Site; record: ThreadRecord } | undefined;
  /** The body cached for `key`, if it was built for this ETag. */
  body(key: string, etag: string): CachedBody | undefined;
  storeBody(key: string, body: CachedBody): void;
  /** The body in the wanted encoding, compressing it once on first demand. */
  encoded(key: string, body: CachedBody, encoding: Encoding): Buffer;
}

interface Freshness {
  revalidateMs: number;
  staleMs: number;
}

function remembering<T>(freshness: Freshness, load: (key: string) => Promise<T | undefined>) {
  const { revalidateMs, staleMs } = freshness;
  const cache = new LRUCache<string, Remembered<T>>({ max: MAX_REMEMBERED });
  const inFlight = new Map<string, Promise<T | undefined>>();
  return {
    async get(key: string, isFresh = false): Promise<T | undefined> {
      const known = cache.get(key);
      const age = known ? performance.now() - known.checkedAt : Number.POSITIVE_INFINITY;
      if (!isFresh && age < revalidateMs) return known?.value;
      // Not sent to a database known to be away: it would wait for it, up to mongoose's buffer timeout.
      if (age < staleMs && !isDatabaseConnected()) return known?.value;
      let loading = inFlight.get(key);
      if (!loading) {
        loading = load(key).finally(() => inFlight.delete(key));
        inFlight.set(key, loading);
      }
      let value: T | undefined;
      try {
        value = await loading;
      } catch (error) {
        if (age < staleMs && isDatabaseUnreachable(error)) return known?.value;
        throw error;
      }
      cache.set(key, { value, checkedAt: performance.now() });
      return value;
    },
    /** What is remembered, if it was looked at less than revalidateMs ago; never a round trip. */
    peek(key: string): T | undefined {
      const known = cache.get(key);
      return known && performance.now() - known.checkedAt < revalidateMs ? known.value : undefined;
    },
    set(key: string, value: T) {
      cache.set(key, { value, checkedAt: performance.now() });
    },
  };
}

/** Reads need no change log (only the live streams do, and they read it themselves): it is not kept. */
function withoutLog(record: ThreadRecord | undefined): ThreadRecord | undefined {
  if (!record?.changes) return record;
  const { changes: _log, ...rest } = record;
  return rest;
}

function sizeOf(body: CachedBody): number {
  return body.identity.length + (body.gzip?.length ?? 0) + (body.br?.length ?? 0) + 200;
}

export function createReadCache(options: {
  revalidateMs: number;
  /** How long what was read may stand in while the database cannot be reached (0: not at all). */
  staleMs?: number;
  maxBytes: number;
}): ReadCache {
  const freshness = { revalidateMs: options.revalidateMs, staleMs: options.staleMs ?? 0 };
  const sites = remembering<Site>(freshness, findSite);
  const records = remembering<ThreadRecord>(freshness, async (key) => {
    const [site, pageId] = JSON.parse(key) as [string, string];
    return withoutLog(await findThreadRecord(site, pageId));
  });
  const bodies =
    options.maxBytes > 0
      ? new LRUCache<string, CachedBody>({ maxSize: options.maxBytes, sizeCalculation: sizeOf })
      : undefined;
  const recordKey = (site: string, pageId: string) => JSON.stringify([site, pageId]);
  const learn = (record: ThreadRecord) =>
    records.set(recordKey(record.site, record.pageId), withoutLog(record) as ThreadRecord);
  threadWrites.on('written', learn);

  return {
    site: (id) => sites.get(id),
    record: (site, pageId, isFresh) => records.get(recordKey(site, pageId), isFresh),
    learn,
    peek(siteId, pageId) {
      const site = sites.peek(siteId);
      const record = site && records.peek(recordKey(siteId, pageId));
      return site && record ? { site, record } : undefined;
    },
    body(key, etag) {
      const body = bodies?.get(key);
      return body?.etag === etag ? body : undefined;
    },
    storeBody(key, body) {
      bodies?.set(key, body);
    },
    encoded(key, body, encoding) {
      if (encoding === 'identity' || body.identity.length < COMPRESS_FROM_BYTES) return body.identity;
      let encoded = body[encoding];
      if (!encoded) {
        encoded =
          encoding === 'br'
            ? brotliCompressSync(body.identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })
            : gzipSync(body.identity, { level: 6 });
        body[encoding] = encoded;
        // Stored again, so the LRU counts the new bytes against the budget.
        if (bodies?.get(key) === body) bodies.set(key, body);
      }
      return encoded;
    },
  };
}
