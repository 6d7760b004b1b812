// /api/v1/auth in the API reference: logging in and out, who am I, and personal API tokens.
import { z } from 'zod';
import { type ApiOperation, documented, empty, json, sameShape } from '../reference/operation';
import { ROLES } from './access';
import { authErrors } from './auth.errors';
import type { presentApiToken, presentUser } from './auth.presenter';
import { createTokenRequest, loginRequest, tokenIdRequest, updateMeRequest } from './auth.schema';
import { LOGIN_THROTTLE } from './login';

const TAG = 'Accounts';

const userSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable().meta({ description: 'The display name (`users:set --name`), or null.' }),
    role: z.enum(ROLES).meta({ description: 'An admin may do everything a moderator may, and delete.' }),
    sites: z.array(z.string()).meta({ description: 'The sites this user moderates; empty with `allSites`.' }),
    allSites: z.boolean().meta({ description: 'True for admins, and for moderators of every site.' }),
  })
  .meta({ id: 'User', description: 'The signed-in moderator or admin.' });

const apiTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable().meta({ description: 'To the minute.' }),
  })
  .meta({ id: 'ApiToken', description: 'A personal API token, without the token itself.' });

const csrfToken = z
  .string()
  .meta({ description: 'Send it as `X-CSRF-Token` with every write made with the cookie.' });

sameShape<z.output<typeof userSchema>, ReturnType<typeof presentUser>>();
sameShape<z.output<typeof apiTokenSchema>, ReturnType<typeof presentApiToken>>();

const minutes = LOGIN_THROTTLE.windowMs / 60_000;

export const authOperations: ApiOperation[] = [
  {
    method: 'post',
    path: '/api/v1/auth/login',
    tag: TAG,
    summary: 'Log in',
    description:
      'Sets the `parley_session` cookie (HttpOnly, SameSite=Strict, Secure over TLS) for `SESSION_TTL_HOURS`. ' +
      'Takes only `application/json`, which a cross-site form cannot send. Failed logins are counted ' +
      `across instances: after ${LOGIN_THROTTLE.perEmail} for one email or ${LOGIN_THROTTLE.perIp} from ` +
      `one address within ${minutes} minutes, logins wait.`,
    request: loginRequest,
    responses: { 200: json('Logged in.', z.object({ user: userSchema, csrfToken })) },
    errors: [
      documented(
        authErrors.invalidCredentials(),
        'A wrong password, an unknown email or a disabled account alike.',
      ),
      documented(authErrors.jsonRequired(), 'The body is not JSON.'),
      documented(
        authErrors.tooManyAttempts(1),
        'Too many failed logins; `Retry-After` says how long to wait.',
      ),
    ],
  },
  {
    method: 'post',
    path: '/api/v1/auth/logout',
    tag: TAG,
    summary: 'Log out',
    description: 'Ends the session and clears the cookie.',
    auth: 'user',
    responses: { 204: empty('Logged out.') },
  },
  {
    method: 'get',
    path: '/api/v1/auth/me',
    tag: TAG,
    summary: 'Who am I',
    auth: 'user',
    responses: {
      200: json(
        'The caller, and the session’s CSRF token (null with an API token).',
        z.object({ user: userSchema, csrfToken: csrfToken.nullable() }),
      ),
    },
  },
  {
    method: 'patch',
    path: '/api/v1/auth/me',
    tag: TAG,
    summary: 'Set my display name',
    description:
      'The name your moderator replies are signed with, beside a "Moderator" badge. Without one they ' +
      'are signed "Moderator". `users:set --name` sets it too.',
    request: updateMeRequest,
    auth: 'user',
    responses: {
      200: json('The caller, renamed.', z.object({ user: userSchema, csrfToken: csrfToken.nullable() })),
    },
  },
  {
    method: 'get',
    path: '/api/v1/auth/tokens',
    tag: TAG,
    summary: 'List my API tokens',
    auth: 'user',
    responses: { 200: json('The caller’s tokens.', z.object({ tokens: z.array(apiTokenSchema) })) },
  },
  {
    method: 'post',
    path: '/api/v1/auth/tokens',
    tag: TAG,
    summary: 'Make an API token',
    description:
      'For scripts: send it as `Authorization: Bearer <token>`; no CSRF token needed. Only its hash ' +
      'is stored, so it is shown this once. Making one needs a password session: a token may not mint tokens.',
    request: createTokenRequest,
    auth: 'session',
    responses: {
      201: json(
        'The new token.',
        z.object({ token: z.string().meta({ description: 'Shown only now.' }), apiToken: apiTokenSchema }),
      ),
    },
    errors: [documented(authErrors.sessionRequired(), 'Called with an API token.')],
  },
  {
    method: 'delete',
    path: '/api/v1/auth/tokens/:id',
    tag: TAG,
    summary: 'Revoke an API token',
    request: tokenIdRequest,
    auth: 'user',
    responses: { 204: empty('Revoked: the token no longer works.') },
    errors: [documented(authErrors.tokenNotFound(), 'The caller has no token with this id.')],
  },
];
