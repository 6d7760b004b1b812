// GET /demo: a sample news article with the embed under it, on the `demo` site that exists
// outside production (src/sites/site.model.ts ensureDemoSite), so `npm start` shows the
// whole product. Its CSP is strict: scripts and styles from Parley only, nothing inline.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import { type EmbedAssets, getEmbedAssets } from '../embed/embed.assets';
import { parseArticle, renderDemoPage } from './demo.page';

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https://www.gravatar.com",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "object-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

function readDemoFile(name: string): string {
  return readFileSync(path.join(__dirname, name), 'utf8');
}

export function createDemoRouter(deps: { publicUrl: string; embedAssets?: () => EmbedAssets }): Router {
  const embedAssets = deps.embedAssets ?? getEmbedAssets;
  const router = Router();
  let page: string | undefined;
  let styles: string | undefined;

  router.get('/demo', (_req, res) => {
    page ??= renderDemoPage(
      parseArticle(readDemoFile('article.txt')),
      deps.publicUrl,
      `/embed/${embedAssets().styles.name}`,
    );
    res.set({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      // helmet's no-referrer would make the browser send "Origin: null" with the plain
      // form's POST, which the API refuses as a foreign origin.
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'Cache-Control': 'no-cache',
    });
    res.send(page);
  });

  router.get('/demo/demo.css', (_req, res) => {
    styles ??= readDemoFile('demo.css');
    res
      .set({ 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=300' })
      .send(styles);
  });

  return router;
}
