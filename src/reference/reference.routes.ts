// Serves the API reference: the OpenAPI document at /api/v1/openapi.json and a readable
// reference at /docs (Swagger UI, served from its package), in production too: they hold
// nothing that is not public. The document is built once, on first request.
import { Router } from 'express';
import { HASHED_CACHE, hashOf, sendAsset } from '../http/staticAssets';
import { createApiDocument } from './document';
import { getReferenceAssets, type ReferenceAssets } from './reference.assets';
import { DOCUMENT_PATH } from './reference.openapi';
import { ASSETS_PATH, renderReferencePage } from './reference.page';

export function createReferenceRouter(deps: { assets?: () => ReferenceAssets } = {}): Router {
  const assets = deps.assets ?? getReferenceAssets;
  const router = Router();
  let document: { body: string; etag: string } | undefined;
  let page: string | undefined;

  router.get(DOCUMENT_PATH, (req, res) => {
    if (!document) {
      const body = JSON.stringify(createApiDocument());
      document = { body, etag: `"${hashOf(Buffer.from(body))}"` };
    }
    // Tools (editors, client generators) may read it from anywhere: it holds no secret.
    res.set({
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': 'no-cache',
      ETag: document.etag,
      'Content-Type': 'application/json; charset=utf-8',
    });
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.send(document.body);
  });

  router.get('/docs', (_req, res) => {
    page ??= renderReferencePage(assets());
    res.set({ 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' }).send(page);
  });

  router.get(`${ASSETS_PATH}/:file`, (req, res, next) => {
    const { bundle, styles, overrides, start } = assets();
    const asset = [bundle, styles, overrides, start].find((candidate) => candidate.name === req.params.file);
    if (!asset) return next();
    sendAsset(req, res, asset, HASHED_CACHE);
  });

  return router;
}
