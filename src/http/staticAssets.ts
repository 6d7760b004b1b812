// Browser files Parley serves (the embed, the dashboard): bundled from TypeScript with
// esbuild at build time (or in memory on first use when there is no build), named by their
// content hash, and sent gzipped with an ETag.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Request, Response } from 'express';

export interface StaticAsset {
  name: string;
  type: string;
  body: Buffer;
  gzip: Buffer;
  etag: string;
}

export const JS = 'text/javascript; charset=utf-8';
export const CSS = 'text/css; charset=utf-8';
export const HASHED_CACHE = 'public, max-age=31536000, immutable';

export function hashOf(body: Buffer | Uint8Array): string {
  return createHash('sha256').update(body).digest('hex').slice(0, 12);
}

export function toAsset(name: string, type: string, body: Buffer): StaticAsset {
  return { name, type, body, gzip: gzipSync(body, { level: 9 }), etag: `W/"${hashOf(body)}"` };
}

/** An asset named `<prefix>.<content hash>.<js|css>`, so it can be cached for good. */
export function hashedAsset(prefix: string, type: string, body: Buffer): StaticAsset {
  return toAsset(`${prefix}.${hashOf(body)}.${type === CSS ? 'css' : 'js'}`, type, body);
}

/** Bundles and minifies one entry point; the CSS it imports comes out beside the script. */
export function bundleBrowserCode(options: {
  entry: string;
  target: string[];
  define?: Record<string, string>;
}): { js: Buffer; css?: Buffer } {
  // esbuild is a dev dependency: only needed when there is no prebuilt bundle.
  const esbuild = require('esbuild') as typeof import('esbuild');
  const result = esbuild.buildSync({
    entryPoints: [options.entry],
    bundle: true,
    minify: true,
    write: false,
    outdir: '/',
    format: 'iife',
    target: options.target,
    define: options.define,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
  });
  const output = (ending: string) => {
    const file = result.outputFiles?.find((candidate) => candidate.path.endsWith(ending));
    return file ? Buffer.from(file.contents) : undefined;
  };
  const js = output('.js');
  if (!js) throw new Error(`bundling ${options.entry} produced no script`);
  const css = output('.css');
  return css ? { js, css } : { js };
}

/** Writes assets and a manifest naming each one's file, for a production build. */
export function writeAssetDir(dir: string, assets: Record<string, StaticAsset>): void {
  mkdirSync(dir, { recursive: true });
  const manifest: Record<string, string> = {};
  for (const [key, asset] of Object.entries(assets)) {
    const file = `${key}--${asset.name}`;
    writeFileSync(path.join(dir, file), asset.body);
    manifest[key] = file;
  }
  writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Reads what writeAssetDir wrote: each asset under its own name and type again. */
export function readAssetDir(dir: string): Record<string, StaticAsset> {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Record<
    string,
    string
  >;
  return Object.fromEntries(
    Object.entries(manifest).map(([key, file]) => {
      const name = file.slice(key.length + 2);
      return [key, toAsset(name, name.endsWith('.css') ? CSS : JS, readFileSync(path.join(dir, file)))];
    }),
  );
}

/**
 * A getter for one set of browser files: those `npm run build` wrote to `dir` when it did
 * (production), else the ones `build` bundles now (npm start, tests); once per process.
 */
export function prebuiltOrBundled<T>(dir: string, read: (dir: string) => T, build: () => T): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= existsSync(path.join(dir, 'manifest.json')) ? read(dir) : build();
    return loaded;
  };
}

export function sendAsset(
  req: Request,
  res: Response,
  asset: StaticAsset,
  cacheControl: string,
  headers: Record<string, string> = {},
): void {
  res.set({
    'Content-Type': asset.type,
    'Cache-Control': cacheControl,
    ETag: asset.etag,
    Vary: 'Accept-Encoding',
    ...headers,
  });
  if (req.fresh) {
    res.status(304).end();
    return;
  }
  const isGzipped = req.acceptsEncodings('gzip', 'identity') === 'gzip';
  if (isGzipped) res.set('Content-Encoding', 'gzip');
  res.send(isGzipped ? asset.gzip : asset.body);
}
