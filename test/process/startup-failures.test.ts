// When `npm start` cannot start, the operator gets exit code 1 and one line on stderr that
// says what to fix; never a stack trace, and never a process left behind.
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { findOnPath } from '../../src/db/embedded';
import { FERRETDB_BUILD_PROGRESS } from '../../src/db/ferretdbScript';
import {
  freePort,
  MONGODB_ARCHIVE,
  makeTempDir,
  type ParleyProcess,
  pathToFerretdb,
  pathWithout,
  processesMentioning,
  startEmptyDownloadMirror,
  startParley,
  stopAllProcesses,
} from '../helpers/process';

jest.setTimeout(60_000);

afterEach(stopAllProcesses);

/** Waits for Parley to give up, and returns its one line of stderr. */
async function expectOneLineFailure(parley: ParleyProcess): Promise<string> {
  expect(await parley.waitForExit(30_000)).toEqual({ code: 1, signal: null });
  const stderr = parley.stderr();
  expect(stderr).toMatch(/^parley: [^\n]+\n$/);
  expect(stderr).not.toMatch(/\n\s+at |Error:/);
  return stderr.trim();
}

/** An address where the database surely is not: Parley would still start and listen. */
async function unreachableDatabase(): Promise<string> {
  return `mongodb://127.0.0.1:${await freePort()}/parley`;
}

describe('npm start refuses to start', () => {
  it('when no database can be found, downloaded or built, and names the three ways out', async () => {
    const mirror = await startEmptyDownloadMirror();
    try {
      const searchPath = pathWithout('mongod', 'ferretdb');
      expect(findOnPath('mongod', searchPath)).toBeUndefined();
      expect(findOnPath('ferretdb', searchPath)).toBeUndefined();
      const scratch = makeTempDir('nodb');
      const dataDir = path.join(scratch, 'data');
      const parley = await startParley({
        env: {
          MONGODB_URI: undefined,
          PATH: searchPath,
          // An empty HOME: no MongoDB downloaded on an earlier run, no Go module cache.
          HOME: scratch,
          DATA_DIR: dataDir,
          ...mirror.env(path.join(scratch, 'mongodb-binaries')),
          // Nothing built there; and a build may fetch nothing, so it fails at once.
          FERRETDB_BIN: path.join(scratch, 'bin', 'ferretdb'),
          GOPROXY: 'off',
        },
      });

      const line = await expectOneLineFailure(parley);
      expect(line).toMatch(/no database could be started/);
      expect(line).toMatch(/Set MONGODB_URI/);
      expect(line).toMatch(/run scripts\/ferretdb\.sh build/);
      expect(line).toMatch(/docker compose up/);
      expect(line).toMatch(/FerretDB build: .*GOPROXY=off/);
      expect(mirror.requests.map((request) => request.url)).toEqual([`/${MONGODB_ARCHIVE}`]);
      expect(parley.logs().map((log) => log.msg)).toContain(FERRETDB_BUILD_PROGRESS);
      expect(parley.logs().map((log) => log.msg)).not.toContain('parley listening');
      // No empty folders left behind: not DATA_DIR, not mongodb-memory-server's download folder.
      expect(existsSync(dataDir)).toBe(false);
      expect(existsSync(path.join(scratch, 'mongodb-binaries'))).toBe(false);
    } finally {
      await mirror.close();
    }
  });

  it('when a config value is invalid (PORT=abc)', async () => {
    const dataDir = makeTempDir('badport');
    const parley = await startParley({
      env: { PORT: 'abc', DATA_DIR: dataDir, MONGODB_URI: await unreachableDatabase() },
    });
    const line = await expectOneLineFailure(parley);
    expect(line).toMatch(/^parley: invalid configuration: PORT /);
    expect(parley.stdout()).toBe('');
  });

  it('in production without EMAIL_KEY', async () => {
    const dataDir = makeTempDir('noemailkey');
    const parley = await startParley({
      env: {
        NODE_ENV: 'production',
        EMAIL_KEY: undefined,
        DATA_DIR: dataDir,
        MONGODB_URI: await unreachableDatabase(),
      },
    });
    const line = await expectOneLineFailure(parley);
    expect(line).toMatch(/^parley: invalid configuration: .*EMAIL_KEY/);
    expect(existsSync(path.join(dataDir, 'email.key'))).toBe(false);
  });

  it('when PORT is taken, and stops the embedded database it had started', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const dataDir = makeTempDir('porttaken');
      const parley = await startParley({
        port,
        env: { MONGODB_URI: undefined, DATA_DIR: dataDir, PATH: pathToFerretdb() },
      });
      const line = await expectOneLineFailure(parley);
      expect(line).toMatch(/EADDRINUSE/);
      expect(parley.logs().map((log) => log.msg)).toContain('embedded database started');
      expect(processesMentioning(dataDir)).toEqual([]);
      // The next start must not find a stale address of a database that is gone.
      expect(existsSync(path.join(dataDir, 'database.uri'))).toBe(false);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
