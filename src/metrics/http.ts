// Counts and times every HTTP request by its route pattern (/api/v1/sites/:site/comments),
// never by its raw URL: ids and query strings would make a label value per request.
import type { Request, RequestHandler } from 'express';
import type { Metrics } from './metrics';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Notes the full pattern of the route that matches: Express sets `req.route` when a route
 * takes the request, while `req.baseUrl` still names the router it is mounted under (an
 * error passed on to the app's handler resets baseUrl, so reading both at the end is wrong).
 * "unmatched" for 404s and requests refused before routing.
 */
function watchRoutePattern(req: Request): () => string {
  let route: unknown = req.route;
  let pattern: string | undefined;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set(value: unknown) {
      route = value;
      const path = (value as { path?: unknown } | undefined)?.path;
      if (typeof path === 'string') pattern = `${req.baseUrl}${path}` || '/';
    },
  });
  return () => pattern ?? 'unmatched';
}

export function measureRequests(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const routePattern = watchRoutePattern(req);
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const method = METHODS.has(req.method) ? req.method : 'OTHER';
      metrics.observeRequest({ method, route: routePattern(), status: res.statusCode }, seconds);
    });
    next();
  };
}
