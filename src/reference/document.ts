// Builds the OpenAPI 3.1 document from the routes' own descriptions (*.openapi.ts next to each
// router) with @asteasolutions/zod-to-openapi: requests from the schemas the routes validate
// with, answers from the response schemas, and each route's errors, with those its kind of
// route shares added here (a body can be malformed, a guarded route can refuse, and so on).
import {
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  type ResponseConfig,
  type RouteConfig,
} from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { authErrors } from '../auth/auth.errors';
import { authOperations } from '../auth/auth.openapi';
import { SESSION_COOKIE } from '../auth/cookie';
import { commenterListOperations } from '../commenters/commenters.openapi';
import { commentOperations } from '../comments/comments.openapi';
import { errors } from '../errors';
import { healthOperations } from '../health/health.openapi';
import { liveOperations } from '../live/live.openapi';
import { metricsOperations } from '../metrics/metrics.openapi';
import { emailLinkOperations } from '../moderation/emailLinks/emailLinks.openapi';
import { moderationOperations } from '../moderation/moderation.openapi';
import { unsubscribeOperations } from '../notify/unsubscribe.openapi';
import { privacyOperations } from '../privacy/privacy.openapi';
import { reportOperations } from '../reports/reports.openapi';
import { type ApiOperation, type DocumentedError, documented, errorBodySchema } from './operation';
import { DOCUMENT_PATH, referenceOperations } from './reference.openapi';

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

/** Every route the reference describes, in the order it lists them. */
export const API_OPERATIONS: ApiOperation[] = [
  ...commentOperations,
  ...liveOperations,
  ...authOperations,
  ...moderationOperations,
  ...reportOperations,
  ...commenterListOperations,
  ...privacyOperations,
  ...unsubscribeOperations,
  ...emailLinkOperations,
  ...healthOperations,
  ...metricsOperations,
  ...referenceOperations,
];

const WRITES = new Set(['post', 'put', 'patch']);

const SHARED_ERRORS = {
  internal: {
    status: 500,
    code: 'internal_error',
    when: 'Something failed on the server; it is logged with the `X-Request-Id` of the answer.',
  },
  validation: documented(
    errors.validationFailed({}),
    'A value is missing or wrong; `fields` names each one.',
  ),
  invalidJson: documented(errors.invalidJson(), 'The JSON body cannot be parsed.'),
  tooLarge: documented(
    errors.payloadTooLarge(),
    'The body passes `BODY_LIMIT`, or a form has more than 100 fields.',
  ),
  mediaType: documented(errors.unsupportedMediaType(), 'The body is neither JSON nor a form post.'),
  unauthorized: documented(authErrors.unauthorized(), 'No valid session cookie or API token.'),
  databaseUnavailable: documented(
    errors.databaseUnavailable(),
    'The database cannot be reached right now; `Retry-After` says when to try again.',
  ),
  csrf: documented(
    authErrors.csrfFailed(),
    'A write with the session cookie that does not send its `X-CSRF-Token` (API tokens need none).',
  ),
} satisfies Record<string, DocumentedError>;

const csrfHeader = z.object({
  'X-CSRF-Token': z.string().optional().meta({
    description: 'Required on writes made with the session cookie: the `csrfToken` the login answered.',
  }),
});

/** The route's own errors and those every route of its kind can answer. */
export function errorsOf(operation: ApiOperation): DocumentedError[] {
  const shared: DocumentedError[] = [SHARED_ERRORS.internal];
  // Everything under /api/v1 reads or writes the database (the health and reference routes do not).
  if (operation.path.startsWith('/api/v1/') && operation.path !== DOCUMENT_PATH) {
    shared.push(SHARED_ERRORS.databaseUnavailable);
  }
  if (operation.request) shared.push(SHARED_ERRORS.validation);
  if (WRITES.has(operation.method)) {
    shared.push(SHARED_ERRORS.invalidJson, SHARED_ERRORS.tooLarge, SHARED_ERRORS.mediaType);
  }
  if (operation.auth === 'user' || operation.auth === 'session') {
    shared.push(SHARED_ERRORS.unauthorized);
    if (operation.method !== 'get') shared.push(SHARED_ERRORS.csrf);
  }
  // The route's own wording wins for a code both name.
  const byCode = new Map<string, DocumentedError>();
  for (const error of [...shared, ...(operation.errors ?? [])])
    byCode.set(`${error.status} ${error.code}`, error);
  return [...byCode.values()].sort((a, b) => a.status - b.status);
}

