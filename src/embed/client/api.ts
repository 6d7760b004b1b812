// Talks to Parley's public API (docs/api.md): the thread, posting, and counts.
import { type HeldComment, MODERATION_HASH_HEADER, UNAPPROVED_PARAM } from '../../shared/heldComment';
import type { PublicComment, PublicThread } from '../../shared/publicComment';

export interface NewComment {
  pageId: string;
  pageUrl?: string;
  pageTitle?: string;
  parentId?: string;
  content: string;
  author: string;
  email: string;
  url: string;
  homepage?: string;
}

/** An answer other than success: the server's code, message and per-field messages. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface Api {
  thread(
    query: { pageId: string; sort: string; page: number },
    token?: string,
    held?: HeldComment,
    /** Past the HTTP cache (revalidated): after a live event. */
    isFresh?: boolean,
  ): Promise<PublicThread>;
  post(
    comment: NewComment,
    token: string | undefined,
    key: string,
  ): Promise<{ authorToken: string; comment: PublicComment }>;
  counts(pageIds: string[]): Promise<Record<string, number>>;
  report(id: string, body: { reason: string; note?: string }, token?: string): Promise<unknown>;
  /** The author's own edit (PATCH) or delete (DELETE) of a comment, with their token. */
  change(id: string, token: string, content?: string): Promise<unknown>;
  /** The page's live stream (server-sent events). */
  streamUrl(pageId: string): string;
}

async function call<T>(url: string, init: RequestInit): Promise<T> {
  const res = await fetch(url, { ...init, credentials: 'omit' });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    const error = body.error ?? {};
    throw new ApiError(error.code ?? 'http_error', error.message ?? '', error.fields);
  }
  return body as T;
}

/** `base` is where Parley lives, such as https://comments.example.com/. */
export function createApi(base: string, site: string): Api {
  const url = (path: string, params: Array<[string, string]> = []) => {
    const target = new URL(`api/v1/sites/${encodeURIComponent(site)}/${path}`, base);
    for (const [name, value] of params) target.searchParams.append(name, value);
    return target.href;
  };
  const tokenHeader = (token?: string): Record<string, string> =>
    token ? { 'Parley-Author-Token': token } : {};
  return {
    thread: (query, token, held, isFresh) =>
      call(
        url('comments', [
          ['pageId', query.pageId],
          ['sort', query.sort],
          ['page', String(query.page)],
          ...(held ? [[UNAPPROVED_PARAM, held.id] as [string, string]] : []),
        ]),
        {
          // The hash goes in a header: a query string ends up in access logs.
          headers: { ...tokenHeader(token), ...(held && { [MODERATION_HASH_HEADER]: held.hash }) },
          // The public answer for this URL may sit in the HTTP cache; one's own comments never do.
          cache: token || held ? 'no-store' : isFresh ? 'no-cache' : 'default',
        },
      ),
    post: (comment, token, key) =>
      call(url('comments'), {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          'Idempotency-Key': key,
          ...tokenHeader(token),
        },
        body: JSON.stringify(comment),
      }),
    report: (id, body, token) =>
      call(url(`comments/${encodeURIComponent(id)}/reports`), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...tokenHeader(token) },
        body: JSON.stringify(body),
      }),
    change: (id, token, content) =>
      call(url(`comments/${id}`), {
        method: content === undefined ? 'DELETE' : 'PATCH',
        headers: { 'Content-Type': 'application/json', ...tokenHeader(token) },
        body: content === undefined ? undefined : JSON.stringify({ content }),
      }),
    streamUrl: (pageId) => url('stream', [['pageId', pageId]]),
    counts: async (pageIds) =>
      (
        await call<{ counts: Record<string, number> }>(
          url(
            'counts',
            pageIds.map((id) => ['pageId', id]),
          ),
          {},
        )
      ).counts,
  };
}
