// The session cookie. HttpOnly keeps it from scripts, SameSite=Strict from other sites'
// requests, and Secure is set whenever the request came over TLS: `req.secure`, which
// behind a proxy depends on TRUST_PROXY and X-Forwarded-Proto.
import type { CookieOptions, Request, Response } from 'express';

export const SESSION_COOKIE = 'parley_session';

function cookieOptions(req: Request): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', path: '/', secure: req.secure };
}

/** `maxAgeMs` rather than an absolute date: the browser's clock need not agree with ours. */
export function setSessionCookie(req: Request, res: Response, value: string, maxAgeMs: number): void {
  res.cookie(SESSION_COOKIE, value, { ...cookieOptions(req), maxAge: maxAgeMs });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, cookieOptions(req));
}

export function readSessionCookie(req: Request): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === SESSION_COOKIE) {
      return part.slice(separator + 1).trim();
    }
  }
  return undefined;
}
