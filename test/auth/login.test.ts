import { createHash } from 'node:crypto';
import mongoose from 'mongoose';
import request from 'supertest';
import { SessionModel } from '../../src/auth/session.model';
import { setUserDisabled } from '../../src/auth/user.model';
import { buildTestApp } from '../helpers/app';
import { createTestClock } from '../helpers/clock';
import { useTestDatabase } from '../helpers/db';
import { buildSite } from '../helpers/factories';
import { buildUser, logIn, PASSWORD, sessionCookieOf } from './helpers';

useTestDatabase();

const EMAIL = 'Ada.Moderator@Example.org';
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('POST /api/v1/auth/login', () => {
  it('logs in: the user, a CSRF token, and an HttpOnly SameSite=Strict session cookie (not Secure over http)', async () => {
    const clock = createTestClock('2026-03-01T08:00:00Z');
    const { app } = buildTestApp({ clock });
    await buildSite({ id: 'news' });
    const user = await buildUser({ email: EMAIL, sites: ['news'] });

    const res = await request(app).post('/api/v1/auth/login').send({ email: EMAIL, password: PASSWORD });

    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      user: {
        id: user.id,
        email: 'ada.moderator@example.org',
        name: null,
        role: 'moderator',
        sites: ['news'],
        allSites: false,
      },
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const setCookie = sessionCookieOf(res.headers['set-cookie']) as string;
    const attributes = setCookie.split(';').map((part) => part.trim());
    expect(attributes[0]).toMatch(/^parley_session=[A-Za-z0-9_-]{43}$/);
    expect(attributes).toEqual(
      expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/', `Max-Age=${12 * 3600}`]),
    );
    expect(attributes).not.toContain('Secure');

    // Stored hashed, with the CSRF token and an expiry from the injected clock.
    const cookieValue = (attributes[0] as string).split('=')[1] as string;
    const sessions = await SessionModel.find().lean();
    expect(sessions).toEqual([
      expect.objectContaining({
        _id: sha256(cookieValue),
        userId: user.id,
        csrfToken: res.body.csrfToken,
        createdAt: new Date('2026-03-01T08:00:00Z'),
        expiresAt: new Date('2026-03-01T20:00:00Z'),
      }),
    ]);
    expect(JSON.stringify(sessions)).not.toContain(cookieValue);
  });

  it('marks the cookie Secure behind a TLS-terminating proxy when TRUST_PROXY is set, and only then', async () => {
    await buildUser({ email: EMAIL });
    const behindProxy = buildTestApp({ config: { TRUST_PROXY: 'true' } }).app;
    const direct = buildTestApp().app;

    const viaTls = await request(behindProxy)
      .post('/api/v1/auth/login')
      .set('X-Forwarded-Proto', 'https')
      .send({ email: EMAIL, password: PASSWORD });
    const spoofed = await request(direct)
      .post('/api/v1/auth/login')
      .set('X-Forwarded-Proto', 'https')
      .send({ email: EMAIL, password: PASSWORD });
    const plain = await request(behindProxy)
      .post('/api/v1/auth/login')
      .send({ email: EMAIL, password: PASSWORD });

    const attributesOf = (res: request.Response) =>
      (sessionCookieOf(res.headers['set-cookie']) as string).split(';').map((part) => part.trim());
    expect(attributesOf(viaTls)).toContain('Secure');
    expect(attributesOf(spoofed)).not.toContain('Secure');
    expect(attributesOf(plain)).not.toContain('Secure');
  });

  it('accepts the email in any case and with spaces around it', async () => {
    const { app } = buildTestApp();
    await buildUser({ email: EMAIL });
    const res = await request(app)
      .post('/api/v1/auth/login')
      .send({ email: '  ADA.MODERATOR@example.ORG ', password: PASSWORD });
    expect(res.status).toBe(200);
  });

  it('answers a wrong password and an unknown email with the same 401 and no session', async () => {
    const { app, logLines } = buildTestApp();
    await buildUser({ email: EMAIL });

    const wrongPassword = await request(app)
      .post('/api/v1/auth/login')
      .send({ email: EMAIL, password: 'not the password at all' });
    const unknownEmail = await request(app)
      .post('/api/v1/auth/login')
      .send({ email: 'nobody@example.org', password: PASSWORD });

    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(wrongPassword.body).toEqual({
      error: { code: 'invalid_credentials', message: expect.any(String) },
    });
    expect(unknownEmail.body).toEqual(wrongPassword.body);
    expect(wrongPassword.headers['set-cookie']).toBeUndefined();
    expect(unknownEmail.headers['set-cookie']).toBeUndefined();
    expect(await SessionModel.countDocuments()).toBe(0);
    const logs = logLines.join('').toLowerCase();
    expect(logs).not.toContain('ada.moderator');
    expect(logs).not.toContain('nobody@');
  });

  it('refuses a disabled account with the same 401, and its open session stops working', async () => {
    const { app } = buildTestApp();
    const user = await buildUser({ email: EMAIL });
    const session = await logIn(app, EMAIL);

    await setUserDisabled(user.id, true);

    const login = await request(app).post('/api/v1/auth/login').send({ email: EMAIL, password: PASSWORD });
    expect(login.status).toBe(401);
    expect(login.body.error.code).toBe('invalid_credentials');
    await request(app).get('/api/v1/auth/me').set('Cookie', session.cookie).expect(401);
  });

  it('takes only JSON, so another site cannot log a browser in with a form (login CSRF)', async () => {
    const { app } = buildTestApp();
    await buildUser({ email: EMAIL });

    const form = await request(app)
      .post('/api/v1/auth/login')
      .type('form')
      .send({ email: EMAIL, password: PASSWORD });
    const textPlain = await request(app)
      .post('/api/v1/auth/login')
      .set('Content-Type', 'text/plain')
      .send(JSON.stringify({ email: EMAIL, password: PASSWORD }));

    expect(form.status).toBe(415);
    expect(form.body.error.code).toBe('unsupported_media_type');
    expect(textPlain.status).toBe(415);
    expect(form.headers['set-cookie']).toBeUndefined();
    expect(await SessionModel.countDocuments()).toBe(0);
  });

  it('reports missing fields with 422', async () => {
    const { app } = buildTestApp();
    const res = await request(app).post('/api/v1/auth/login').send({ email: 42 });
    expect(res.status).toBe(422);
    expect(res.body.error).toEqual({
      code: 'validation_failed',
      message: expect.any(String),
      fields: { email: 'Email is required.', password: 'Password is required.' },
    });
  });

  it('replaces the session the browser already had', async () => {
    const { app } = buildTestApp();
    await buildUser({ email: EMAIL });
    const first = await logIn(app, EMAIL);
    const second = await request(app)
      .post('/api/v1/auth/login')
      .set('Cookie', first.cookie)
      .send({ email: EMAIL, password: PASSWORD })
      .expect(200);
    expect(await SessionModel.countDocuments()).toBe(1);
    await request(app).get('/api/v1/auth/me').set('Cookie', first.cookie).expect(401);
    const cookie = (sessionCookieOf(second.headers['set-cookie']) as string).split(';')[0] as string;
    await request(app).get('/api/v1/auth/me').set('Cookie', cookie).expect(200);
  });
});

