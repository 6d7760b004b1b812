// The public comment API: what readers and embedding sites call.
import { type Request, type RequestHandler, Router } from 'express';
import { errors } from '../errors';
import { input, validate } from '../http/validate';
import { currentSite, loadSite, requireAllowedOrigin, siteCors } from '../sites/site.middleware';
import { presentComment, presentThread } from './comment.presenter';
import { countsRequest, listCommentsRequest, postCommentRequest } from './comment.schema';
import type { CommentService } from './comments.service';
import { commentAnchorUrl, renderFormError, returnUrl } from './formResponse';
import { findThreadPage, readCounts, readThread, threadEtag } from './thread.service';

const PUBLIC_CACHE = 'public, max-age=10, stale-while-revalidate=60';
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function isFormPost(req: Request): boolean {
  return Boolean(req.is('application/x-www-form-urlencoded')) && req.accepts(['json', 'html']) === 'html';
}

// Classic form posts get HTML back, including for errors raised before the handler runs.
const answerFormsInHtml: RequestHandler = (req, res, next) => {
  if (isFormPost(req)) {
    res.locals.renderError = (error: Parameters<typeof renderFormError>[0]) => {
      const site = res.locals.site;
      const body = (req.body ?? {}) as Record<string, unknown>;
      const back = site ? returnUrl(site, body.pageUrl, header(req, 'referer')) : undefined;
      return renderFormError(error, back);
    };
  }
  next();
};

export function createCommentRouter(deps: { comments: CommentService }): Router {
  const router = Router();
  router.use('/sites/:site', answerFormsInHtml, loadSite, siteCors);

  router.post(
    '/sites/:site/comments',
    requireAllowedOrigin,
    validate((_req, res) => postCommentRequest(currentSite(res))),
    async (req, res) => {
      const site = currentSite(res);
      const { body } = input(res, postCommentRequest);
      const idempotencyKey = header(req, 'idempotency-key');
      if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
        throw errors.validationFailed({ 'Idempotency-Key': 'Must be 1 to 255 visible ASCII characters.' });
      }
      const posted = await deps.comments.postComment(site, body, {
        ip: req.ip,
        userAgent: header(req, 'user-agent')?.slice(0, 500),
        referrer: header(req, 'referer')?.slice(0, 2000),
        authorToken: header(req, 'parley-author-token'),
        idempotencyKey,
      });
      if (isFormPost(req)) {
        const target = returnUrl(site, body.pageUrl, posted.page.url, header(req, 'referer'));
        res.redirect(303, commentAnchorUrl(target, posted.comment.id));
        return;
      }
      res
        .status(201)
        .set('Cache-Control', 'no-store')
        .json({ comment: presentComment(posted.comment, site), authorToken: posted.authorToken });
    },
  );

  router.get('/sites/:site/comments', validate(listCommentsRequest), async (req, res) => {
    const site = currentSite(res);
    const { query } = input(res, listCommentsRequest);
    const authorToken = query.authorToken ?? header(req, 'parley-author-token');
    // The same URL answers differently with a reader's token: caches must keep them apart.
    res.vary('Parley-Author-Token');
    if (authorToken) {
      // A reader's own pending comments are theirs alone: never cached, never shared.
      const thread = await readThread(site, query, await findThreadPage(site, query.pageId), authorToken);
      res.set('Cache-Control', 'private, no-store').json(presentThread(thread, site));
      return;
    }
    const page = await findThreadPage(site, query.pageId);
    res.set({ ETag: threadEtag(site, page, query), 'Cache-Control': PUBLIC_CACHE });
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    const thread = await readThread(site, query, page);
    res.json(presentThread(thread, site));
  });

  router.get('/sites/:site/counts', validate(countsRequest), async (_req, res) => {
    const site = currentSite(res);
    const { query } = input(res, countsRequest);
    res.set('Cache-Control', PUBLIC_CACHE).json({ counts: await readCounts(site, query.pageId) });
  });

  return router;
}
