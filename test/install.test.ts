// `npm install` is quiet: npm 11 runs no dependency's install script unless package.json's
// allowScripts approves it, and warns about every one it has no decision for. Parley needs
// none of them (esbuild's and Biome's binaries come in platform packages, @parcel/watcher's
// script only builds from source on request, and @scarf/scarf's, which swagger-ui-dist
// brings, only reports the install to Scarf), so each is denied there, by name.
import { execFile } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { makeTempDir, stopAllProcesses } from './helpers/process';

const ROOT = path.resolve(__dirname, '..');
afterAll(stopAllProcesses);

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')) as T;
}

/** `esbuild@0.28.2` → `esbuild`, `@parcel/watcher` → `@parcel/watcher`. */
function packageName(entry: string): string {
  return entry.replace(/(?<=.)@.*$/, '');
}

it('package.json decides on every dependency with an install script, and on no other', () => {
  const lock = readJson<{ packages: Record<string, { hasInstallScript?: boolean }> }>('package-lock.json');
  const withScripts = Object.entries(lock.packages)
    .filter(([, entry]) => entry.hasInstallScript)
    .map(([key]) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length));
  const { allowScripts = {} } = readJson<{ allowScripts?: Record<string, boolean> }>('package.json');
  expect([...new Set(Object.keys(allowScripts).map(packageName))].sort()).toEqual(
    [...new Set(withScripts)].sort(),
  );
  expect(allowScripts).toEqual({ esbuild: false, '@parcel/watcher': false, '@scarf/scarf': false });
});

it('npm ci warns about nothing (dry run, from the lock file, offline)', async () => {
  const dir = makeTempDir('npm-ci');
  for (const file of ['package.json', 'package-lock.json'])
    copyFileSync(path.join(ROOT, file), path.join(dir, file));
  const { stdout, stderr } = await promisify(execFile)(
    'npm',
    ['ci', '--dry-run', '--offline', '--no-audit', '--no-fund'],
    {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
    },
  );
  expect(`${stdout}\n${stderr}`.split('\n').filter((line) => /^npm (warn|error)/i.test(line))).toEqual([]);
  expect(stdout).toMatch(/^added \d+ packages/m);
}, 60_000);
