// Who is calling, and may they. `authenticate` identifies the caller from a Bearer token
// or the session cookie and never refuses anyone; the `require*` guards refuse. Every
// guard authenticates first if that has not happened yet, so `authenticate` need not be
// mounted before them. The clock comes from `installAuth(app, { clock })`.
import type { Express, Request, RequestHandler, Response } from 'express';
import type { Clock } from '../clock';
import { type AuthUser, hasRole, type Role } from './access';
import { resolveApiToken } from './apiTokens';
import { authErrors } from './auth.errors';
import { readSessionCookie } from './cookie';
import { isSameSecret } from './secrets';
import { resolveSession } from './sessions';

export type AuthMethod = 'session' | 'token';

export interface Authentication {
  user: AuthUser;
  method: AuthMethod;
  /** Session logins: the stored session's key (sha256 of the cookie) and its CSRF token. */
  sessionKey?: string;
  csrfToken?: string;
  /** Token logins: which token. */
  tokenId?: string;
}

const RUNTIME = 'parleyAuth';
const CHECKED = 'authChecked';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const BEARER = /^Bearer\s+(\S+)\s*$/i;

export interface AuthRuntime {
  clock: Clock;
}

/** Gives the auth middlewares of this app their clock. createApp calls it. */
export function installAuth(app: Express, runtime: AuthRuntime): void {
  app.locals[RUNTIME] = runtime;
}

function runtimeOf(req: Request): AuthRuntime {
  const runtime = req.app.locals[RUNTIME] as AuthRuntime | undefined;
  if (!runtime) throw new Error('auth is not installed on this app: call installAuth(app, { clock })');
  return runtime;
}

async function identify(req: Request, now: Date): Promise<Authentication | undefined> {
  const authorization = req.headers.authorization;
  // A request that names a token stands or falls by it; it never falls back to the cookie.
  if (authorization !== undefined) {
    const token = BEARER.exec(authorization)?.[1];
    const found = token ? await resolveApiToken(token, now) : undefined;
    return found && { user: found.user, method: 'token', tokenId: found.apiToken.id };
  }
  const cookie = readSessionCookie(req);
  const found = cookie ? await resolveSession(cookie, now) : undefined;
  return (
    found && {
      user: found.user,
      method: 'session',
      sessionKey: found.session.key,
      csrfToken: found.session.csrfToken,
    }
  );
}

async function ensureAuthenticated(req: Request, res: Response): Promise<Authentication | undefined> {
  if (res.locals[CHECKED] !== true) {
    res.locals[CHECKED] = true;
    const auth = await identify(req, runtimeOf(req).clock.now());
    if (auth) {
      const { id, email, name, role, sites, allSites } = auth.user;
      auth.user = { id, email, name, role, sites, allSites };
      res.locals.auth = auth;
      res.locals.user = auth.user;
      res.locals.authMethod = auth.method;
    }
  }
  return res.locals.auth as Authentication | undefined;
}

// A browser attaches the cookie to any request, including one another site makes it
// send; it cannot attach a header it was not given. Bearer tokens are never sent by a
// browser on its own, so they need no CSRF token.
function assertCsrf(req: Request, auth: Authentication): void {
  if (auth.method !== 'session' || SAFE_METHODS.has(req.method)) return;
  const given = req.headers['x-csrf-token'];
  if (typeof given !== 'string' || !auth.csrfToken || !isSameSecret(given, auth.csrfToken)) {
    throw authErrors.csrfFailed();
  }
}

/** Sets res.locals.user / authMethod / auth when the caller is known. Never refuses. */
export const authenticate: RequestHandler = async (req, res, next) => {
  await ensureAuthenticated(req, res);
  next();
};

/**
 * 401 unauthorized without a valid session or token; for cookie sessions, also 403
 * csrf_failed on a write (POST, PUT, PATCH, DELETE) without the right X-CSRF-Token.
 */
export const requireUser: RequestHandler = async (req, res, next) => {
  const auth = await ensureAuthenticated(req, res);
  if (!auth) throw authErrors.unauthorized();
  assertCsrf(req, auth);
  next();
};

/** The CSRF check alone (requireUser already includes it); lets anonymous callers through. */
export const requireCsrf: RequestHandler = async (req, res, next) => {
  const auth = await ensureAuthenticated(req, res);
  if (auth) assertCsrf(req, auth);
  next();
};

/** requireUser, then 403 forbidden unless the user has `role` (admins have every role). */
export function requireRole(role: Role): RequestHandler {
  return async (req, res, next) => {
    const auth = await ensureAuthenticated(req, res);
    if (!auth) throw authErrors.unauthorized();
    assertCsrf(req, auth);
    if (!hasRole(auth.user, role)) throw authErrors.forbidden();
    next();
  };
}

/** How the current request authenticated; 401 when it did not (guard the route first). */
export function currentAuth(res: Response): Authentication {
  const auth = res.locals.auth as Authentication | undefined;
  if (!auth) throw authErrors.unauthorized();
  return auth;
}

export function currentUser(res: Response): AuthUser {
  return currentAuth(res).user;
}
