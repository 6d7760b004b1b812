// Who may call the moderation API: every endpoint refuses anonymous callers (401) and
// moderators of other sites (403), without changing anything; cookie sessions need the
// CSRF token on writes, bearer tokens do not.
import request from 'supertest';
import { AuditModel } from '../../src/audit/audit.model';
import type { Comment, CommentStatus } from '../../src/comments/store/comment.types';
import { findComment } from '../../src/comments/store/reads';
import { listJobs } from '../../src/queue';
import { logIn } from '../auth/helpers';
import { useTestDatabase } from '../helpers/db';
import { buildComment } from '../helpers/factories';
import {
  type Actor,
  as,
  auditOf,
  BASE,
  buildActor,
  buildModerationApp,
  buildWorld,
  PAGE,
  type World,
} from './helpers';

useTestDatabase();

const { app } = buildModerationApp();

type Method = 'get' | 'post' | 'patch' | 'delete';

interface Endpoint {
  name: string;
  method: Method;
  path(target: Comment): string;
  body?(target: Comment): object;
  /** The status the target needs for the call to succeed. */
  targetStatus: CommentStatus;
  isAdminOnly?: boolean;
  ok: number;
}

const ENDPOINTS: Endpoint[] = [
  {
    name: 'GET comments',
    method: 'get',
    path: (c) => `/comments?site=${c.site}`,
    targetStatus: 'pending',
    ok: 200,
  },
  {
    name: 'GET counts',
    method: 'get',
    path: (c) => `/counts?site=${c.site}`,
    targetStatus: 'pending',
    ok: 200,
  },
  {
    name: 'GET comments/:id',
    method: 'get',
    path: (c) => `/comments/${c.id}`,
    targetStatus: 'pending',
    ok: 200,
  },
  {
    name: 'POST approve',
    method: 'post',
    path: (c) => `/comments/${c.id}/approve`,
    targetStatus: 'pending',
    ok: 200,
  },
  {
    name: 'POST spam',
    method: 'post',
    path: (c) => `/comments/${c.id}/spam`,
    targetStatus: 'pending',
    ok: 200,
  },
  {
    name: 'POST trash',
    method: 'post',
    path: (c) => `/comments/${c.id}/trash`,
    targetStatus: 'pending',
    ok: 200,
  },
  {
    name: 'POST restore',
    method: 'post',
    path: (c) => `/comments/${c.id}/restore`,
    targetStatus: 'spam',
    ok: 200,
  },
  {
    name: 'PATCH comments/:id',
    method: 'patch',
    path: (c) => `/comments/${c.id}`,
    body: () => ({ content: 'Edited by a moderator.' }),
    targetStatus: 'pending',
    ok: 200,
  },
  {
    name: 'DELETE comments/:id',
    method: 'delete',
    path: (c) => `/comments/${c.id}`,
    targetStatus: 'pending',
    isAdminOnly: true,
    ok: 204,
  },
  {
    name: 'POST comments/bulk',
    method: 'post',
    path: () => '/comments/bulk',
    body: (c) => ({ ids: [c.id], action: 'trash' }),
    targetStatus: 'pending',
    ok: 200,
  },
  {
    name: 'POST comments/:id/reply',
    method: 'post',
    path: (c) => `/comments/${c.id}/reply`,
    body: () => ({ content: 'Thanks, we fixed the typo.' }),
    targetStatus: 'approved',
    ok: 201,
  },
];

const WRITES = ENDPOINTS.filter((endpoint) => endpoint.method !== 'get');

function call(endpoint: Endpoint, target: Comment, actor?: Actor) {
  const client = as(app, actor);
  const path = endpoint.path(target);
  if (endpoint.method === 'get') return client.get(path);
  if (endpoint.method === 'delete') return client.delete(path);
  return client[endpoint.method](path, endpoint.body?.(target) ?? {});
}

/** A raw request with a cookie session, with or without the CSRF header. */
function callWithCookie(
  endpoint: Endpoint,
  target: Comment,
  session: { cookie: string; csrfToken: string },
  csrf: boolean,
) {
  const test = request(app)
    [endpoint.method](`${BASE}${endpoint.path(target)}`)
    .set('Cookie', session.cookie);
  if (csrf) test.set('X-CSRF-Token', session.csrfToken);
  return endpoint.method === 'get' || endpoint.method === 'delete'
    ? test
    : test.send(endpoint.body?.(target) ?? {});
}

async function expectUntouched(target: Comment) {
  const stored = await findComment(target.id);
  expect(stored?.status).toBe(target.status);
  expect(stored?.content).toBe(target.content);
  expect(await auditOf(target)).toEqual([]);
  expect(await listJobs()).toEqual([]);
}

let world: World;

beforeEach(async () => {
  world = await buildWorld();
});

