// GET / (src/home/home.page.ts) and its stylesheet. Both are static: built once, no database.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import { HOME_STYLES_PATH, renderHomePage } from './home.page';

export function createHomeRouter(deps: { isProduction: boolean }): Router {
  const router = Router();
  const page = renderHomePage(deps);
  let styles: string | undefined;

  router.get('/', (_req, res) => {
    res.set({ 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' }).send(page);
  });

  router.get(HOME_STYLES_PATH, (_req, res) => {
    styles ??= readFileSync(path.join(__dirname, 'home.css'), 'utf8');
    res
      .set({ 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=300' })
      .send(styles);
  });

  return router;
}
