// The embed's size budget and the build that `npm run build` ships.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { buildBrowserFiles } from '../../src/build/browserAssets';
import { buildEmbedAssets, type EmbedAssets, readEmbedAssets } from '../../src/embed/embed.assets';

const BUDGET_BYTES = 12 * 1024;

let assets: EmbedAssets;
beforeAll(() => {
  assets = buildEmbedAssets();
});

describe('the embed bundle', () => {
  it('stays within 12 KB gzipped, loader, script and stylesheet together', () => {
    const files = [assets.loader, assets.bundle, assets.styles];
    const gzipped = files.reduce((total, file) => total + file.gzip.length, 0);
    process.stdout.write(`embed size: ${gzipped} bytes gzipped (budget ${BUDGET_BYTES})\n`);
    expect(gzipped).toBeLessThanOrEqual(BUDGET_BYTES);
    for (const file of files) expect(gunzipSync(file.gzip).equals(file.body)).toBe(true);
  });

  it('is minified and named after its content', () => {
    expect(assets.bundle.name).toMatch(/^embed\.[0-9a-f]{12}\.js$/);
    expect(assets.styles.name).toMatch(/^embed\.[0-9a-f]{12}\.css$/);
    // Minified: no comments, and names shortened.
    expect(assets.bundle.body.toString()).not.toMatch(/Sanitised by the server|wireReplyForm|renderComment/);
    expect(buildEmbedAssets().bundle.name).toBe(assets.bundle.name);
    const loader = assets.loader.body.toString();
    expect(loader).toContain(`embed/${assets.bundle.name}`);
    expect(loader).toContain(`embed/${assets.styles.name}`);
  });

  it('names no third-party host: avatars are drawn locally', () => {
    const hosts = [assets.loader, assets.bundle, assets.styles].flatMap((file) =>
      Array.from(file.body.toString().matchAll(/https?:\/\/([a-z0-9.-]+)/gi), (match) => match[1]),
    );
    // The SVG namespace is a name, not a request.
    expect(new Set(hosts)).toEqual(new Set(['www.w3.org']));
  });

  it('is written for production by the build step and read back unchanged', () => {
    const outDir = mkdtempSync(path.join(os.tmpdir(), 'parley-build-'));
    try {
      buildBrowserFiles(outDir);
      const written = readEmbedAssets(path.join(outDir, 'embed', 'assets'));
      expect(written.bundle.name).toBe(assets.bundle.name);
      expect(written.bundle.body.equals(assets.bundle.body)).toBe(true);
      expect(written.styles.body.equals(assets.styles.body)).toBe(true);
      expect(written.loader.body.equals(assets.loader.body)).toBe(true);
      expect(readdirSync(path.join(outDir, 'demo')).sort()).toEqual(['article.txt', 'demo.css']);
      expect(readFileSync(path.join(outDir, 'demo', 'article.txt'), 'utf8')).toContain('GSOMIA');
      expect(readdirSync(path.join(outDir, 'home'))).toEqual(['home.css']);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});