describe('moderation API access', () => {
  it.each(ENDPOINTS)('$name refuses anonymous callers with 401', async (endpoint) => {
    const target = await buildComment(world.news, { pageId: PAGE, status: endpoint.targetStatus });
    const res = await call(endpoint, target);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
    await expectUntouched(target);
  });

  it.each(ENDPOINTS)('$name refuses an unknown bearer token with 401', async (endpoint) => {
    const target = await buildComment(world.news, { pageId: PAGE, status: endpoint.targetStatus });
    const res = await call(endpoint, target, {
      user: world.newsModerator.user,
      token: `pt_${'x'.repeat(43)}`,
    });
    expect(res.status).toBe(401);
    await expectUntouched(target);
  });

  it.each(ENDPOINTS)('$name refuses a moderator of another site with 403', async (endpoint) => {
    const target = await buildComment(world.news, { pageId: PAGE, status: endpoint.targetStatus });
    const res = await call(endpoint, target, world.blogModerator);
    expect(res.status).toBe(403);
    // Deleting is for admins whoever the site belongs to; everything else is about the site.
    expect(res.body.error.code).toBe(endpoint.isAdminOnly ? 'forbidden' : 'forbidden_site');
    await expectUntouched(target);
  });

  it.each(ENDPOINTS)(
    '$name answers the moderator of the site (or an admin, for deletes)',
    async (endpoint) => {
      const target = await buildComment(world.news, { pageId: PAGE, status: endpoint.targetStatus });
      const actor = endpoint.isAdminOnly ? world.admin : world.newsModerator;
      const res = await call(endpoint, target, actor);
      expect(res.status).toBe(endpoint.ok);
    },
  );

  it('refuses a delete by a moderator of every site with 403: deleting is for admins', async () => {
    const allSites = await buildActor({ allSites: true });
    const target = await buildComment(world.news, { pageId: PAGE, status: 'pending' });
    const res = await as(app, allSites).delete(`/comments/${target.id}`);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    await expectUntouched(target);
  });
});

describe('CSRF for cookie sessions', () => {
  it.each(WRITES)('$name with a cookie session and no X-CSRF-Token is refused with 403', async (endpoint) => {
    const actor = endpoint.isAdminOnly ? world.admin : world.newsModerator;
    const session = await logIn(app, actor.user.email);
    const target = await buildComment(world.news, { pageId: PAGE, status: endpoint.targetStatus });
    const res = await callWithCookie(endpoint, target, session, false);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('csrf_failed');
    await expectUntouched(target);
  });

  it.each(WRITES)('$name with a cookie session and the X-CSRF-Token passes', async (endpoint) => {
    const actor = endpoint.isAdminOnly ? world.admin : world.newsModerator;
    const session = await logIn(app, actor.user.email);
    const target = await buildComment(world.news, { pageId: PAGE, status: endpoint.targetStatus });
    const res = await callWithCookie(endpoint, target, session, true);
    expect(res.status).toBe(endpoint.ok);
    expect(await AuditModel.countDocuments({ userId: actor.user.id })).toBe(1);
  });

  it('a wrong X-CSRF-Token is refused as well', async () => {
    const session = await logIn(app, world.newsModerator.user.email);
    const target = await buildComment(world.news, { pageId: PAGE, status: 'pending' });
    const res = await request(app)
      .post(`${BASE}/comments/${target.id}/approve`)
      .set('Cookie', session.cookie)
      .set('X-CSRF-Token', `${session.csrfToken.slice(0, -2)}xx`);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('csrf_failed');
    await expectUntouched(target);
  });

  it('reads with a cookie session need no CSRF token', async () => {
    const session = await logIn(app, world.newsModerator.user.email);
    const res = await request(app).get(`${BASE}/comments`).set('Cookie', session.cookie);
    expect(res.status).toBe(200);
  });

  it('bearer tokens write without a CSRF token', async () => {
    const target = await buildComment(world.news, { pageId: PAGE, status: 'pending' });
    const res = await as(app, world.newsModerator).post(`/comments/${target.id}/approve`);
    expect(res.status).toBe(200);
    expect((await findComment(target.id))?.status).toBe('approved');
  });
});

describe('site scope of reads', () => {
  it("lists and counts only the moderator's own sites when no site is named", async () => {
    const mine = await buildComment(world.news, { pageId: PAGE, status: 'pending' });
    await buildComment(world.blog, { pageId: PAGE, status: 'pending' });

    const list = await as(app, world.newsModerator).get('/comments').expect(200);
    expect(list.body.comments.map((c: { id: string }) => c.id)).toEqual([mine.id]);

    const counts = await as(app, world.newsModerator).get('/counts').expect(200);
    expect(counts.body).toEqual({
      counts: { pending: 1, approved: 0, spam: 0, trash: 0 },
      sites: { news: { pending: 1, approved: 0, spam: 0, trash: 0 } },
    });

    const all = await as(app, world.admin).get('/counts').expect(200);
    expect(all.body.counts.pending).toBe(2);
    expect(Object.keys(all.body.sites).sort()).toEqual(['blog', 'news']);
  });
});
