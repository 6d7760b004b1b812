// `npm start` on a fresh machine: no MONGODB_URI, no database on PATH, and a MongoDB download
// that fails. It then builds FerretDB with scripts/ferretdb.sh, saying so in one line, and
// runs it; the next start finds that build without trying the download again; a signal
// during the build stops it. The "build" here copies a FerretDB built earlier
// (FERRETDB_PREBUILT), so the test takes seconds, and GOPROXY=off with an empty HOME makes
// any real download or compile fail instead.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findOnPath } from '../../src/db/embedded';
import { FERRETDB_BUILD_PROGRESS } from '../../src/db/ferretdbScript';
import {
  ferretdbBinary,
  get,
  isGroupAlive,
  isPortOpen,
  type LogLine,
  MONGODB_ARCHIVE,
  makeTempDir,
  type ParleyProcess,
  pathWithout,
  processesMentioning,
  startEmptyDownloadMirror,
  startParley,
  stopAllProcesses,
  waitFor,
} from '../helpers/process';

jest.setTimeout(60_000);
afterEach(stopAllProcesses);

function linesSaying(parley: ParleyProcess, msg: string): LogLine[] {
  return parley.logs().filter((line) => line.msg === msg);
}

async function stop(parley: ParleyProcess): Promise<void> {
  parley.signal('SIGTERM');
  expect(await parley.waitForExit(15_000)).toEqual({ code: 0, signal: null });
}

it('builds FerretDB when nothing is on PATH and the download fails, then reuses the build', async () => {
  const prebuilt = ferretdbBinary();
  const mirror = await startEmptyDownloadMirror();
  try {
    const searchPath = pathWithout('mongod', 'ferretdb');
    expect(findOnPath('mongod', searchPath)).toBeUndefined();
    expect(findOnPath('ferretdb', searchPath)).toBeUndefined();
    const scratch = makeTempDir('chain');
    const built = path.join(scratch, 'bin', 'ferretdb');
    const dataDir = path.join(scratch, 'data');
    const env = {
      MONGODB_URI: undefined,
      PATH: searchPath,
      // An empty HOME: no MongoDB downloaded earlier, no Go module cache, no Go toolchain cache.
      HOME: scratch,
      DATA_DIR: dataDir,
      ...mirror.env(path.join(scratch, 'mongodb-binaries')),
      // Where scripts/ferretdb.sh builds (nothing there yet), and what it copies instead.
      FERRETDB_BIN: built,
      FERRETDB_PREBUILT: prebuilt,
      GOPROXY: 'off',
    };

    const first = await startParley({ env });
    await first.waitForLog('database connected', 30_000);
    expect(await get(first.url('/readyz'))).toMatchObject({ status: 200 });
    // The download was tried (here, and nowhere else) before the build began.
    expect(mirror.requests.map((request) => request.url)).toEqual([`/${MONGODB_ARCHIVE}`]);
    const progress = linesSaying(first, FERRETDB_BUILD_PROGRESS);
    expect(progress).toHaveLength(1);
    expect(Number(progress[0]?.time)).toBeGreaterThanOrEqual(mirror.requests[0]?.at ?? Number.NaN);
    expect(FERRETDB_BUILD_PROGRESS).toMatch(/first run only.*about 4-5 minutes/);
    const started = linesSaying(first, 'embedded database started');
    expect(started).toEqual([
      expect.objectContaining({
        database: 'ferretdb',
        binary: built,
        dataDir: path.join(dataDir, 'ferretdb'),
      }),
    ]);
    expect(existsSync(built)).toBe(true);
    // The failed download left no empty folders behind.
    expect(existsSync(path.join(dataDir, 'mongodb-memory-server'))).toBe(false);
    expect(existsSync(path.join(scratch, 'mongodb-binaries'))).toBe(false);
    expect(first.stderr()).toBe('');
    await stop(first);
    const dbPort = Number(/:(\d+)\//.exec(String(started[0]?.uri))?.[1]);
    expect(await isPortOpen(dbPort)).toBe(false);
    expect(processesMentioning(scratch)).toEqual([]);

    // The build is found before the download is tried again, and nothing is built twice.
    const second = await startParley({ env: { ...env, FERRETDB_PREBUILT: undefined } });
    await second.waitForLog('database connected', 30_000);
    expect(linesSaying(second, FERRETDB_BUILD_PROGRESS)).toEqual([]);
    expect(linesSaying(second, 'embedded database started')).toEqual([
      expect.objectContaining({ database: 'ferretdb', binary: built }),
    ]);
    expect(mirror.requests).toHaveLength(1);
    await stop(second);
  } finally {
    await mirror.close();
  }
});

it('on SIGTERM while FerretDB builds, stops the build and exits with one line', async () => {
  const mirror = await startEmptyDownloadMirror();
  try {
    const scratch = makeTempDir('chain-stop');
    // A "prebuilt" FerretDB that takes its time to tell its version: the build is under way
    // for as long as the test wants. It notes its pid so the test can find the build's group.
    const slow = path.join(scratch, 'slow-ferretdb');
    writeFileSync(slow, `#!/bin/sh\necho $$ > "${slow}.pid"\nsleep 30\necho "version: v1.24.2-parley.1"\n`);
    chmodSync(slow, 0o755);
    const parley = await startParley({
      env: {
        MONGODB_URI: undefined,
        PATH: pathWithout('mongod', 'ferretdb'),
        HOME: scratch,
        DATA_DIR: path.join(scratch, 'data'),
        ...mirror.env(path.join(scratch, 'mongodb-binaries')),
        FERRETDB_BIN: path.join(scratch, 'bin', 'ferretdb'),
        FERRETDB_PREBUILT: slow,
        GOPROXY: 'off',
      },
    });
    await parley.waitForLog(FERRETDB_BUILD_PROGRESS);
    const buildPid = await waitFor(
      'the build to begin',
      () => (existsSync(`${slow}.pid`) ? Number(readFileSync(`${slow}.pid`, 'utf8')) : undefined),
      10_000,
    );
    const stat = readFileSync(`/proc/${buildPid}/stat`, 'utf8');
    const buildGroup = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
    expect(buildGroup).not.toBe(parley.pid);

    const signalled = Date.now();
    parley.signal('SIGTERM');
    expect(await parley.waitForExit(10_000)).toEqual({ code: 1, signal: null });
    expect(Date.now() - signalled).toBeLessThan(3000);
    expect(parley.stderr()).toBe('parley: stopped while building FerretDB; the next start builds it again\n');
    await waitFor('the build to end', () => (isGroupAlive(buildGroup) ? undefined : true), 5000);
    expect(processesMentioning(scratch)).toEqual([]);
    expect(existsSync(path.join(scratch, 'data'))).toBe(false);
  } finally {
    await mirror.close();
  }
});