describe('GET /api/v1/auth/me', () => {
  it('answers the current user and the CSRF token of the session', async () => {
    const { app } = buildTestApp();
    const user = await buildUser({ email: EMAIL, role: 'admin' });
    const session = await logIn(app, EMAIL);

    const res = await request(app).get('/api/v1/auth/me').set('Cookie', session.cookie).expect(200);
    expect(res.body).toEqual({
      user: {
        id: user.id,
        email: 'ada.moderator@example.org',
        name: null,
        role: 'admin',
        sites: [],
        allSites: true,
      },
      csrfToken: session.csrfToken,
    });
  });

  it('answers 401 without a session, or with a made-up or malformed cookie', async () => {
    const { app } = buildTestApp();
    for (const cookie of [undefined, `parley_session=${'A'.repeat(43)}`, 'parley_session=%00;%%']) {
      const req = request(app).get('/api/v1/auth/me');
      const res = await (cookie ? req.set('Cookie', cookie) : req);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    }
  });
});

describe('PATCH /api/v1/auth/me', () => {
  it('sets and clears the display name that signs replies; the session needs its CSRF token', async () => {
    const { app } = buildTestApp();
    await buildUser({ email: EMAIL });
    const session = await logIn(app, EMAIL);
    const patch = () => request(app).patch('/api/v1/auth/me').set('Cookie', session.cookie);

    await patch().send({ name: 'Ada' }).expect(403);
    const named = await patch()
      .set('X-CSRF-Token', session.csrfToken)
      .send({ name: '  Ada L.  ' })
      .expect(200);
    expect(named.body.user.name).toBe('Ada L.');
    const me = await request(app).get('/api/v1/auth/me').set('Cookie', session.cookie).expect(200);
    expect(me.body.user.name).toBe('Ada L.');

    const cleared = await patch().set('X-CSRF-Token', session.csrfToken).send({ name: '' }).expect(200);
    expect(cleared.body.user.name).toBeNull();
  });

  it('refuses a name that is too long, not text or on two lines, per field, and anonymous callers', async () => {
    const { app } = buildTestApp();
    await buildUser({ email: EMAIL });
    const session = await logIn(app, EMAIL);
    for (const name of ['x'.repeat(101), 42, 'Ada\nLovelace']) {
      const res = await request(app)
        .patch('/api/v1/auth/me')
        .set('Cookie', session.cookie)
        .set('X-CSRF-Token', session.csrfToken)
        .send({ name });
      expect(res.status).toBe(422);
      expect(Object.keys(res.body.error.fields)).toEqual(['name']);
    }
    await request(app).patch('/api/v1/auth/me').send({ name: 'Mallory' }).expect(401);
  });
});

