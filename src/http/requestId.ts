// A request's id, for its log line and its X-Request-Id answer: the caller's own when it sent
// a well-formed one (a proxy's, to follow a request across systems), else a new one.
import type { IncomingMessage } from 'node:http';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The caller's X-Request-Id when it is well-formed; undefined otherwise. */
export function requestIdOf(req: IncomingMessage): string | undefined {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : undefined;
}
