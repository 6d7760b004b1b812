// The embed's browser files: the bundle and stylesheet under content-hashed names, and the
// loader that points at them. `npm run build` writes them next to the compiled server
// (dist/embed/assets, see src/build/browserAssets.ts); without that (npm start, tests) they
// are bundled from src/embed/client in memory with esbuild on first use. Neither needs the
// network.
import path from 'node:path';
import {
  bundleBrowserCode,
  CSS,
  hashedAsset,
  JS,
  prebuiltOrBundled,
  readAssetDir,
  type StaticAsset,
  toAsset,
  writeAssetDir,
} from '../http/staticAssets';

export type EmbedAsset = StaticAsset;

export interface EmbedAssets {
  loader: EmbedAsset;
  bundle: EmbedAsset;
  styles: EmbedAsset;
}

const CLIENT_DIR = path.join(__dirname, 'client');
export const PREBUILT_DIR = path.join(__dirname, 'assets');
// Readers' browsers: a wider target than the dashboard's.
const TARGET = ['es2020', 'chrome90', 'firefox90', 'safari15'];

/** Bundles and minifies the browser code. esbuild is only needed here, never in production. */
export function buildEmbedAssets(): EmbedAssets {
  const main = bundleBrowserCode({ entry: path.join(CLIENT_DIR, 'index.ts'), target: TARGET });
  if (!main.css) throw new Error('the embed build produced no stylesheet');
  const bundle = hashedAsset('embed', JS, main.js);
  const styles = hashedAsset('embed', CSS, main.css);
  const loader = bundleBrowserCode({
    entry: path.join(CLIENT_DIR, 'loader.ts'),
    target: TARGET,
    define: {
      PARLEY_BUNDLE: JSON.stringify(`embed/${bundle.name}`),
      PARLEY_STYLES: JSON.stringify(`embed/${styles.name}`),
    },
  });
  return { loader: toAsset('embed.js', JS, loader.js), bundle, styles };
}

export function writeEmbedAssets(dir: string, assets: EmbedAssets): void {
  writeAssetDir(dir, { ...assets });
}

export function readEmbedAssets(dir: string): EmbedAssets {
  const { loader, bundle, styles } = readAssetDir(dir);
  if (!loader || !bundle || !styles) throw new Error(`${dir} does not hold a complete embed build`);
  return { loader, bundle, styles };
}

/** The prebuilt assets when `npm run build` made them, else a bundle built now; once per process. */
export const getEmbedAssets = prebuiltOrBundled(PREBUILT_DIR, readEmbedAssets, buildEmbedAssets);
