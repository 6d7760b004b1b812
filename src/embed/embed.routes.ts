// Serves the embed: /embed.js (the loader sites paste, cached for minutes) and
// /embed/embed.HASH.js|css (cached for a year: a new build gets a new name). Any site may
// load them, so they opt out of helmet's same-origin resource policy.
import { type Request, type Response, Router } from 'express';
import { type EmbedAsset, type EmbedAssets, getEmbedAssets } from './embed.assets';

const LOADER_CACHE = 'public, max-age=300';
const HASHED_CACHE = 'public, max-age=31536000, immutable';

function sendAsset(req: Request, res: Response, asset: EmbedAsset, cacheControl: string): void {
  res.set({
    'Content-Type': asset.type,
    'Cache-Control': cacheControl,
    ETag: asset.etag,
    Vary: 'Accept-Encoding',
    'Cross-Origin-Resource-Policy': 'cross-origin',
  });
  if (req.fresh) {
    res.status(304).end();
    return;
  }
  const isGzipped = req.acceptsEncodings('gzip', 'identity') === 'gzip';
  if (isGzipped) res.set('Content-Encoding', 'gzip');
  res.send(isGzipped ? asset.gzip : asset.body);
}

export function createEmbedRouter(deps: { assets?: () => EmbedAssets } = {}): Router {
  const assets = deps.assets ?? getEmbedAssets;
  const router = Router();
  router.get('/embed.js', (req, res) => sendAsset(req, res, assets().loader, LOADER_CACHE));
  router.get('/embed/:file', (req, res, next) => {
    const { bundle, styles } = assets();
    const asset = [bundle, styles].find((candidate) => candidate.name === req.params.file);
    if (!asset) return next();
    sendAsset(req, res, asset, HASHED_CACHE);
  });
  return router;
}
