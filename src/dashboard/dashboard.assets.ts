// The moderator dashboard's browser files: one script and one stylesheet under
// content-hashed names. `npm run build` writes them next to the compiled server
// (dist/dashboard/assets, see src/build/browserAssets.ts); without that (npm start, tests)
// they are bundled from src/dashboard/client in memory with esbuild on first use, as the
// embed is.
import path from 'node:path';
import {
  bundleBrowserCode,
  CSS,
  hashedAsset,
  JS,
  prebuiltOrBundled,
  readAssetDir,
  type StaticAsset,
  writeAssetDir,
} from '../http/staticAssets';

export type DashboardAsset = StaticAsset;

export interface DashboardAssets {
  script: DashboardAsset;
  styles: DashboardAsset;
}

const CLIENT_DIR = path.join(__dirname, 'client');
export const PREBUILT_DIR = path.join(__dirname, 'assets');

/** Bundles and minifies the dashboard. esbuild is only needed here, never in production. */
export function buildDashboardAssets(): DashboardAssets {
  const { js, css } = bundleBrowserCode({
    entry: path.join(CLIENT_DIR, 'index.ts'),
    // Moderators use current browsers; the embed's wider target is for readers.
    target: ['es2022', 'chrome100', 'firefox100', 'safari15.4'],
  });
  if (!css) throw new Error('the dashboard build produced no stylesheet');
  return { script: hashedAsset('moderate', JS, js), styles: hashedAsset('moderate', CSS, css) };
}

export function writeDashboardAssets(dir: string, assets: DashboardAssets): void {
  writeAssetDir(dir, { ...assets });
}

export function readDashboardAssets(dir: string): DashboardAssets {
  const { script, styles } = readAssetDir(dir);
  if (!script || !styles) throw new Error(`${dir} does not hold a complete dashboard build`);
  return { script, styles };
}

/** The prebuilt assets when `npm run build` made them, else a bundle built now; once per process. */
export const getDashboardAssets = prebuiltOrBundled(PREBUILT_DIR, readDashboardAssets, buildDashboardAssets);
