// What a live thread stream (GET /api/v1/sites/{site}/stream) tells an open embed: a comment
// of the page's public thread appeared, changed in place, or went; or, with a `reset` event,
// that more changed than the stream can name, so the thread should be read again.

export type LiveChangeKind = 'added' | 'edited' | 'removed';

/** The data of each unnamed event; its SSE `id:` is the change's number on the page. */
export interface LiveChange {
  kind: LiveChangeKind;
  /** The comment's id. */
  id: string;
}

/** The name of the event that asks the embed to read the thread again. */
export const LIVE_RESET_EVENT = 'reset';
