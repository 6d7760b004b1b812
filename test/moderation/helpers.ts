import type { Express } from 'express';
import request from 'supertest';
import { listCommentAudit } from '../../src/audit/audit.model';
import { createApiToken } from '../../src/auth/apiTokens';
import type { User } from '../../src/auth/user.model';
import type { CommentListener as ModerationEvents } from '../../src/comments/events';
import type { Comment, CommentStatus } from '../../src/comments/store/comment.types';
import type { Site } from '../../src/sites/site.model';
import { findThreadRecord } from '../../src/threads/thread.model';
import { buildUser } from '../auth/helpers';
import { buildTestApp } from '../helpers/app';
import type { TestClock } from '../helpers/clock';
import { buildSite } from '../helpers/factories';

export const BASE = '/api/v1/moderation';
export const PAGE = '/2026/02/moderated-story';

export interface RecordedEvent {
  event: 'onStatusChanged' | 'onCreated';
  commentId: string;
  status: CommentStatus;
  from?: CommentStatus;
  to?: CommentStatus;
}

/** An events listener that remembers every call, and throws when `failing` is set. */
export function recordingEvents() {
  const calls: RecordedEvent[] = [];
  const state = { failing: false };
  const events: ModerationEvents = {
    async onStatusChanged(comment, from, to) {
      calls.push({ event: 'onStatusChanged', commentId: comment.id, status: comment.status, from, to });
      if (state.failing) throw new Error('listener is down');
    },
    async onCreated(comment) {
      calls.push({ event: 'onCreated', commentId: comment.id, status: comment.status });
      if (state.failing) throw new Error('listener is down');
    },
  };
  return { events, calls, state };
}

/** The real app, as buildTestApp makes it, but with a moderation events listener. */
export function buildModerationApp(options: { clock?: TestClock; events?: ModerationEvents } = {}) {
  return buildTestApp({ clock: options.clock, extras: () => ({ events: options.events }) });
}

export interface Actor {
  user: User;
  token: string;
}

export async function buildActor(options: Parameters<typeof buildUser>[0] = {}): Promise<Actor> {
  const user = await buildUser(options);
  const { token } = await createApiToken(user.id, 'moderation tests', new Date('2026-01-01T00:00:00Z'));
  return { user, token };
}

export interface World {
  news: Site;
  blog: Site;
  /** Moderates `news` only. */
  newsModerator: Actor;
  /** Moderates `blog` only. */
  blogModerator: Actor;
  admin: Actor;
}

export async function buildWorld(settings: Parameters<typeof buildSite>[0] = {}): Promise<World> {
  const news = await buildSite({ id: 'news', ...settings });
  const blog = await buildSite({ id: 'blog', ...settings });
  return {
    news,
    blog,
    newsModerator: await buildActor({ sites: ['news'] }),
    blogModerator: await buildActor({ sites: ['blog'] }),
    admin: await buildActor({ role: 'admin' }),
  };
}

/** Calls the moderation API as `actor` (with their Bearer token), or anonymously. */
export function as(app: Express, actor?: Actor) {
  const auth = (test: request.Test) => (actor ? test.set('Authorization', `Bearer ${actor.token}`) : test);
  return {
    get: (path: string) => auth(request(app).get(`${BASE}${path}`)),
    post: (path: string, body: object = {}) => auth(request(app).post(`${BASE}${path}`)).send(body),
    patch: (path: string, body: object = {}) => auth(request(app).patch(`${BASE}${path}`)).send(body),
    delete: (path: string) => auth(request(app).delete(`${BASE}${path}`)),
  };
}

/** The public thread of a page as readers get it: its ETag and totals. */
export async function readPublicThread(app: Express, site: string, pageId = PAGE) {
  const res = await request(app).get(`/api/v1/sites/${site}/comments?pageId=${encodeURIComponent(pageId)}`);
  if (res.status !== 200) throw new Error(`thread read failed: ${res.status} ${res.text}`);
  return {
    etag: res.headers.etag as string,
    total: res.body.total as number,
    topLevelTotal: res.body.topLevelTotal as number,
    body: res.body,
  };
}

/** The page's stored counts and version (its thread record). */
export async function pageState(site: string, pageId = PAGE) {
  const page = await findThreadRecord(site, pageId);
  return {
    approvedCount: page?.approvedCount,
    approvedTopLevelCount: page?.approvedTopLevelCount,
    version: page?.version,
  };
}

export async function auditOf(comment: Pick<Comment, 'id'>) {
  return listCommentAudit(comment.id);
}
