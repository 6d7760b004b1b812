// Moderator accounts and access. What other modules use:
//   authenticate                   middleware: sets res.locals.user / authMethod ('session' | 'token'); never refuses
//   requireUser                    middleware: 401 unauthorized; for cookie sessions it ALSO does the CSRF check
//                                  (403 csrf_failed on POST/PUT/PATCH/DELETE without the right X-CSRF-Token)
//   requireCsrf                    middleware: the CSRF check alone (already folded into requireUser and requireRole)
//   requireRole(role)              middleware: requireUser + 403 forbidden unless role (admin passes 'moderator')
//   canModerateSite(user, siteId)  pure: admin, allSites, or siteId in user.sites
//   currentUser(res): AuthUser     the caller after a guard; AuthUser = {id, email, name, role, sites, allSites}
//   createAuthRouter(deps)         /api/v1/auth routes;  installAuth(app, { clock }) gives the guards their clock
// Guards authenticate on their own, so `router.use('/moderation', requireUser, ...)` is all a router needs.
export { type AuthUser, canModerateSite, hasRole, ROLES, type Role } from './access';
export {
  type Authentication,
  type AuthMethod,
  authenticate,
  currentAuth,
  currentUser,
  installAuth,
  requireCsrf,
  requireRole,
  requireUser,
} from './auth.middleware';
export { type AuthRouterDeps, createAuthRouter } from './auth.routes';
export { SESSION_COOKIE } from './cookie';
export type { User } from './user.model';
