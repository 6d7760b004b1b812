// Warm thread reads answered before Express sees them. Express and its middleware (logging,
// security headers, CORS, compression, routing, validation) cost about a millisecond per
// request on a small machine, ten times what writing cached bytes costs. So once the
// Express route has answered a thread read, this remembers what it sent: the headers, and
// where the body lives in the read cache. The same request (same URL, Origin and encoding)
// is answered again here, as long as the site and the page's record in the read cache are
// recent enough to use without a round trip (READ_CACHE_REVALIDATE_MS), the site is the
// copy Express used, and the record gives the ETag of a cached body. Anything else goes to
// Express, which answers and is remembered again: a replay lives one revalidation at most.
//
// What is replayed is what Express sent, but for what each answer has of its own: the
// request id, Date, and the ETag and body headers of the page's current version. The
// request is logged and counted as Express would log and count it.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { LRUCache } from 'lru-cache';
import { requestIdOf } from '../http/requestId';
import { type Logger, maskUrlSecrets } from '../logger';
import type { Metrics } from '../metrics';
import type { Site } from '../sites/site.model';
import { type Encoding, preferredEncoding, type ReadCache } from './readCache';
import { matchesEtag, type ThreadQuery, threadEtag } from './thread.read';

/** The Express route's pattern, as the request metrics label it. */
const ROUTE = '/api/v1/sites/:site/comments';
const PATH = /^\/api\/v1\/sites\/[^/?]+\/comments\?/;
const MAX_REMEMBERED = 10_000;
/** Headers that differ per request or per version: set for each answer, never replayed. */
const PER_ANSWER = new Set([
  'x-request-id',
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'etag',
  'content-length',
  'content-encoding',
]);

interface Remembered {
  /**
   * The site as the read cache held it when Express answered. Replays stop when it holds a
   * newer copy, so a change of the site's allowed origins (CORS headers) is followed too.
   */
  site: Site;
  query: ThreadQuery;
  /** The read cache's key for the body. */
  bodyKey: string;
  encoding: Encoding;
  /** What Express answered: a 304's headers serve only 304s (they lack the body's). */
  status: 200 | 304;
  headers: OutgoingHttpHeaders;
}

export interface WarmReads {
  /** Answers the request when it is a remembered warm read; false when Express must. */
  serve(req: IncomingMessage, res: ServerResponse): boolean;
  /** Called by the Express route as it answers (200 or 304), to answer the same request here next time. */
  remember(
    req: IncomingMessage & { originalUrl: string },
    res: ServerResponse,
    read: Omit<Remembered, 'headers' | 'status'>,
  ): void;
  /** Requests answered here so far (for tests and the benchmark). */
  readonly served: number;
}

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return typeof value === 'string' ? value : '';
}

/**
 * Requests that differ in any of these may get different answers, so they are told apart.
 * The URL is the one the client sent (Express shortens req.url inside mounted routers).
 */
function keyOf(req: IncomingMessage, url: string | undefined, encoding: Encoding): string {
  return `${encoding} ${header(req, 'origin')} ${url}`;
}

export function createWarmReads(deps: { cache: ReadCache; log: Logger; metrics: Metrics }): WarmReads {
  const { cache, log, metrics } = deps;
  const remembered = new LRUCache<string, Remembered>({ max: MAX_REMEMBERED });
  let served = 0;

  function finish(req: IncomingMessage, res: ServerResponse, id: string, started: bigint) {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    metrics.observeRequest({ method: 'GET', route: ROUTE, status: res.statusCode }, seconds);
    if (log.isLevelEnabled('info')) {
      log.info(
        {
          req: { id, method: req.method, url: maskUrlSecrets(req.url) },
          res: { statusCode: res.statusCode },
          responseTime: Math.round(seconds * 1000),
        },
        'request completed',
      );
    }
  }

  return {
    get served() {
      return served;
    },

    serve(req, res) {
      if (req.method !== 'GET' || !req.url || !PATH.test(req.url)) return false;
      // A reader's own view (author token, or a form post's moderation-hash) is never replayed.
      if (req.headers['parley-author-token'] !== undefined) return false;
      if (req.headers['parley-moderation-hash'] !== undefined) return false;
      const started = process.hrtime.bigint();
      const encoding = preferredEncoding(req);
      const entry = remembered.get(keyOf(req, req.url, encoding));
      if (!entry) return false;
      const known = cache.peek(entry.site.id, entry.query.pageId);
      if (known?.site !== entry.site) return false;
      const etag = threadEtag(known.site, known.record, entry.query);
      const isNotModified = matchesEtag(header(req, 'if-none-match') || undefined, etag);
      const body = isNotModified ? undefined : cache.body(entry.bodyKey, etag);
      if (!isNotModified && (!body || entry.status !== 200)) return false;

      const id = requestIdOf(req) ?? randomUUID();
      served += 1;
      if (!body) {
        const { 'Content-Type': _type, ...headers } = entry.headers;
        res.writeHead(304, { 'X-Request-Id': id, ...headers, ETag: etag }).end();
      } else {
        const bytes = cache.encoded(entry.bodyKey, body, entry.encoding);
        res.writeHead(200, {
          'X-Request-Id': id,
          ...entry.headers,
          ETag: etag,
          ...(bytes !== body.identity && { 'Content-Encoding': entry.encoding }),
          'Content-Length': bytes.length,
        });
        res.end(bytes);
      }
      finish(req, res, id, started);
      return true;
    },

    remember(req, res, read) {
      const key = keyOf(req, req.originalUrl, read.encoding);
      res.once('finish', () => {
        const status = res.statusCode;
        if (status !== 200 && status !== 304) return;
        const headers: OutgoingHttpHeaders = {};
        // Names as Express wrote them (Node has this on every outgoing message; its types
        // list it on client requests only).
        const names = (res as unknown as { getRawHeaderNames(): string[] }).getRawHeaderNames();
        for (const name of names) {
          const value = res.getHeader(name);
          if (!PER_ANSWER.has(name.toLowerCase()) && value !== undefined) headers[name] = value;
        }
        remembered.set(key, { ...read, status: status as 200 | 304, headers });
      });
    },
  };
}
