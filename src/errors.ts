// Every error Parley answers with lives here. Each has an HTTP status (there is no default),
// a stable machine-readable code, and a message that is safe to show to the public.
// A database that cannot be reached is a 503; anything else unknown becomes a generic 500.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isDatabaseUnreachable } from './db/connection';
import type { Logger } from './logger';

export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldErrors,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** The driver looks for a lost database every 2 s (src/db/connection.ts): a few seconds cover finding it again. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export const errors = {
  notFound: (code = 'not_found', message = 'Not found.') => new AppError(404, code, message),
  invalidJson: () => new AppError(400, 'invalid_json', 'The request body is not valid JSON.'),
  badRequest: (code: string, message: string) => new AppError(400, code, message),
  payloadTooLarge: () => new AppError(413, 'payload_too_large', 'The request body is too large.'),
  unsupportedMediaType: () =>
    new AppError(
      415,
      'unsupported_media_type',
      'Send the body as application/json or application/x-www-form-urlencoded.',
    ),
  validationFailed: (fields: FieldErrors) =>
    new AppError(422, 'validation_failed', 'Some fields need attention.', fields),
  unauthorized: (message = 'Please log in.') => new AppError(401, 'unauthorized', message),
  forbidden: (code: string, message: string) => new AppError(403, code, message),
  conflict: (code: string, message: string) => new AppError(409, code, message),
  unprocessable: (code: string, message: string) => new AppError(422, code, message),
  tooManyRequests: (code: string, message: string, retryAfterSeconds: number) =>
    new AppError(429, code, message, undefined, { 'Retry-After': String(Math.max(1, retryAfterSeconds)) }),
  unavailable: (code: string, message: string) => new AppError(503, code, message),
  databaseUnavailable: () =>
    new AppError(
      503,
      'database_unavailable',
      'The service cannot reach its database right now; please try again shortly.',
      undefined,
      { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) },
    ),
};

export interface ErrorBody {
  error: { code: string; message: string; fields?: FieldErrors };
}

export function errorBody(error: AppError): ErrorBody {
  return {
    error: { code: error.code, message: error.message, ...(error.fields && { fields: error.fields }) },
  };
}

// body-parser and raw-body report their failures with a `type` and a status.
function fromBodyParser(error: { type?: string; status?: number }): AppError | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return errors.invalidJson();
    case 'entity.too.large':
      return errors.payloadTooLarge();
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return errors.unsupportedMediaType();
    case 'request.aborted':
      return errors.badRequest('request_aborted', 'The request was aborted.');
    case 'parameters.too.many':
      return errors.payloadTooLarge();
    default:
      return undefined;
  }
}

export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (isDatabaseUnreachable(error)) return errors.databaseUnavailable();
  if (error && typeof error === 'object') return fromBodyParser(error as { type?: string });
  return undefined;
}

export const notFoundHandler: RequestHandler = (_req, _res, next) => {
  next(errors.notFound('not_found', 'There is nothing at this address.'));
};

// How an error is shown can depend on the route (form posts get an HTML page);
// such routes set res.locals.renderError.
export type ErrorRenderer = (error: AppError) => string;

export function createErrorHandler(log: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known = toAppError(error);
    const appError = known ?? new AppError(500, 'internal_error', 'Something went wrong on our side.');
    const requestLog = (req as { log?: Logger }).log ?? log;
    if (!known) requestLog.error({ err: error, reqId: req.id }, 'unhandled error');
    else if (known.code === 'database_unavailable') {
      requestLog.warn({ reason: (error as Error).message, reqId: req.id }, 'database unreachable');
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    for (const [name, value] of Object.entries(appError.headers ?? {})) res.setHeader(name, value);
    const render = res.locals.renderError as ErrorRenderer | undefined;
    if (render) {
      res.status(appError.status).type('html').send(render(appError));
      return;
    }
    res.status(appError.status).json(errorBody(appError));
  };
}
