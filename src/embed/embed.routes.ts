// Serves the embed: /embed.js (the loader sites paste, cached for minutes) and
// /embed/embed.HASH.js|css (cached for a year: a new build gets a new name). Any site may
// load them, so they opt out of helmet's same-origin resource policy.
import { Router } from 'express';
import { HASHED_CACHE, sendAsset } from '../http/staticAssets';
import { type EmbedAssets, getEmbedAssets } from './embed.assets';

const LOADER_CACHE = 'public, max-age=300';
// Any site may load the embed's files.
const CROSS_ORIGIN = { 'Cross-Origin-Resource-Policy': 'cross-origin' };

export function createEmbedRouter(deps: { assets?: () => EmbedAssets } = {}): Router {
  const assets = deps.assets ?? getEmbedAssets;
  const router = Router();
  router.get('/embed.js', (req, res) => sendAsset(req, res, assets().loader, LOADER_CACHE, CROSS_ORIGIN));
  router.get('/embed/:file', (req, res, next) => {
    const { bundle, styles } = assets();
    const asset = [bundle, styles].find((candidate) => candidate.name === req.params.file);
    if (!asset) return next();
    sendAsset(req, res, asset, HASHED_CACHE, CROSS_ORIGIN);
  });
  return router;
}
