// Server-sent events as the stream writes them (the HTML standard's text/event-stream): each
// change is an unnamed event whose `id:` is its number on the page, so a browser that
// reconnects sends it back as Last-Event-ID and the stream resumes after it.
import { LIVE_RESET_EVENT, type LiveChange } from '../shared/live';

/** How long a browser waits before reconnecting a stream that ended, in milliseconds. */
export const RECONNECT_MS = 3000;

/** The stream's first bytes: the reconnect delay, and the number it would resume after. */
export function openingLines(seq: number): string {
  return `retry: ${RECONNECT_MS}\nid: ${seq}\n\n`;
}

export function changeEvent(seq: number, change: LiveChange): string {
  return `id: ${seq}\ndata: ${JSON.stringify({ kind: change.kind, id: change.id })}\n\n`;
}

/** More changed than the stream can name: the embed reads the thread again. */
export function resetEvent(seq: number): string {
  return `id: ${seq}\nevent: ${LIVE_RESET_EVENT}\ndata: {}\n\n`;
}

/** A comment line: keeps proxies and load balancers from closing an idle stream. */
export const HEARTBEAT = ': ping\n\n';
