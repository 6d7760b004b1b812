// Moderator accounts for tests: made through the same service the CLI uses, and logged in
// through the real login endpoint.
import type { Express } from 'express';
import request from 'supertest';
import type { Role } from '../../src/auth/access';
import type { User } from '../../src/auth/user.model';
import { addUser } from '../../src/auth/users';

export const PASSWORD = 'correct horse battery staple';
let sequence = 0;

/** A moderator of all sites unless `sites` or `role` say otherwise. */
export async function buildUser(
  overrides: { email?: string; role?: Role; sites?: string[]; allSites?: boolean; password?: string } = {},
): Promise<User> {
  const role = overrides.role ?? 'moderator';
  return addUser(
    {
      email: overrides.email ?? `moderator${++sequence}@example.org`,
      password: overrides.password ?? PASSWORD,
      role,
      // The sites must exist (buildSite); without any, a moderator moderates all sites.
      sites: overrides.sites ?? [],
      allSites: overrides.allSites ?? (role === 'moderator' && !overrides.sites),
    },
    new Date('2026-01-01T00:00:00Z'),
  );
}

export interface LoggedIn {
  /** `parley_session=...`, ready for a Cookie header. */
  cookie: string;
  csrfToken: string;
  setCookie: string;
}

export function sessionCookieOf(setCookie: string[] | string | undefined): string | undefined {
  const headers = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return headers.find((header) => header.startsWith('parley_session='));
}

export async function logIn(app: Express, email: string, password = PASSWORD): Promise<LoggedIn> {
  const res = await request(app).post('/api/v1/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login failed with ${res.status}: ${res.text}`);
  const setCookie = sessionCookieOf(res.headers['set-cookie']);
  if (!setCookie) throw new Error('login set no session cookie');
  return { cookie: setCookie.split(';')[0] as string, csrfToken: res.body.csrfToken, setCookie };
}
