// Who may do what: roles and the sites a moderator looks after. Pure functions, so the
// moderation API can check access without touching the database.
export const ROLES = ['admin', 'moderator'] as const;
export type Role = (typeof ROLES)[number];

/** The signed-in moderator or admin, as the rest of Parley sees them. */
export interface AuthUser {
  id: string;
  email: string;
  /** The display name the operator gave, or null. */
  name: string | null;
  role: Role;
  /** The sites this user moderates; empty when `allSites` is true. */
  sites: string[];
  /** True for admins, and for moderators of every site (present and future). */
  allSites: boolean;
}

// An admin may do everything a moderator may.
const RANK: Record<Role, number> = { moderator: 1, admin: 2 };

export function hasRole(user: AuthUser, role: Role): boolean {
  return RANK[user.role] >= RANK[role];
}

export function canModerateSite(user: AuthUser, siteId: string): boolean {
  return user.role === 'admin' || user.allSites || user.sites.includes(siteId);
}
