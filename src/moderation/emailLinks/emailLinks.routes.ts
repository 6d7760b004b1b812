// GET /moderate/email-action?token=... shows what a moderation link from a notification
// email will do, with a button; POST /moderate/email-action (the button) does it.
import { type RequestHandler, Router } from 'express';
import { z } from 'zod';
import { input, validate } from '../../http/validate';
import { renderEmailLinkConfirm, renderEmailLinkDone, renderEmailLinkError } from './emailLinks.pages';
import type { EmailLinks } from './emailLinks.service';
import { EMAIL_LINK_PATH } from './token';

const token = z
  .string({ error: 'The link has no token.' })
  .trim()
  .min(1, 'The link has no token.')
  .max(300, 'The token is too long.')
  .meta({ description: "The token from the email's link." });

export const showEmailLinkRequest = z.object({ query: z.object({ token }) });
export const useEmailLinkRequest = z.object({ body: z.object({ token }) });

const asHtmlPage: RequestHandler = (_req, res, next) => {
  res.locals.renderError = renderEmailLinkError;
  // The token is in the URL: no caching, and no Referer to the dashboard link's target.
  res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
  next();
};

export function createEmailLinkRouter(deps: { links: EmailLinks }): Router {
  const router = Router();
  router.use(EMAIL_LINK_PATH, asHtmlPage);

  router.get(EMAIL_LINK_PATH, validate(showEmailLinkRequest), async (_req, res) => {
    const { query } = input(res, showEmailLinkRequest);
    const target = await deps.links.open(query.token);
    res.type('html').send(renderEmailLinkConfirm(target, query.token));
  });

  router.post(EMAIL_LINK_PATH, validate(useEmailLinkRequest), async (_req, res) => {
    const { body } = input(res, useEmailLinkRequest);
    const target = await deps.links.act(body.token);
    res.type('html').send(renderEmailLinkDone(target));
  });

  return router;
}
