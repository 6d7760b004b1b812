// /api/v1/auth: logging in and out, who am I, and personal API tokens.
import { type RequestHandler, Router } from 'express';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { input, validate } from '../http/validate';
import type { Logger } from '../logger';
import { createApiToken, listApiTokens, revokeApiToken } from './apiTokens';
import { authErrors } from './auth.errors';
import { currentAuth, requireUser } from './auth.middleware';
import { presentApiToken, presentUser } from './auth.presenter';
import { createTokenRequest, loginRequest, tokenIdRequest, updateMeRequest } from './auth.schema';
import { clearSessionCookie, readSessionCookie, setSessionCookie } from './cookie';
import { logIn } from './login';
import { endSession, endSessionByKey, startSession } from './sessions';
import { setUserName } from './user.model';

export interface AuthRouterDeps {
  clock: Clock;
  config: Pick<Config, 'SESSION_TTL_HOURS'>;
  log: Logger;
}

// Login CSRF (another site logging the victim into an account of the attacker's): the
// login accepts only a JSON body. A cross-site form can send no JSON content type, and
// a cross-site script cannot either without a CORS preflight, which Parley never grants
// on /api/v1/auth. So the login needs no token of its own.
const requireJsonBody: RequestHandler = (req, _res, next) => {
  next(req.is('application/json') ? undefined : authErrors.jsonRequired());
};

const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

export function createAuthRouter(deps: AuthRouterDeps): Router {
  const ttlMs = deps.config.SESSION_TTL_HOURS * 3_600_000;
  const router = Router();
  router.use(noStore);

  router.post('/login', requireJsonBody, validate(loginRequest), async (req, res) => {
    const { body } = input(res, loginRequest);
    const now = deps.clock.now();
    const user = await logIn(body, { ip: req.ip ?? 'unknown' }, now);
    const previous = readSessionCookie(req);
    if (previous) await endSession(previous);
    const session = await startSession(user.id, now, ttlMs);
    setSessionCookie(req, res, session.id, ttlMs);
    (req.log ?? deps.log).info({ userId: user.id }, 'login succeeded');
    res.json({ user: presentUser(user), csrfToken: session.csrfToken });
  });

  router.post('/logout', requireUser, async (req, res) => {
    const auth = currentAuth(res);
    if (auth.sessionKey) await endSessionByKey(auth.sessionKey);
    clearSessionCookie(req, res);
    (req.log ?? deps.log).info({ userId: auth.user.id }, 'logout');
    res.status(204).end();
  });

  router.get('/me', requireUser, (_req, res) => {
    const auth = currentAuth(res);
    res.json({ user: presentUser(auth.user), csrfToken: auth.csrfToken ?? null });
  });

  // The display name signs the user's replies ("Moderator" without one); the CLI sets it too.
  router.patch('/me', requireUser, validate(updateMeRequest), async (req, res) => {
    const auth = currentAuth(res);
    const { body } = input(res, updateMeRequest);
    const user = await setUserName(auth.user.id, body.name);
    if (!user) throw authErrors.unauthorized();
    (req.log ?? deps.log).info({ userId: user.id }, 'display name changed');
    res.json({ user: presentUser(user), csrfToken: auth.csrfToken ?? null });
  });

  router.get('/tokens', requireUser, async (_req, res) => {
    const tokens = await listApiTokens(currentAuth(res).user.id);
    res.json({ tokens: tokens.map(presentApiToken) });
  });

  router.post('/tokens', requireUser, validate(createTokenRequest), async (req, res) => {
    const auth = currentAuth(res);
    // A token must not mint tokens: a leaked one would otherwise outlive its revocation.
    if (auth.method !== 'session') throw authErrors.sessionRequired();
    const { body } = input(res, createTokenRequest);
    const created = await createApiToken(auth.user.id, body.name, deps.clock.now());
    (req.log ?? deps.log).info({ userId: auth.user.id, tokenId: created.apiToken.id }, 'api token created');
    res.status(201).json({ token: created.token, apiToken: presentApiToken(created.apiToken) });
  });

  router.delete('/tokens/:id', requireUser, validate(tokenIdRequest), async (req, res) => {
    const auth = currentAuth(res);
    const { params } = input(res, tokenIdRequest);
    if (!(await revokeApiToken(auth.user.id, params.id))) throw authErrors.tokenNotFound();
    (req.log ?? deps.log).info({ userId: auth.user.id, tokenId: params.id }, 'api token revoked');
    res.status(204).end();
  });

  return router;
}