function errorResponses(operation: ApiOperation): Record<number, ResponseConfig> {
  const media = operation.errorMedia ?? 'json';
  const content = {
    ...(media !== 'html' && { 'application/json': { schema: errorBodySchema } }),
    ...(media !== 'json' && { 'text/html': { schema: z.string() } }),
  };
  const responses: Record<number, ResponseConfig> = {};
  for (const error of errorsOf(operation)) {
    const line = `- \`${error.code}\`: ${error.when}`;
    const existing = responses[error.status];
    responses[error.status] = {
      description: existing ? `${existing.description}\n${line}` : line,
      content,
      ...((error.status === 429 || error.status === 503) && {
        headers: { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } },
      }),
    };
  }
  return responses;
}

const SECURITY: Record<NonNullable<ApiOperation['auth']>, RouteConfig['security']> = {
  user: [{ session: [] }, { apiToken: [] }],
  session: [{ session: [] }],
  // Open unless METRICS_TOKEN is set.
  metrics: [{}, { metricsToken: [] }],
};

function requestOf(operation: ApiOperation): RouteConfig['request'] {
  const { request } = operation;
  const schema = request && 'factory' in request ? request.shown : request;
  const needsCsrf = operation.method !== 'get' && (operation.auth === 'user' || operation.auth === 'session');
  const headers = needsCsrf ? csrfHeader.extend(operation.headers?.shape ?? {}) : operation.headers;
  if (schema && !(schema instanceof z.ZodObject)) {
    throw new Error(`${operation.method} ${operation.path}: describe the request as a z.object`);
  }
  const shape = (schema?.shape ?? {}) as Record<string, z.ZodType | undefined>;
  const body = shape.body;
  return {
    ...(shape.params && { params: shape.params as z.ZodObject }),
    ...(shape.query && { query: shape.query as z.ZodObject }),
    ...(headers && { headers }),
    ...(body && {
      body: {
        required: true,
        content: Object.fromEntries(
          (operation.bodyTypes ?? ['application/json']).map((type) => [type, { schema: body }]),
        ),
      },
    }),
  };
}

/** `/sites/:site/comments` as OpenAPI writes it: `/sites/{site}/comments`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:(\w+)/g, '{$1}');
}

const DESCRIPTION = `Parley's HTTP API: the public comment API that readers and embedding sites call, logging in, the moderation API, and the links of reply emails.

Every refusal answers \`{ "error": { "code", "message", "fields"? } }\` with its HTTP status: branch on \`code\`, show \`message\`. \`fields\` comes only with \`validation_failed\`, one message per field. Each operation lists the codes it can answer.

The moderation API takes the \`${SESSION_COOKIE}\` cookie from logging in (writes also send \`X-CSRF-Token\`) or a personal API token as \`Authorization: Bearer <token>\`.

This document is generated from the zod schemas the routes validate with: \`/api/v1/openapi.json\`.`;

export function createApiDocument(): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: 'Set by `POST /api/v1/auth/login`. Writes also send `X-CSRF-Token`.',
  });
  registry.registerComponent('securitySchemes', 'apiToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'A personal API token from `POST /api/v1/auth/tokens` or `npm run cli -- tokens:create`.',
  });
  registry.registerComponent('securitySchemes', 'metricsToken', {
    type: 'http',
    scheme: 'bearer',
    description: '`METRICS_TOKEN`, when it is set.',
  });
  for (const operation of API_OPERATIONS) {
    registry.registerPath({
      method: operation.method,
      path: openApiPath(operation.path),
      tags: [operation.tag],
      summary: operation.summary,
      ...(operation.description && { description: operation.description }),
      ...(operation.auth && { security: SECURITY[operation.auth] }),
      request: requestOf(operation),
      responses: { ...operation.responses, ...errorResponses(operation) },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Parley API', version: 'v1', description: DESCRIPTION },
    tags: [
      { name: 'Comments', description: 'What readers and embedding sites call.' },
      { name: 'Accounts', description: 'Logging in and out, and personal API tokens.' },
      { name: 'Moderation', description: "The moderators' API: private data, behind login." },
      { name: 'Emails', description: 'The links in the emails Parley sends.' },
      { name: 'Operations', description: 'For orchestrators, monitoring and tools.' },
    ],
  });
}
