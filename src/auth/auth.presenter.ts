// What leaves the building about users and tokens. A user's own email goes only to that
// user (login and /me); token hashes never leave.
import type { AuthUser } from './access';
import type { ApiToken } from './apiToken.model';

export function presentUser(user: AuthUser): AuthUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    sites: user.sites,
    allSites: user.allSites,
  };
}

export function presentApiToken(token: ApiToken) {
  return {
    id: token.id,
    name: token.name,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
  };
}
