// Adding and disabling moderator accounts (used by the CLI).
import { errors, type FieldErrors } from '../errors';
import { findSite } from '../sites/site.model';
import { type NewUser, newUserSchema } from './auth.schema';
import { hashPassword } from './password';
import { deleteUserSessions } from './session.model';
import { findUserByEmail, insertUser, setUserDisabled, type User } from './user.model';

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

/** Disables (or enables again) an account; disabling also ends its sessions. */
export async function setUserAccess(email: string, disabled: boolean): Promise<User | undefined> {
  const user = await findUserByEmail(email);
  if (!user) return undefined;
  const updated = await setUserDisabled(user.id, disabled);
  if (disabled) await deleteUserSessions(user.id);
  return updated;
}
