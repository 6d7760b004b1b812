import request from 'supertest';
import { LoginFailureModel } from '../../src/auth/loginFailure.model';
import { buildTestApp } from '../helpers/app';
import { createTestClock } from '../helpers/clock';
import { useTestDatabase } from '../helpers/db';
import { buildUser, PASSWORD } from './helpers';

useTestDatabase();

const EMAIL = 'grace.moderator@example.org';
const WRONG = 'definitely not it';

describe('login throttling', () => {
  const clock = createTestClock('2026-05-01T09:00:00Z');
  const { app } = buildTestApp({ clock, config: { TRUST_PROXY: 'true' } });

  const attempt = (email: string, password: string, ip = '203.0.113.7') =>
    request(app).post('/api/v1/auth/login').set('X-Forwarded-For', ip).send({ email, password });

  beforeEach(() => clock.set('2026-05-01T09:00:00Z'));

  it('answers 429 with Retry-After after 5 failures for one email, even for the right password, until the window passes', async () => {
    await buildUser({ email: EMAIL });
    for (let i = 0; i < 5; i++) expect((await attempt(EMAIL, WRONG)).status).toBe(401);

    const blocked = await attempt(EMAIL, PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('too_many_attempts');
    expect(blocked.headers['retry-after']).toBe('900');
    expect(blocked.headers['set-cookie']).toBeUndefined();

    // From another address too: the email itself is throttled.
    expect((await attempt(EMAIL, PASSWORD, '198.51.100.1')).status).toBe(429);

    clock.advance(15 * 60_000 - 1000);
    const stillBlocked = await attempt(EMAIL, PASSWORD);
    expect(stillBlocked.status).toBe(429);
    expect(stillBlocked.headers['retry-after']).toBe('1');

    clock.advance(1000);
    expect((await attempt(EMAIL, PASSWORD)).status).toBe(200);
  });

  it('throttles an unknown email just like a known one', async () => {
    for (let i = 0; i < 5; i++) expect((await attempt('nobody@example.org', WRONG)).status).toBe(401);
    expect((await attempt('nobody@example.org', WRONG)).status).toBe(429);
  });

  it('counts failures in a sliding window', async () => {
    await buildUser({ email: EMAIL });
    for (let i = 0; i < 4; i++) expect((await attempt(EMAIL, WRONG)).status).toBe(401);
    clock.advance(10 * 60_000);
    expect((await attempt(EMAIL, WRONG)).status).toBe(401);
    const blocked = await attempt(EMAIL, PASSWORD);
    expect(blocked.status).toBe(429);
    // The first four leave the window 15 minutes after they happened: in 5 minutes.
    expect(blocked.headers['retry-after']).toBe('300');
    clock.advance(5 * 60_000);
    expect((await attempt(EMAIL, PASSWORD)).status).toBe(200);
  });

  it("clears the email's failures on a successful login", async () => {
    await buildUser({ email: EMAIL });
    for (let i = 0; i < 4; i++) expect((await attempt(EMAIL, WRONG)).status).toBe(401);
    expect((await attempt(EMAIL, PASSWORD)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await attempt(EMAIL, WRONG)).status).toBe(401);
    expect((await attempt(EMAIL, PASSWORD)).status).toBe(200);
  });

  it('answers 429 after 20 failures from one address, whatever the email; other addresses go on', async () => {
    await buildUser({ email: EMAIL });
    for (let i = 0; i < 20; i++) {
      expect((await attempt(`guess${i}@example.org`, WRONG, '192.0.2.50')).status).toBe(401);
    }
    const blocked = await attempt(EMAIL, PASSWORD, '192.0.2.50');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBe(900);
    expect((await attempt(EMAIL, PASSWORD, '192.0.2.51')).status).toBe(200);
  });

  it('holds across instances: the counts live in the database', async () => {
    const other = buildTestApp({ clock, config: { TRUST_PROXY: 'true' } }).app;
    for (let i = 0; i < 5; i++) {
      const target = i % 2 === 0 ? app : other;
      const res = await request(target).post('/api/v1/auth/login').send({ email: EMAIL, password: WRONG });
      expect(res.status).toBe(401);
    }
    expect(
      (await request(other).post('/api/v1/auth/login').send({ email: EMAIL, password: WRONG })).status,
    ).toBe(429);
  });

  it('stores neither the email nor the address, and sweeps failures older than the window', async () => {
    for (let i = 0; i < 3; i++) await attempt(EMAIL, WRONG);
    const stored = JSON.stringify(await LoginFailureModel.find().lean());
    expect(stored).not.toContain('grace');
    expect(stored).not.toContain('203.0.113.7');
    expect(await LoginFailureModel.countDocuments()).toBe(6);

    clock.advance(16 * 60_000);
    await attempt('someone.else@example.org', WRONG, '198.51.100.9');
    expect(await LoginFailureModel.countDocuments()).toBe(2);
  });
});
