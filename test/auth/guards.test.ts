// The guards other routers build on, exercised on a small router of the kind the
// moderation API mounts, next to the real app (both share the database).
import express, { Router } from 'express';
import request from 'supertest';
import {
  type AuthUser,
  authenticate,
  canModerateSite,
  currentUser,
  installAuth,
  requireRole,
  requireUser,
} from '../../src/auth';
import { createErrorHandler, errors } from '../../src/errors';
import { createLogger } from '../../src/logger';
import { buildTestApp } from '../helpers/app';
import { createTestClock } from '../helpers/clock';
import { useTestDatabase } from '../helpers/db';
import { buildSite } from '../helpers/factories';
import { buildUser, logIn } from './helpers';

useTestDatabase();

const clock = createTestClock();

function buildGuardedApp() {
  const app = express();
  app.use(express.json());
  installAuth(app, { clock });
  const moderation = Router();
  moderation.get('/sites/:site/things', (_req, res) => {
    res.json({ user: currentUser(res).id, method: res.locals.authMethod });
  });
  moderation.post('/sites/:site/things', (req, res) => {
    const site = req.params.site as string;
    if (!canModerateSite(currentUser(res), site)) throw errors.forbidden('forbidden', 'Not your site.');
    res.status(201).json({ site, method: res.locals.authMethod });
  });
  moderation.delete('/sites/:site/things', requireRole('admin'), (_req, res) => {
    res.status(204).end();
  });
  const router = Router();
  router.use('/moderation', requireUser, moderation);
  router.get('/public', authenticate, (_req, res) => {
    res.json({ user: (res.locals.user as AuthUser | undefined)?.id ?? null });
  });
  app.use('/api/v1', router);
  app.use(createErrorHandler(createLogger({ level: 'silent' })));
  return app;
}

describe('auth guards', () => {
  const { app } = buildTestApp({ clock });
  const guarded = buildGuardedApp();

  async function moderatorOf(sites: string[]) {
    for (const id of sites) await buildSite({ id });
    const user = await buildUser({ sites });
    return { user, session: await logIn(app, user.email) };
  }

  async function tokenFor(session: { cookie: string; csrfToken: string }) {
    const res = await request(app)
      .post('/api/v1/auth/tokens')
      .set('Cookie', session.cookie)
      .set('X-CSRF-Token', session.csrfToken)
      .send({ name: 'script' })
      .expect(201);
    return res.body.token as string;
  }

  it('refuses anonymous callers with 401 on reads and writes', async () => {
    for (const method of ['get', 'post', 'delete'] as const) {
      const res = await request(guarded)[method]('/api/v1/moderation/sites/news/things');
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    }
  });

  it('lets a cookie session read without a CSRF token', async () => {
    const { user, session } = await moderatorOf(['news']);
    const res = await request(guarded)
      .get('/api/v1/moderation/sites/news/things')
      .set('Cookie', session.cookie)
      .expect(200);
    expect(res.body).toEqual({ user: user.id, method: 'session' });
  });

  it('refuses a cookie-authenticated write without or with a wrong X-CSRF-Token, and lets the right one pass', async () => {
    const { session } = await moderatorOf(['news']);
    const other = await moderatorOf(['sport']);
    const post = () =>
      request(guarded).post('/api/v1/moderation/sites/news/things').set('Cookie', session.cookie);

    const missing = await post().send({});
    const wrong = await post().set('X-CSRF-Token', 'x'.repeat(43)).send({});
    const anotherSessions = await post().set('X-CSRF-Token', other.session.csrfToken).send({});
    for (const res of [missing, wrong, anotherSessions]) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('csrf_failed');
    }

    const right = await post().set('X-CSRF-Token', session.csrfToken).send({});
    expect(right.status).toBe(201);
    expect(right.body).toEqual({ site: 'news', method: 'session' });
  });

  it('keeps the session when a logout comes without the CSRF token', async () => {
    const { session } = await moderatorOf(['news']);
    const res = await request(app).post('/api/v1/auth/logout').set('Cookie', session.cookie);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('csrf_failed');
    await request(app).get('/api/v1/auth/me').set('Cookie', session.cookie).expect(200);
  });

  it('lets a Bearer token write without a CSRF token', async () => {
    const { session } = await moderatorOf(['news']);
    const token = await tokenFor(session);
    const res = await request(guarded)
      .post('/api/v1/moderation/sites/news/things')
      .set('Authorization', `Bearer ${token}`)
      .send({});
    expect(res.status).toBe(201);
    expect(res.body.method).toBe('token');
  });

  it('does not fall back to the cookie when a Bearer token is wrong', async () => {
    const { session } = await moderatorOf(['news']);
    const res = await request(guarded)
      .get('/api/v1/moderation/sites/news/things')
      .set('Cookie', session.cookie)
      .set('Authorization', `Bearer pt_${'A'.repeat(43)}`);
    expect(res.status).toBe(401);
  });

  it('checks the site with canModerateSite: 403 for a moderator of other sites', async () => {
    const { session } = await moderatorOf(['sport']);
    const res = await request(guarded)
      .post('/api/v1/moderation/sites/news/things')
      .set('Cookie', session.cookie)
      .set('X-CSRF-Token', session.csrfToken)
      .send({});
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
  });

  it("requireRole('admin'): 403 forbidden for a moderator, passes for an admin", async () => {
    const { session } = await moderatorOf(['news']);
    const admin = await buildUser({ role: 'admin' });
    const adminSession = await logIn(app, admin.email);
    const remove = (s: { cookie: string; csrfToken: string }) =>
      request(guarded)
        .delete('/api/v1/moderation/sites/news/things')
        .set('Cookie', s.cookie)
        .set('X-CSRF-Token', s.csrfToken);

    const refused = await remove(session);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    await remove(adminSession).expect(204);
    // The CSRF check applies under requireRole too.
    await request(guarded)
      .delete('/api/v1/moderation/sites/news/things')
      .set('Cookie', adminSession.cookie)
      .expect(403, /csrf_failed/);
  });

  it('authenticate alone never refuses: it only tells who is calling', async () => {
    const { user, session } = await moderatorOf(['news']);
    await request(guarded).get('/api/v1/public').expect(200, { user: null });
    await request(guarded)
      .get('/api/v1/public')
      .set('Authorization', 'Bearer nonsense')
      .expect(200, { user: null });
    await request(guarded).get('/api/v1/public').set('Cookie', session.cookie).expect(200, { user: user.id });
  });
});

describe('canModerateSite', () => {
  const user = (overrides: Partial<AuthUser>): AuthUser => ({
    id: 'u1',
    email: 'm@example.org',
    name: null,
    role: 'moderator',
    sites: [],
    allSites: false,
    ...overrides,
  });

  it('gives admins and all-sites moderators every site, and others only theirs', () => {
    expect(canModerateSite(user({ role: 'admin' }), 'news')).toBe(true);
    expect(canModerateSite(user({ allSites: true }), 'news')).toBe(true);
    expect(canModerateSite(user({ sites: ['news', 'sport'] }), 'sport')).toBe(true);
    expect(canModerateSite(user({ sites: ['news', 'sport'] }), 'weather')).toBe(false);
    expect(canModerateSite(user({}), 'news')).toBe(false);
  });
});
