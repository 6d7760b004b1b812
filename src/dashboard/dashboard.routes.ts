// Serves the moderator dashboard: /moderate (the shell, revalidated on every visit so a new
// release is picked up) and /moderate/assets/moderate.HASH.js|css (cached for a year: a new
// build gets new names). The page is public; everything it shows comes from the moderation
// API, behind login.
import { type Request, type Response, Router } from 'express';
import { type DashboardAsset, type DashboardAssets, getDashboardAssets } from './dashboard.assets';
import { ASSETS_PATH, renderDashboardPage } from './dashboard.page';

const HASHED_CACHE = 'public, max-age=31536000, immutable';

function sendAsset(req: Request, res: Response, asset: DashboardAsset): void {
  res.set({
    'Content-Type': asset.type,
    'Cache-Control': HASHED_CACHE,
    ETag: asset.etag,
    Vary: 'Accept-Encoding',
  });
  if (req.fresh) {
    res.status(304).end();
    return;
  }
  const isGzipped = req.acceptsEncodings('gzip', 'identity') === 'gzip';
  if (isGzipped) res.set('Content-Encoding', 'gzip');
  res.send(isGzipped ? asset.gzip : asset.body);
}

export function createDashboardRouter(deps: { assets?: () => DashboardAssets } = {}): Router {
  const assets = deps.assets ?? getDashboardAssets;
  const router = Router();
  let page: { html: string; for: DashboardAssets } | undefined;

  router.get('/moderate', (_req, res) => {
    const current = assets();
    if (page?.for !== current) page = { html: renderDashboardPage(current), for: current };
    res.set({
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-cache',
    });
    res.send(page.html);
  });

  router.get(`${ASSETS_PATH}/:file`, (req, res, next) => {
    const { script, styles } = assets();
    const asset = [script, styles].find((candidate) => candidate.name === req.params.file);
    if (!asset) return next();
    sendAsset(req, res, asset);
  });

  return router;
}
