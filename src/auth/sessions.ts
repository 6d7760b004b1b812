// Starting, finding and ending login sessions. The cookie carries 32 random bytes; the
// database keeps only their sha256, with the session's CSRF token and expiry.
import { randomSecret, SECRET_PATTERN, sha256 } from './secrets';
import {
  deleteExpiredSessions,
  deleteSession,
  findLiveSession,
  insertSession,
  type Session,
} from './session.model';
import { findUserById, type User } from './user.model';

export interface StartedSession {
  /** The cookie value: shown to the browser once, never stored. */
  id: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function startSession(userId: string, now: Date, ttlMs: number): Promise<StartedSession> {
  await deleteExpiredSessions(now);
  const id = randomSecret();
  const csrfToken = randomSecret();
  const expiresAt = new Date(now.getTime() + ttlMs);
  await insertSession({ key: sha256(id), userId, csrfToken, createdAt: now, expiresAt });
  return { id, csrfToken, expiresAt };
}

/** The live session behind a cookie value and its (enabled) user, if any. */
export async function resolveSession(
  id: string,
  now: Date,
): Promise<{ user: User; session: Session } | undefined> {
  if (!SECRET_PATTERN.test(id)) return undefined;
  const session = await findLiveSession(sha256(id), now);
  if (!session) return undefined;
  const user = await findUserById(session.userId);
  if (!user || user.disabled) return undefined;
  return { user, session };
}

export async function endSession(id: string): Promise<void> {
  if (SECRET_PATTERN.test(id)) await deleteSession(sha256(id));
}

export async function endSessionByKey(key: string): Promise<void> {
  await deleteSession(key);
}