describe('POST /api/v1/auth/logout', () => {
  it('deletes the session and clears the cookie; the old cookie no longer works', async () => {
    const { app } = buildTestApp();
    await buildUser({ email: EMAIL });
    const session = await logIn(app, EMAIL);
    await request(app).get('/api/v1/auth/me').set('Cookie', session.cookie).expect(200);

    const res = await request(app)
      .post('/api/v1/auth/logout')
      .set('Cookie', session.cookie)
      .set('X-CSRF-Token', session.csrfToken)
      .expect(204);

    const cleared = sessionCookieOf(res.headers['set-cookie']) as string;
    expect(cleared).toMatch(/^parley_session=;/);
    expect(cleared).toContain('Expires=Thu, 01 Jan 1970');
    expect(await SessionModel.countDocuments()).toBe(0);
    await request(app).get('/api/v1/auth/me').set('Cookie', session.cookie).expect(401);
  });
});

describe('session expiry', () => {
  it('ends a session SESSION_TTL_HOURS after login, by the injected clock', async () => {
    const clock = createTestClock('2026-03-01T08:00:00Z');
    const { app } = buildTestApp({ clock, config: { SESSION_TTL_HOURS: '2' } });
    await buildUser({ email: EMAIL });
    const session = await logIn(app, EMAIL);

    clock.advance(2 * 3600_000 - 1000);
    await request(app).get('/api/v1/auth/me').set('Cookie', session.cookie).expect(200);
    clock.advance(1000);
    await request(app).get('/api/v1/auth/me').set('Cookie', session.cookie).expect(401);

    // The next login sweeps the expired session away.
    await logIn(app, EMAIL);
    expect(await mongoose.connection.collection('sessions').countDocuments()).toBe(1);
  });
});
