// Adding moderator accounts and changing them: access, password, display name (used by the CLI).
import type { z } from 'zod';
import { errors, type FieldErrors } from '../errors';
import { findSite } from '../sites/site.model';
import { displayNameSchema, type NewUser, newUserSchema, passwordSchema } from './auth.schema';
import { clearEmailThrottle } from './login';
import { hashPassword } from './password';
import { deleteUserSessions } from './session.model';
import { insertUser, setUserDisabled, setUserName, setUserPasswordHash, type User } from './user.model';

/** The value, or a validation_failed error naming `field` with the schema's first complaint. */
function parseField<S extends z.ZodType>(schema: S, field: string, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw errors.validationFailed({ [field]: parsed.error.issues[0]?.message ?? 'invalid' });
  return parsed.data;
}

export async function addUser(input: NewUser, now: Date): Promise<User> {
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) {
    const fields: FieldErrors = {};
    for (const issue of parsed.error.issues) fields[issue.path.join('.') || 'user'] ??= issue.message;
    throw errors.validationFailed(fields);
  }
  const user = parsed.data;
  const sites = [...new Set(user.sites)];
  const missing: string[] = [];
  for (const site of sites) if (!(await findSite(site))) missing.push(site);
  if (missing.length > 0) {
    throw errors.validationFailed({ sites: `there is no site ${missing.map((id) => `"${id}"`).join(', ')}` });
  }
  const isAdmin = user.role === 'admin';
  return insertUser(
    {
      email: user.email,
      passwordHash: await hashPassword(user.password),
      role: user.role,
      sites: isAdmin ? [] : sites,
      allSites: isAdmin || user.allSites,
    },
    now,
  );
}

/**
 * Disables (or enables again) an account. Disabling ends its sessions; its API tokens stay
 * but are refused while it is disabled, because every request loads the user anyway.
 */
export async function setUserAccess(
  userId: string,
  disabled: boolean,
): Promise<{ user: User; sessionsEnded: number } | undefined> {
  const user = await setUserDisabled(userId, disabled);
  if (!user) return undefined;
  return { user, sessionsEnded: disabled ? await deleteUserSessions(userId) : 0 };
}

/**
 * Gives an account a new password (the rules of addUser). Its sessions end, so whoever held
 * the old password is logged out, and failed logins for its email are forgotten, so the owner
 * is not locked out by the attempts that led to the reset. API tokens are left as they are.
 */
export async function changeUserPassword(
  userId: string,
  password: string,
): Promise<{ user: User; sessionsEnded: number } | undefined> {
  const valid = parseField(passwordSchema, 'password', password);
  const user = await setUserPasswordHash(userId, await hashPassword(valid));
  if (!user) return undefined;
  const sessionsEnded = await deleteUserSessions(userId);
  await clearEmailThrottle(user.email);
  return { user, sessionsEnded };
}

/** Sets the display name shown where users are listed; an empty name removes it. */
export async function renameUser(userId: string, name: string): Promise<User | undefined> {
  return setUserName(userId, parseField(displayNameSchema, 'name', name));
}
