// The moderator dashboard's browser files: one script and one stylesheet under
// content-hashed names. `npm run build` writes them next to the compiled server
// (dist/dashboard/assets, see src/embed/build.ts); without that (npm start, tests) they are
// bundled from src/dashboard/client in memory with esbuild on first use, as the embed is.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface DashboardAsset {
  name: string;
  type: string;
  body: Buffer;
  gzip: Buffer;
  etag: string;
}

export interface DashboardAssets {
  script: DashboardAsset;
  styles: DashboardAsset;
}

interface Manifest {
  script: string;
  styles: string;
}

const CLIENT_DIR = path.join(__dirname, 'client');
export const PREBUILT_DIR = path.join(__dirname, 'assets');
const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

function hashOf(body: Buffer | Uint8Array): string {
  return createHash('sha256').update(body).digest('hex').slice(0, 12);
}

function toAsset(name: string, type: string, body: Buffer): DashboardAsset {
  return { name, type, body, gzip: gzipSync(body, { level: 9 }), etag: `W/"${hashOf(body)}"` };
}

/** Bundles and minifies the dashboard. esbuild is only needed here, never in production. */
export function buildDashboardAssets(): DashboardAssets {
  const esbuild = require('esbuild') as typeof import('esbuild');
  const result = esbuild.buildSync({
    entryPoints: [path.join(CLIENT_DIR, 'index.ts')],
    bundle: true,
    minify: true,
    write: false,
    outdir: '/',
    format: 'iife',
    // Moderators use current browsers; the embed's wider target is for readers.
    target: ['es2022', 'chrome100', 'firefox100', 'safari15.4'],
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
  });
  const output = (ending: string) => {
    const file = result.outputFiles?.find((candidate) => candidate.path.endsWith(ending));
    if (!file) throw new Error(`the dashboard build produced no ${ending} file`);
    return Buffer.from(file.contents);
  };
  const js = output('.js');
  const css = output('.css');
  return {
    script: toAsset(`moderate.${hashOf(js)}.js`, JS, js),
    styles: toAsset(`moderate.${hashOf(css)}.css`, CSS, css),
  };
}

export function writeDashboardAssets(dir: string, assets: DashboardAssets): void {
  mkdirSync(dir, { recursive: true });
  const manifest: Manifest = { script: assets.script.name, styles: assets.styles.name };
  writeFileSync(path.join(dir, manifest.script), assets.script.body);
  writeFileSync(path.join(dir, manifest.styles), assets.styles.body);
  writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

export function readDashboardAssets(dir: string): DashboardAssets {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const read = (name: string) => readFileSync(path.join(dir, name));
  return {
    script: toAsset(manifest.script, JS, read(manifest.script)),
    styles: toAsset(manifest.styles, CSS, read(manifest.styles)),
  };
}

let loaded: DashboardAssets | undefined;

/** The prebuilt assets when `npm run build` made them, else a bundle built now; once per process. */
export function getDashboardAssets(): DashboardAssets {
  loaded ??= existsSync(path.join(PREBUILT_DIR, 'manifest.json'))
    ? readDashboardAssets(PREBUILT_DIR)
    : buildDashboardAssets();
  return loaded;
}
