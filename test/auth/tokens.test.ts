import { createHash } from 'node:crypto';
import request from 'supertest';
import { ApiTokenModel } from '../../src/auth/apiToken.model';
import { setUserDisabled } from '../../src/auth/user.model';
import { buildTestApp } from '../helpers/app';
import { createTestClock } from '../helpers/clock';
import { useTestDatabase } from '../helpers/db';
import { buildUser, type LoggedIn, logIn } from './helpers';

useTestDatabase();

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('personal API tokens', () => {
  const clock = createTestClock('2026-04-01T10:00:00Z');
  const { app } = buildTestApp({ clock });

  async function createToken(session: LoggedIn, name = 'nightly export') {
    return request(app)
      .post('/api/v1/auth/tokens')
      .set('Cookie', session.cookie)
      .set('X-CSRF-Token', session.csrfToken)
      .send({ name });
  }

  it('shows a new token once and stores only its hash', async () => {
    const user = await buildUser();
    const session = await logIn(app, user.email);

    const res = await createToken(session);

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      token: expect.stringMatching(/^pt_[A-Za-z0-9_-]{43}$/),
      apiToken: {
        id: expect.any(String),
        name: 'nightly export',
        createdAt: '2026-04-01T10:00:00.000Z',
        lastUsedAt: null,
      },
    });
    const stored = await ApiTokenModel.find().lean();
    expect(stored).toEqual([
      expect.objectContaining({
        _id: res.body.apiToken.id,
        tokenHash: sha256(res.body.token),
        userId: user.id,
      }),
    ]);
    expect(JSON.stringify(stored)).not.toContain(res.body.token);

    const listed = await request(app).get('/api/v1/auth/tokens').set('Cookie', session.cookie).expect(200);
    expect(listed.body).toEqual({ tokens: [res.body.apiToken] });
    expect(listed.text).not.toContain(res.body.token.slice(3));
  });

  it('authenticates a Bearer token and records when it was last used', async () => {
    const user = await buildUser();
    const session = await logIn(app, user.email);
    const { token, apiToken } = (await createToken(session)).body;

    clock.advance(5 * 60_000);
    const me = await request(app).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(200);

    expect(me.body).toEqual({ user: expect.objectContaining({ id: user.id }), csrfToken: null });
    expect((await ApiTokenModel.findById(apiToken.id).lean())?.lastUsedAt).toEqual(clock.now());
  });

  it('refuses unknown, malformed and revoked tokens with 401', async () => {
    const user = await buildUser();
    const session = await logIn(app, user.email);
    const { token, apiToken } = (await createToken(session)).body;

    for (const header of [`Bearer pt_${'B'.repeat(43)}`, 'Bearer nonsense', `Basic ${token}`, 'Bearer']) {
      const res = await request(app).get('/api/v1/auth/me').set('Authorization', header);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    }

    // Revoked with the token itself: a Bearer write needs no CSRF token.
    await request(app)
      .delete(`/api/v1/auth/tokens/${apiToken.id}`)
      .set('Authorization', `Bearer ${token}`)
      .expect(204);
    expect(await ApiTokenModel.countDocuments()).toBe(0);
    await request(app).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it("revokes only the caller's own tokens", async () => {
    const owner = await buildUser();
    const ownerSession = await logIn(app, owner.email);
    const { token, apiToken } = (await createToken(ownerSession)).body;
    const intruder = await buildUser();
    const intruderSession = await logIn(app, intruder.email);

    const res = await request(app)
      .delete(`/api/v1/auth/tokens/${apiToken.id}`)
      .set('Cookie', intruderSession.cookie)
      .set('X-CSRF-Token', intruderSession.csrfToken);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('token_not_found');
    await request(app).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
  });

  it('will not let a token mint more tokens', async () => {
    const user = await buildUser();
    const { token } = (await createToken(await logIn(app, user.email))).body;
    const res = await request(app)
      .post('/api/v1/auth/tokens')
      .set('Authorization', `Bearer ${token}`)
      .send({ name: 'another' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('session_required');
    expect(await ApiTokenModel.countDocuments()).toBe(1);
  });

  it("stops working when the user's account is disabled", async () => {
    const user = await buildUser();
    const { token } = (await createToken(await logIn(app, user.email))).body;
    await setUserDisabled(user.id, true);
    await request(app).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('needs the CSRF token to make a token from a cookie session', async () => {
    const user = await buildUser();
    const session = await logIn(app, user.email);
    const res = await request(app)
      .post('/api/v1/auth/tokens')
      .set('Cookie', session.cookie)
      .send({ name: 'x' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('csrf_failed');
    expect(await ApiTokenModel.countDocuments()).toBe(0);
  });
});
