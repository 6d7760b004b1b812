// Serves the moderator dashboard: /moderate (the shell, revalidated on every visit so a new
// release is picked up) and /moderate/assets/moderate.HASH.js|css (cached for a year: a new
// build gets new names). The page is public; everything it shows comes from the moderation
// API, behind login.
import { Router } from 'express';
import { HASHED_CACHE, sendAsset } from '../http/staticAssets';
import { type DashboardAssets, getDashboardAssets } from './dashboard.assets';
import { ASSETS_PATH, renderDashboardPage } from './dashboard.page';

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
    sendAsset(req, res, asset, HASHED_CACHE);
  });

  return router;
}
