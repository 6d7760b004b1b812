// GET /unsubscribe?token=... shows what the link is for and a button; POST /unsubscribe
// does it (from that button, or a mail client's RFC 8058 one-click POST to the same URL).

import { Router } from 'express';
import { z } from 'zod';
import type { Clock } from '../clock';
import { input, validate } from '../http/validate';
import type { EmailVault } from '../privacy/emailVault';
import { findUnsubscribeTarget, unsubscribe } from './unsubscribe';
import { renderUnsubscribeConfirm, renderUnsubscribeDone, renderUnsubscribeError } from './unsubscribe.pages';

const token = z
  .string({ error: 'The link has no token.' })
  .trim()
  .min(1, 'The link has no token.')
  .max(200, 'The token is too long.')
  .meta({ description: "The token from the email's link." });

export const showRequest = z.object({ query: z.object({ token }) });

export const unsubscribeRequest = z
  .object({
    query: z.object({ token: token.optional() }),
    // A one-click POST sends only "List-Unsubscribe=One-Click": the token is in the URL.
    body: z.object({
      token: token.optional(),
      scope: z.enum(['comment', 'site']).default('comment').meta({
        description:
          "`comment`: no more reply emails about this comment; `site`: none about any of the commenter's comments on its site.",
      }),
    }),
  })
  .refine((request) => request.body.token ?? request.query.token, {
    message: 'The link has no token.',
    path: ['body', 'token'],
  });

export function createUnsubscribeRouter(deps: { vault: EmailVault; clock: Clock }): Router {
  const router = Router();
  router.use('/unsubscribe', (_req, res, next) => {
    res.locals.renderError = renderUnsubscribeError;
    res.set('Cache-Control', 'no-store');
    next();
  });

  router.get('/unsubscribe', validate(showRequest), async (_req, res) => {
    const { query } = input(res, showRequest);
    const target = await findUnsubscribeTarget(deps.vault, query.token);
    res.type('html').send(renderUnsubscribeConfirm(target, query.token));
  });

  router.post('/unsubscribe', validate(unsubscribeRequest), async (_req, res) => {
    const { query, body } = input(res, unsubscribeRequest);
    const token = (body.token ?? query.token) as string;
    const done = await unsubscribe(deps.vault, token, body.scope, deps.clock.now());
    res.type('html').send(renderUnsubscribeDone(done, done.scope));
  });

  return router;
}
