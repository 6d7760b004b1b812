// Checking a password, with throttling of failed attempts per email and per IP address.
// Failures are counted in MongoDB, so the limits hold across every instance of Parley.
import { normaliseEmail } from '../privacy/emailVault';
import { authErrors } from './auth.errors';
import {
  clearLoginFailures,
  deleteLoginFailuresBefore,
  findNthLatestFailure,
  recordLoginFailure,
} from './loginFailure.model';
import { verifyAgainstNoAccount, verifyPassword } from './password';
import { sha256 } from './secrets';
import { findUserCredentials, type User } from './user.model';

export const LOGIN_THROTTLE = { windowMs: 15 * 60_000, perEmail: 5, perIp: 20 };

interface ThrottleKey {
  key: string;
  limit: number;
}

const emailThrottleKey = (email: string) => `email:${sha256(normaliseEmail(email))}`;

function throttleKeys(email: string, ip: string): { email: ThrottleKey; ip: ThrottleKey } {
  return {
    email: { key: emailThrottleKey(email), limit: LOGIN_THROTTLE.perEmail },
    ip: { key: `ip:${sha256(ip)}`, limit: LOGIN_THROTTLE.perIp },
  };
}

/** Seconds until every key is below its limit again; 0 when none is blocked. */
async function secondsBlocked(keys: ThrottleKey[], now: Date): Promise<number> {
  const since = new Date(now.getTime() - LOGIN_THROTTLE.windowMs);
  let until = 0;
  for (const { key, limit } of keys) {
    const at = await findNthLatestFailure(key, limit, since);
    if (at) until = Math.max(until, at.getTime() + LOGIN_THROTTLE.windowMs);
  }
  return until > now.getTime() ? Math.ceil((until - now.getTime()) / 1000) : 0;
}

/**
 * Returns the user whose email and password these are. Throws invalid_credentials for a
 * wrong password, an unknown email or a disabled account alike, and too_many_attempts
 * while the email or the address is throttled (even for the right password).
 */
export async function logIn(
  credentials: { email: string; password: string },
  from: { ip: string },
  now: Date,
): Promise<User> {
  const keys = throttleKeys(credentials.email, from.ip);
  const wait = await secondsBlocked([keys.email, keys.ip], now);
  if (wait > 0) throw authErrors.tooManyAttempts(wait);

  const found = await findUserCredentials(credentials.email);
  const isRight = found
    ? await verifyPassword(credentials.password, found.passwordHash)
    : await verifyAgainstNoAccount(credentials.password);
  if (!found || !isRight || found.user.disabled) {
    await deleteLoginFailuresBefore(new Date(now.getTime() - LOGIN_THROTTLE.windowMs));
    await recordLoginFailure([keys.email.key, keys.ip.key], now);
    throw authErrors.invalidCredentials();
  }
  await clearLoginFailures(keys.email.key);
  return found.user;
}

/** Forgets the failed logins for an email (after its password was reset), not those of any address. */
export async function clearEmailThrottle(email: string): Promise<void> {
  await clearLoginFailures(emailThrottleKey(email));
}
