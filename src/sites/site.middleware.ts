// Loads the site named in the URL and applies its CORS policy: only the site's
// allowedOrigins may call its public endpoints from a browser.
import cors from 'cors';
import type { RequestHandler, Response } from 'express';
import { errors } from '../errors';
import type { Site } from './site.model';

/** Loads the site named in the URL with `findSite` (a cached lookup on public paths). */
export function loadSite(findSite: (id: string) => Promise<Site | undefined>): RequestHandler {
  return async (req, res, next) => {
    const id = req.params.site;
    const site = typeof id === 'string' ? await findSite(id) : undefined;
    if (!site) return next(errors.notFound('site_not_found', 'There is no site with this id.'));
    res.locals.site = site;
    next();
  };
}

export function currentSite(res: Response): Site {
  return res.locals.site as Site;
}

export const siteCors: RequestHandler = (req, res, next) => {
  const site = currentSite(res);
  cors({
    origin: site.allowedOrigins,
    methods: ['GET', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: [
      'Content-Type',
      'Parley-Author-Token',
      'Parley-Moderation-Hash',
      'Idempotency-Key',
      'If-None-Match',
      'Last-Event-ID',
    ],
    exposedHeaders: ['ETag', 'Retry-After'],
    maxAge: 600,
  })(req, res, next);
};

/** A browser on another origin may not post to a site: CORS alone would not stop a form post. */
export const requireAllowedOrigin: RequestHandler = (req, res, next) => {
  const origin = req.headers.origin;
  if (origin !== undefined && !currentSite(res).allowedOrigins.includes(origin)) {
    return next(
      errors.forbidden('origin_not_allowed', 'This site does not accept comments from that origin.'),
    );
  }
  next();
};
