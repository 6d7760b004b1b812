// Which comments a moderator may see and act on: those of the sites they moderate.
import { type AuthUser, canModerateSite } from '../auth';
import { errors } from '../errors';

export const moderationErrors = {
  forbiddenSite: () => errors.forbidden('forbidden_site', 'You do not moderate this site.'),
  notFound: () => errors.notFound('comment_not_found', 'There is no comment with this id.'),
};

/** The sites a listing is limited to: undefined for every site, else the moderator's own. */
export function siteScope(user: AuthUser, site?: string): string[] | undefined {
  if (site !== undefined) {
    if (!canModerateSite(user, site)) throw moderationErrors.forbiddenSite();
    return [site];
  }
  return user.role === 'admin' || user.allSites ? undefined : user.sites;
}

export function assertCanModerate(user: AuthUser, site: string): void {
  if (!canModerateSite(user, site)) throw moderationErrors.forbiddenSite();
}
