// The public comment API: what readers and embedding sites call.
import { type Request, type RequestHandler, Router } from 'express';
import { errors } from '../errors';
import { input, type RequestSchemaFactory, validate } from '../http/validate';
import { MODERATION_HASH_HEADER } from '../shared/heldComment';
import { currentSite, loadSite, requireAllowedOrigin, siteCors } from '../sites/site.middleware';
import { preferredEncoding, type ReadCache } from '../threads/readCache';
import {
  addOwnPending,
  emptyThreadRecord,
  findOwnComments,
  matchesEtag,
  readCounts,
  readPublicThread,
  threadEtag,
} from '../threads/thread.read';
import type { WarmReads } from '../threads/warmReads';
import { type AuthorActions, authorErrors } from './authorActions.service';
import { presentComment } from './comment.presenter';
import {
  countsRequest,
  deleteCommentRequest,
  editCommentRequest,
  listCommentsRequest,
  postCommentRequest,
} from './comment.schema';
import type { CommentService } from './comments.service';
import { heldCommentUrl, renderFormError, returnUrl } from './formResponse';

const PUBLIC_CACHE = 'public, max-age=10, stale-while-revalidate=60';
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function isFormPost(req: Request): boolean {
  return Boolean(req.is('application/x-www-form-urlencoded')) && req.accepts(['json', 'html']) === 'html';
}

/** A post's schema for the site the request names: its settings decide what is required. */
export const postCommentRequestForSite: RequestSchemaFactory = (_req, res) =>
  postCommentRequest(currentSite(res));

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

// An author's edit or delete names its comment by the token it was posted with; without one
// there is nothing to check, whatever the body says.
const requireAuthorToken: RequestHandler = (req, _res, next) => {
  next(header(req, 'parley-author-token') ? undefined : authorErrors.tokenRequired());
};

export function createCommentRouter(deps: {
  comments: CommentService;
  authors: AuthorActions;
  cache: ReadCache;
  warmReads: WarmReads;
}): Router {
  const { cache } = deps;
  const router = Router();
  router.use('/sites/:site', answerFormsInHtml, loadSite(cache.site), siteCors);

  router.post(
    '/sites/:site/comments',
    requireAllowedOrigin,
    validate(postCommentRequestForSite),
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
        const id = posted.comment.id;
        res.redirect(303, heldCommentUrl(target, id, deps.comments.moderationHashOf(id)));
        return;
      }
      res
        .status(201)
        .set('Cache-Control', 'no-store')
        .json({ comment: presentComment(posted.comment, site), authorToken: posted.authorToken });
    },
  );

  // Public reads touch the database only by _id, and a warm one not at all: the page's record
  // and the response bytes come from the read cache (src/threads/readCache.ts).
  router.get('/sites/:site/comments', validate(listCommentsRequest), async (req, res) => {
    const site = currentSite(res);
    const { query } = input(res, listCommentsRequest);
    const authorToken = query.authorToken ?? header(req, 'parley-author-token');
    // Back from a plain form post: the comment its return address names, with the hash in a
    // header (kept out of access logs, which hold the URL).
    const moderationHash = header(req, MODERATION_HASH_HEADER.toLowerCase());
    const held =
      query.unapproved && moderationHash ? { id: query.unapproved, hash: moderationHash } : undefined;
    // The same URL answers differently with a reader's token or hash: caches must keep them apart.
    res.vary('Parley-Author-Token').vary(MODERATION_HASH_HEADER);
    const loadRecord = (isFresh: boolean) => cache.record(site.id, query.pageId, isFresh);
    if (authorToken || held) {
      // A reader's own pending comments are theirs alone: never cached, never shared.
      const [thread, own, heldComment] = await Promise.all([
        readPublicThread(site, query, loadRecord).then((read) => JSON.parse(read.json)),
        authorToken ? findOwnComments(site, query.pageId, authorToken) : [],
        held ? deps.comments.findHeldComment(held) : undefined,
      ]);
      addOwnPending(site, query, thread, heldComment ? [...own, heldComment] : own);
      res.set('Cache-Control', 'private, no-store').json(thread);
      return;
    }
    const record = (await loadRecord(false)) ?? emptyThreadRecord(site, query.pageId);
    const etag = threadEtag(site, record, query);
    const key = JSON.stringify([site.id, query.pageId, query.sort, query.page, query.perPage ?? null]);
    const encoding = preferredEncoding(req);
    deps.warmReads.remember(req, res, { site, query, bodyKey: key, encoding });
    res.set('Cache-Control', PUBLIC_CACHE);
    // Whatever Cache-Control the request carries: fetch() adds no-cache to any request with a
    // hand-set If-None-Match, and such a client still deserves its 304.
    if (matchesEtag(header(req, 'if-none-match'), etag)) {
      res.set('ETag', etag).status(304).end();
      return;
    }
    let body = cache.body(key, etag);
    if (!body) {
      const read = await readPublicThread(site, query, (isFresh) =>
        isFresh ? loadRecord(true) : Promise.resolve(record),
      );
      body = { etag: threadEtag(site, read.record, query), identity: Buffer.from(read.json) };
      cache.storeBody(key, body);
    }
    const bytes = cache.encoded(key, body, encoding);
    res.vary('Accept-Encoding').set({ ETag: body.etag, 'Content-Type': 'application/json; charset=utf-8' });
    if (bytes !== body.identity) res.set('Content-Encoding', encoding);
    // With its length known, the body goes out in one piece rather than chunked.
    res.set('Content-Length', String(bytes.length)).end(bytes);
  });

  router.patch(
    '/sites/:site/comments/:id',
    requireAllowedOrigin,
    requireAuthorToken,
    validate(editCommentRequest),
    async (req, res) => {
      const site = currentSite(res);
      const { params, body } = input(res, editCommentRequest);
      const token = header(req, 'parley-author-token');
      const comment = await deps.authors.editOwnComment(site, params.id, {
        authorToken: token,
        ip: req.ip,
        text: body.content,
      });
      res.set('Cache-Control', 'no-store').json({ comment: presentComment(comment, site) });
    },
  );

  router.delete(
    '/sites/:site/comments/:id',
    requireAllowedOrigin,
    requireAuthorToken,
    validate(deleteCommentRequest),
    async (req, res) => {
      const { params } = input(res, deleteCommentRequest);
      await deps.authors.deleteOwnComment(currentSite(res), params.id, header(req, 'parley-author-token'));
      res.status(204).end();
    },
  );

  router.get('/sites/:site/counts', validate(countsRequest), async (_req, res) => {
    const site = currentSite(res);
    const { query } = input(res, countsRequest);
    const counts = await readCounts(query.pageId, (pageId) => cache.record(site.id, pageId));
    res.set('Cache-Control', PUBLIC_CACHE).json({ counts });
  });

  return router;
}
