// The live thread streams of one process and the pages they watch. There is no broker: each
// process looks, about once a second (LIVE_POLL_MS), at the thread record of every page one
// of its readers has open, by _id, once for all of that page's streams, and sends each stream
// the entries of the record's change log (src/threads/thread.changes.ts) it has not had yet.
// The read cache is handed each record read, so it learns the page's new version at once.
import type { ServerResponse } from 'node:http';
import type { Logger } from '../logger';
import type { ThreadLogEntry } from '../threads/thread.changes';
import type { ThreadRecord } from '../threads/thread.model';
import { liveErrors } from './live.errors';
import { changeEvent, HEARTBEAT, openingLines, resetEvent } from './sse';

export interface LiveStreamsOptions {
  /** The page's thread record, by _id from the database. */
  loadRecord(site: string, pageId: string): Promise<ThreadRecord | undefined>;
  /** Hands a record just read to the read cache, so thread reads show the change at once. */
  learn(record: ThreadRecord): void;
  log: Logger;
  pollMs: number;
  heartbeatMs: number;
  maxStreams: number;
  maxPerIp: number;
}

export interface StreamRequest {
  site: string;
  pageId: string;
  /** Who asks, for the per-address cap; never logged. */
  ip: string;
  /** The last change the client had (Last-Event-ID); -1 when it sent one that makes no sense. */
  lastEventId?: number;
}

export interface LiveStreams {
  /** Answers `res` with a stream of the page's changes, or throws a refusal (AppError) before answering. */
  open(request: StreamRequest, res: ServerResponse): Promise<void>;
  /** Ends every stream and refuses new ones: for shutdown, so the server can close. */
  close(): void;
  /** Open streams and watched pages (for tests and metrics). */
  readonly count: { streams: number; pages: number };
}

interface Stream {
  res: ServerResponse;
  /** The number of the last change this stream was sent, or was current when it opened. */
  sent: number;
}

interface WatchedPage {
  site: string;
  pageId: string;
  streams: Set<Stream>;
  isReading: boolean;
}

/** The text that brings a stream from change `sent` to the end of `log`, and where that leaves it. */
export function catchUp(sent: number, log: ThreadLogEntry[]): { text: string; sent: number } {
  const latest = log.at(-1)?.seq ?? 0;
  if (sent === latest) return { text: '', sent };
  const first = log[0]?.seq;
  // Behind the log's window, ahead of it (the client's number is from elsewhere), or nonsense.
  if (first === undefined || sent < first - 1 || sent > latest)
    return { text: resetEvent(latest), sent: latest };
  let text = '';
  for (const entry of log) {
    if (entry.seq <= sent) continue;
    const { kind, id } = entry;
    text += kind === 'reset' ? resetEvent(entry.seq) : changeEvent(entry.seq, { kind, id });
  }
  return { text, sent: latest };
}

export function createLiveStreams(options: LiveStreamsOptions): LiveStreams {
  const { loadRecord, log } = options;
  const pages = new Map<string, WatchedPage>();
  const perIp = new Map<string, number>();
  let streams = 0;
  let isClosed = false;
  let timers: NodeJS.Timeout[] = [];

  const keyOf = (site: string, pageId: string) => JSON.stringify([site, pageId]);

  function send(stream: Stream, text: string) {
    if (text && !stream.res.writableEnded) stream.res.write(text);
  }

  async function look(page: WatchedPage) {
    page.isReading = true;
    try {
      const record = await loadRecord(page.site, page.pageId);
      if (record) options.learn(record);
      for (const stream of page.streams) {
        const { text, sent } = catchUp(stream.sent, record?.changes ?? []);
        stream.sent = sent;
        send(stream, text);
      }
    } catch (error) {
      // The database may be away for a while: the streams stay open and the next tick tries again.
      log.warn({ err: error, site: page.site }, 'live streams could not read a thread');
    } finally {
      page.isReading = false;
    }
  }

  function startTimers() {
    const poll = setInterval(() => {
      for (const page of pages.values()) if (!page.isReading) void look(page);
    }, options.pollMs);
    const heartbeat = setInterval(() => {
      for (const page of pages.values()) for (const stream of page.streams) send(stream, HEARTBEAT);
    }, options.heartbeatMs);
    timers = [poll, heartbeat];
    for (const timer of timers) timer.unref();
  }

  function stopTimers() {
    for (const timer of timers) clearInterval(timer);
    timers = [];
  }

  /** Counts the stream against the caps, or refuses it. */
  function reserve(ip: string): () => void {
    if (isClosed || streams >= options.maxStreams) throw liveErrors.full();
    const fromIp = perIp.get(ip) ?? 0;
    if (fromIp >= options.maxPerIp) throw liveErrors.tooManyFromIp();
    streams += 1;
    perIp.set(ip, fromIp + 1);
    if (streams === 1) startTimers();
    let isReleased = false;
    return () => {
      if (isReleased) return;
      isReleased = true;
      streams -= 1;
      const left = (perIp.get(ip) ?? 1) - 1;
      if (left > 0) perIp.set(ip, left);
      else perIp.delete(ip);
      if (streams === 0) stopTimers();
    };
  }

  return {
    get count() {
      return { streams, pages: pages.size };
    },

    async open(request, res) {
      const release = reserve(request.ip);
      let record: ThreadRecord | undefined;
      try {
        record = await loadRecord(request.site, request.pageId);
      } catch (error) {
        release();
        throw error;
      }
      // The client may have gone while the record was read.
      const isGone = res.destroyed || !res.socket || res.socket.destroyed;
      if (isGone || isClosed) {
        release();
        if (!isGone) throw liveErrors.full();
        return;
      }
      const latest = record?.changes?.at(-1)?.seq ?? 0;
      const stream: Stream = { res, sent: request.lastEventId ?? latest };
      const key = keyOf(request.site, request.pageId);
      const page = pages.get(key) ?? {
        site: request.site,
        pageId: request.pageId,
        streams: new Set<Stream>(),
        isReading: false,
      };
      page.streams.add(stream);
      pages.set(key, page);
      res.once('close', () => {
        page.streams.delete(stream);
        if (page.streams.size === 0 && pages.get(key) === page) pages.delete(key);
        release();
      });

      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        // no-transform also keeps the compression middleware from buffering the stream.
        'Cache-Control': 'no-cache, no-transform',
        'X-Accel-Buffering': 'no',
      });
      res.flushHeaders();
      const caught = catchUp(stream.sent, record?.changes ?? []);
      stream.sent = caught.sent;
      res.write(openingLines(caught.sent) + caught.text);
    },

    close() {
      isClosed = true;
      stopTimers();
      for (const page of pages.values()) for (const stream of page.streams) stream.res.end();
    },
  };
}
