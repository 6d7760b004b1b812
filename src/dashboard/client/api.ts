// Talks to Parley's auth and moderation API with the session cookie. The CSRF token lives
// in memory only: it comes with the login, or from /auth/me when the page loads.
import type { CommenterList, ListEntries, ListEntry } from '../../shared/commenterLists';
import type { BulkResult, Card, CommentDetail, StatusCounts } from '../../shared/moderationCard';
import type { ReportedComment } from '../../shared/reports';
import type { StatusAction } from '../../shared/transitions';
import type { BulkAction, ListQuery, User } from './types';

/** An answer other than success: the server's code, message and per-field messages. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface Session {
  user: User;
  csrfToken: string | null;
}

const API = '/api/v1';

export function createApi(options: { onSessionLost: () => void }) {
  let csrfToken: string | null = null;

  async function send<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
    let res: Response;
    try {
      res = await fetch(`${API}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
        cache: 'no-store',
      });
    } catch {
      throw new ApiError(0, 'network', 'Parley could not be reached. Check the connection and try again.');
    }
    if (res.status === 204) return undefined as T;
    const answer = await res.json().catch(() => ({}));
    if (!res.ok) {
      const error = answer.error ?? {};
      throw new ApiError(
        res.status,
        error.code ?? 'http_error',
        error.message ?? res.statusText,
        error.fields,
      );
    }
    return answer as T;
  }

  /** A moderator's call: a lost session shows the login again; a stale CSRF token is renewed once. */
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    try {
      return await send<T>(method, path, body);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 401) options.onSessionLost();
      if (error.code !== 'csrf_failed') throw error;
      if (!(await me())) {
        options.onSessionLost();
        throw error;
      }
      return send<T>(method, path, body);
    }
  }

  async function me(): Promise<Session | undefined> {
    try {
      const session = await send<Session>('GET', '/auth/me');
      csrfToken = session.csrfToken;
      return session;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return undefined;
      throw error;
    }
  }

  const comment = (id: string) => `/moderation/comments/${encodeURIComponent(id)}`;
  const listPath = (site: string, list: CommenterList) =>
    `/moderation/sites/${encodeURIComponent(site)}/${list === 'block' ? 'blocks' : 'trusts'}`;

  return {
    me,
    async logIn(email: string, password: string): Promise<Session> {
      const session = await send<Session>('POST', '/auth/login', { email, password });
      csrfToken = session.csrfToken;
      return session;
    },
    async logOut(): Promise<void> {
      try {
        await send('POST', '/auth/logout');
      } finally {
        csrfToken = null;
      }
    },
    async setName(name: string | null): Promise<Session> {
      return call<Session>('PATCH', '/auth/me', { name });
    },
    list(query: ListQuery) {
      const params = new URLSearchParams({ status: query.status, sort: query.sort, limit: '20' });
      for (const key of ['site', 'pageId', 'q', 'cursor'] as const) {
        const value = query[key];
        if (value) params.set(key, value);
      }
      return call<{ comments: Card[]; nextCursor: string | null }>('GET', `/moderation/comments?${params}`);
    },
    counts(site?: string) {
      const params = site ? `?${new URLSearchParams({ site })}` : '';
      return call<{ counts: StatusCounts; sites: Record<string, StatusCounts> }>(
        'GET',
        `/moderation/counts${params}`,
      );
    },
    detail: (id: string) => call<CommentDetail>('GET', comment(id)),
    act: (id: string, action: StatusAction) => call<{ comment: Card }>('POST', `${comment(id)}/${action}`),
    edit: (id: string, content: string) => call<{ comment: Card }>('PATCH', comment(id), { content }),
    reply: (id: string, content: string) =>
      call<{ comment: Card }>('POST', `${comment(id)}/reply`, { content }),
    remove: (id: string) => call<void>('DELETE', comment(id)),
    reported(site?: string) {
      const params = site ? `?${new URLSearchParams({ site })}` : '';
      return call<{ comments: ReportedComment[] }>('GET', `/moderation/reports${params}`);
    },
    dismissReports: (id: string) =>
      call<{ dismissed: number }>('POST', `/moderation/reports/${encodeURIComponent(id)}/dismiss`),
    sendBack: (id: string) =>
      call<{ comment: Card }>('POST', `/moderation/reports/${encodeURIComponent(id)}/send-back`),
    bulk: (ids: string[], action: BulkAction) =>
      call<{ results: BulkResult[] }>('POST', '/moderation/comments/bulk', { ids, action }),
    listEntries: (site: string, list: CommenterList) => call<ListEntries>('GET', listPath(site, list)),
    addListEntry: (site: string, list: CommenterList, body: Record<string, string>) =>
      call<{ entry: ListEntry }>('POST', listPath(site, list), body),
    removeListEntry: (site: string, list: CommenterList, id: string) =>
      call<void>('DELETE', `${listPath(site, list)}/${encodeURIComponent(id)}`),
  };
}

export type Api = ReturnType<typeof createApi>;
