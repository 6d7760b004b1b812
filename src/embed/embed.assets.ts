// The embed's browser files: the bundle and stylesheet under content-hashed names, and the
// loader that points at them. `npm run build` writes them next to the compiled server
// (dist/embed/assets, see build.ts); without that (npm start, tests) they are bundled from
// src/embed/client in memory with esbuild on first use. Neither needs the network.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface EmbedAsset {
  name: string;
  type: string;
  body: Buffer;
  gzip: Buffer;
  etag: string;
}

export interface EmbedAssets {
  loader: EmbedAsset;
  bundle: EmbedAsset;
  styles: EmbedAsset;
}

interface Manifest {
  loader: string;
  bundle: string;
  styles: string;
}

const CLIENT_DIR = path.join(__dirname, 'client');
export const PREBUILT_DIR = path.join(__dirname, 'assets');
const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

function hashOf(body: Buffer | Uint8Array): string {
  return createHash('sha256').update(body).digest('hex').slice(0, 12);
}

function toAsset(name: string, type: string, body: Buffer): EmbedAsset {
  return { name, type, body, gzip: gzipSync(body, { level: 9 }), etag: `W/"${hashOf(body)}"` };
}

/** Bundles and minifies the browser code. esbuild is only needed here, never in production. */
export function buildEmbedAssets(): EmbedAssets {
  const esbuild = require('esbuild') as typeof import('esbuild');
  const common: import('esbuild').BuildOptions = {
    bundle: true,
    minify: true,
    write: false,
    format: 'iife',
    target: ['es2020', 'chrome90', 'firefox90', 'safari15'],
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
  };
  const main = esbuild.buildSync({
    ...common,
    entryPoints: [path.join(CLIENT_DIR, 'index.ts')],
    outdir: '/',
  });
  const output = (ending: string) => {
    const file = main.outputFiles?.find((candidate) => candidate.path.endsWith(ending));
    if (!file) throw new Error(`the embed build produced no ${ending} file`);
    return Buffer.from(file.contents);
  };
  const js = output('.js');
  const css = output('.css');
  const bundle = toAsset(`embed.${hashOf(js)}.js`, JS, js);
  const styles = toAsset(`embed.${hashOf(css)}.css`, CSS, css);
  const loader = esbuild.buildSync({
    ...common,
    entryPoints: [path.join(CLIENT_DIR, 'loader.ts')],
    define: {
      PARLEY_BUNDLE: JSON.stringify(`embed/${bundle.name}`),
      PARLEY_STYLES: JSON.stringify(`embed/${styles.name}`),
    },
  });
  const loaderFile = loader.outputFiles?.[0];
  if (!loaderFile) throw new Error('the embed build produced no loader');
  return { loader: toAsset('embed.js', JS, Buffer.from(loaderFile.contents)), bundle, styles };
}

export function writeEmbedAssets(dir: string, assets: EmbedAssets): void {
  mkdirSync(dir, { recursive: true });
  const manifest: Manifest = { loader: 'loader.js', bundle: assets.bundle.name, styles: assets.styles.name };
  writeFileSync(path.join(dir, manifest.loader), assets.loader.body);
  writeFileSync(path.join(dir, manifest.bundle), assets.bundle.body);
  writeFileSync(path.join(dir, manifest.styles), assets.styles.body);
  writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

export function readEmbedAssets(dir: string): EmbedAssets {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const read = (name: string) => readFileSync(path.join(dir, name));
  return {
    loader: toAsset('embed.js', JS, read(manifest.loader)),
    bundle: toAsset(manifest.bundle, JS, read(manifest.bundle)),
    styles: toAsset(manifest.styles, CSS, read(manifest.styles)),
  };
}

let loaded: EmbedAssets | undefined;

/** The prebuilt assets when `npm run build` made them, else a bundle built now; once per process. */
export function getEmbedAssets(): EmbedAssets {
  loaded ??= existsSync(path.join(PREBUILT_DIR, 'manifest.json'))
    ? readEmbedAssets(PREBUILT_DIR)
    : buildEmbedAssets();
  return loaded;
}
