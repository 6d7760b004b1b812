// A server-sent events client for tests: opens a stream over plain HTTP and parses what comes,
// as the HTML standard's EventSource would (events, their ids, and comment lines).

import type { RequestListener } from 'node:http';
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

export interface OpenStream {
  status: number;
  headers: IncomingHttpHeaders;
  /** Everything received, as text. */
  text(): string;
  events(): SseEvent[];
  /** Comment lines (": ping"). */
  comments(): string[];
  /** Resolves once `count` events have come; rejects after `timeoutMs`. */
  waitForEvents(count: number, timeoutMs?: number): Promise<SseEvent[]>;
  waitForText(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

function parse(text: string): { events: SseEvent[]; comments: string[] } {
  const events: SseEvent[] = [];
  const comments: string[] = [];
  for (const block of text.split('\n\n').slice(0, -1)) {
    let event: SseEvent = { event: 'message', data: '' };
    let hasData = false;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) comments.push(line);
      const [field, ...rest] = line.split(':');
      const value = rest.join(':').replace(/^ /, '');
      if (field === 'id') event.id = value;
      if (field === 'event') event.event = value;
      if (field === 'data') {
        event.data += (hasData ? '\n' : '') + value;
        hasData = true;
      }
    }
    if (hasData) events.push(event);
    event = { event: 'message', data: '' };
  }
  return { events, comments };
}

/** Opens `url` and resolves once the answer's headers are in (whatever the status). */
export function openStream(url: string, headers: Record<string, string> = {}): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      url,
      { headers: { Accept: 'text/event-stream', ...headers }, agent: false },
      (res) => {
        let text = '';
        const waiters = new Set<() => void>();
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          for (const waiter of waiters) waiter();
        });
        const ended = new Promise<void>((done) => res.once('close', () => done()));
        const waitUntil = (what: string, isDone: () => boolean, timeoutMs: number) =>
          new Promise<void>((done, fail) => {
            const check = () => {
              if (!isDone()) return;
              waiters.delete(check);
              clearTimeout(timer);
              done();
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; got:\n${text}`));
            }, timeoutMs);
            waiters.add(check);
            check();
          });
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: () => text,
          events: () => parse(text).events,
          comments: () => parse(text).comments,
          async waitForEvents(count, timeoutMs = 5000) {
            await waitUntil(`${count} events`, () => parse(text).events.length >= count, timeoutMs);
            return parse(text).events;
          },
          waitForText: (pattern, timeoutMs = 5000) =>
            waitUntil(String(pattern), () => pattern.test(text), timeoutMs),
          ended,
          close: () => req.destroy(),
        });
      },
    );
    req.on('error', reject);
  });
}

/** Serves `listener` on a free local port. */
export async function serve(
  listener: RequestListener,
): Promise<{ url(path: string): string; close(): Promise<void> }> {
  const server = http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
