import type { RequestHandler } from 'express';
import { errors } from '../errors';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** Refuses a request body in any format other than JSON or a classic form post. */
export const requireSupportedBody: RequestHandler = (req, _res, next) => {
  if (!BODY_METHODS.has(req.method)) return next();
  const hasBody =
    req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (hasBody && !req.is(['application/json', 'application/x-www-form-urlencoded'])) {
    return next(errors.unsupportedMediaType());
  }
  next();
};
