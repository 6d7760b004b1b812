// The browser-facing part of `npm run build`: writes the embed bundle, the moderator
// dashboard's bundle, the demo page's article and stylesheet, and the front page's
// stylesheet, next to the compiled server, so dist/ runs without esbuild or src/.
//   tsx src/build/browserAssets.ts [outDir]   (outDir defaults to dist/; npm run build:assets)
import { cpSync } from 'node:fs';
import path from 'node:path';
import { buildDashboardAssets, writeDashboardAssets } from '../dashboard/dashboard.assets';
import { buildEmbedAssets, writeEmbedAssets } from '../embed/embed.assets';

export function buildBrowserFiles(outDir: string): string[] {
  const assets = buildEmbedAssets();
  writeEmbedAssets(path.join(outDir, 'embed', 'assets'), assets);
  for (const file of ['article.txt', 'demo.css']) {
    cpSync(path.join(__dirname, '..', 'demo', file), path.join(outDir, 'demo', file));
  }
  cpSync(path.join(__dirname, '..', 'home', 'home.css'), path.join(outDir, 'home', 'home.css'));
  const dashboard = buildDashboardAssets();
  writeDashboardAssets(path.join(outDir, 'dashboard', 'assets'), dashboard);
  return [assets.loader, assets.bundle, assets.styles, dashboard.script, dashboard.styles].map(
    (asset) => `${asset.name} ${asset.body.length} B (${asset.gzip.length} B gzipped)`,
  );
}

if (require.main === module) {
  const outDir = path.resolve(process.argv[2] ?? path.join(__dirname, '..', '..', 'dist'));
  const lines = buildBrowserFiles(outDir);
  process.stdout.write(`browser assets written to ${outDir}:\n  ${lines.join('\n  ')}\n`);
}
