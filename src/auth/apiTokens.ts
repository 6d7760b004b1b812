// Personal API tokens for scripts: `pt_` and 32 random bytes, sent as a Bearer token.
import {
  type ApiToken,
  deleteUserApiToken,
  findApiTokenByHash,
  insertApiToken,
  listUserApiTokens,
  markApiTokenUsed,
} from './apiToken.model';
import { randomSecret, sha256 } from './secrets';
import { findUserById, type User } from './user.model';

const TOKEN_PATTERN = /^pt_[A-Za-z0-9_-]{43}$/;

/** Makes a token; the returned `token` is the only copy there will ever be. */
export async function createApiToken(
  userId: string,
  name: string,
  now: Date,
): Promise<{ token: string; apiToken: ApiToken }> {
  const token = `pt_${randomSecret()}`;
  const apiToken = await insertApiToken({ tokenHash: sha256(token), userId, name }, now);
  return { token, apiToken };
}

export async function resolveApiToken(
  token: string,
  now: Date,
): Promise<{ user: User; apiToken: ApiToken } | undefined> {
  if (!TOKEN_PATTERN.test(token)) return undefined;
  const apiToken = await findApiTokenByHash(sha256(token));
  if (!apiToken) return undefined;
  const user = await findUserById(apiToken.userId);
  if (!user || user.disabled) return undefined;
  await markApiTokenUsed(apiToken.id, now);
  return { user, apiToken };
}

export const listApiTokens = listUserApiTokens;

/** Revokes one of the user's own tokens; false when they have none with this id. */
export const revokeApiToken = deleteUserApiToken;
