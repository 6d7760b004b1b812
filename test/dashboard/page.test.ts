// How Parley serves the moderator dashboard: a shell page under the app-wide CSP with no
// inline script, and content-hashed bundles cached for a year; the same in production,
// where the bundles come from `npm run build` instead of esbuild.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { buildBrowserFiles } from '../../src/build/browserAssets';
import {
  buildDashboardAssets,
  type DashboardAssets,
  getDashboardAssets,
  PREBUILT_DIR,
  readDashboardAssets,
} from '../../src/dashboard/dashboard.assets';
import { createDashboardRouter } from '../../src/dashboard/dashboard.routes';
import { buildTestApp } from '../helpers/app';

const { app } = buildTestApp();

/** The value of one CSP directive, such as script-src, as a list of sources. */
function directive(csp: string, name: string): string[] | undefined {
  const found = csp
    .split(';')
    .map((part) => part.trim().split(/\s+/))
    .find(([directiveName]) => directiveName === name);
  return found?.slice(1);
}

function expectNothingInline(html: string): void {
  const scripts = Array.from(html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g));
  expect(scripts.length).toBeGreaterThan(0);
  for (const [, attributes, body] of scripts) {
    expect(attributes).toMatch(/\ssrc="\/moderate\/assets\/moderate\.[0-9a-f]{12}\.js"/);
    expect(body).toBe('');
  }
  // No event handler attributes, javascript: URLs or inline styles.
  expect(html).not.toMatch(/\son[a-z]+\s*=|javascript:|<style\b|\sstyle=/i);
}

function expectStrictScriptPolicy(csp: string | undefined): void {
  expect(csp).toBeDefined();
  const scriptSrc = directive(csp as string, 'script-src');
  expect(scriptSrc).toEqual(["'self'"]);
  expect(directive(csp as string, 'script-src-attr')).toEqual(["'none'"]);
  expect(directive(csp as string, 'default-src')).toEqual(["'self'"]);
  expect(directive(csp as string, 'object-src')).toEqual(["'none'"]);
}

describe('GET /moderate', () => {
  it('serves the shell page with the hashed script and stylesheet', async () => {
    const res = await request(app).get('/moderate');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    // Revalidated on every visit, so a new release's bundle names are picked up at once.
    expect(res.headers['cache-control']).toBe('no-cache');
    const { script, styles } = getDashboardAssets();
    expect(res.text).toContain(`<script src="/moderate/assets/${script.name}" defer></script>`);
    expect(res.text).toContain(`<link rel="stylesheet" href="/moderate/assets/${styles.name}">`);
    expect(res.text).toContain('<main id="parley-moderate"');
    expect(res.text).toMatch(/<div id="parley-announcer"[^>]*role="status" aria-live="polite"/);
  });

  it('has no inline script or handler, under the CSP every Parley page gets', async () => {
    const res = await request(app).get('/moderate');
    expectNothingInline(res.text);
    expectStrictScriptPolicy(res.headers['content-security-policy']);
    // The same policy as the rest of the app (helmet's), not one of its own.
    const health = await request(app).get('/no-such-page');
    expect(res.headers['content-security-policy']).toBe(health.headers['content-security-policy']);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('GET /moderate/assets/moderate.<hash>.js|css', () => {
  it('serves the bundles for a year, immutable, named after their content', async () => {
    const { script, styles } = getDashboardAssets();
    for (const asset of [script, styles]) {
      expect(asset.name).toMatch(/^moderate\.[0-9a-f]{12}\.(js|css)$/);
      const hash = createHash('sha256').update(asset.body).digest('hex').slice(0, 12);
      expect(asset.name).toContain(`.${hash}.`);
      const res = await request(app).get(`/moderate/assets/${asset.name}`).buffer(true);
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.headers['content-type']).toBe(asset.type);
      expect(Buffer.from(res.text).equals(asset.body)).toBe(true);
    }
    expect(script.type).toBe('text/javascript; charset=utf-8');
    expect(styles.type).toBe('text/css; charset=utf-8');
    // Really the dashboard: minified, with its styles.
    expect(script.body.toString()).toContain('/api/v1');
    expect(script.body.toString()).not.toMatch(/\/\/ |showDashboard|renderCard/);
    expect(styles.body.toString()).toContain('.card');
  });

  it('answers 304 to a matching If-None-Match, and gzip to a browser that takes it', async () => {
    const { script } = getDashboardAssets();
    const url = `/moderate/assets/${script.name}`;
    const first = await request(app).get(url);
    const again = await request(app).get(url).set('If-None-Match', String(first.headers.etag));
    expect(again.status).toBe(304);
    const gzipped = await request(app).get(url).set('Accept-Encoding', 'gzip');
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers.vary).toContain('Accept-Encoding');
    expect(gzipped.text).toBe(first.text);
  });

  it('does not know other names, old hashes included', async () => {
    for (const name of ['moderate.000000000000.js', 'manifest.json', 'index.ts', '..%2Fdashboard.page.ts']) {
      const res = await request(app).get(`/moderate/assets/${name}`);
      expect(res.status).toBe(404);
      expect(res.headers['cache-control'] ?? '').not.toContain('immutable');
    }
  });
});

describe('in production', () => {
  let outDir: string;
  let built: DashboardAssets;
  beforeAll(() => {
    outDir = mkdtempSync(path.join(os.tmpdir(), 'parley-dashboard-build-'));
    buildBrowserFiles(outDir);
    built = readDashboardAssets(path.join(outDir, 'dashboard', 'assets'));
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('the build writes the bundles where the compiled server looks for them', () => {
    // dist/dashboard/dashboard.assets.js reads dist/dashboard/assets.
    expect(path.relative(path.join(__dirname, '..', '..', 'src'), PREBUILT_DIR)).toBe(
      path.join('dashboard', 'assets'),
    );
    const fresh = buildDashboardAssets();
    expect(built.script.name).toBe(fresh.script.name);
    expect(built.script.body.equals(fresh.script.body)).toBe(true);
    expect(built.styles.name).toBe(fresh.styles.name);
  });

  it('serves /moderate and its prebuilt bundles under the same CSP', async () => {
    const production = buildTestApp({ config: { NODE_ENV: 'production' } }).app;
    const res = await request(production).get('/moderate');
    expect(res.status).toBe(200);
    expectNothingInline(res.text);
    expectStrictScriptPolicy(res.headers['content-security-policy']);
    // The demo is not there in production; the dashboard is.
    expect((await request(production).get('/demo')).status).toBe(404);

    const prebuilt = express().use(createDashboardRouter({ assets: () => built }));
    const page = await request(prebuilt).get('/moderate');
    expect(page.text).toContain(`/moderate/assets/${built.script.name}`);
    const js = await request(prebuilt).get(`/moderate/assets/${built.script.name}`);
    expect(js.status).toBe(200);
    expect(js.text).toBe(built.script.body.toString());
  });
});
