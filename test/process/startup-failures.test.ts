// When `npm start` cannot start, the operator gets exit code 1 and one line on stderr that
// says what to fix; never a stack trace, and never a process left behind.
import { existsSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { findOnPath } from '../../src/db/embedded';
import {
  ferretdbBinary,
  freePort,
  makeTempDir,
  type ParleyProcess,
  pathWithout,
  processesMentioning,
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
  it('when no database can be found or started, and says to set MONGODB_URI', async () => {
    // A local stand-in for MongoDB's download site: it proves mongodb-memory-server tried
    // the address we gave it (so no request left the machine), and it has nothing to give.
    const downloads: string[] = [];
    const mirror = http.createServer((req, res) => {
      downloads.push(req.url ?? '');
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => mirror.listen(0, '127.0.0.1', resolve));
    const mirrorUrl = `http://127.0.0.1:${(mirror.address() as net.AddressInfo).port}`;

    try {
      const searchPath = pathWithout('mongod', 'ferretdb');
      expect(findOnPath('mongod', searchPath)).toBeUndefined();
      expect(findOnPath('ferretdb', searchPath)).toBeUndefined();
      const scratch = makeTempDir('nodb');
      const parley = await startParley({
        env: {
          MONGODB_URI: undefined,
          PATH: searchPath,
          // An empty HOME and download dir: no MongoDB binary cached from an earlier run.
          HOME: scratch,
          DATA_DIR: path.join(scratch, 'data'),
          MONGOMS_DOWNLOAD_DIR: path.join(scratch, 'mongodb-binaries'),
          // mongodb-memory-server only accepts a download URL naming a real archive, and
          // fetches it over https unless told otherwise.
          MONGOMS_DOWNLOAD_URL: `${mirrorUrl}/mongodb-linux-x86_64-ubuntu2204-8.2.6.tgz`,
          MONGOMS_DOWNLOAD_MIRROR: mirrorUrl,
          MONGOMS_USE_HTTP: 'true',
          // Despite the name, the number of attempts (0 would skip the download altogether).
          MONGOMS_MAX_RETRIES: '1',
        },
      });

      const line = await expectOneLineFailure(parley);
      expect(line).toMatch(/no database could be started/);
      expect(line).toMatch(/Set MONGODB_URI/);
      expect(downloads).toEqual(['/mongodb-linux-x86_64-ubuntu2204-8.2.6.tgz']);
      expect(parley.logs().map((log) => log.msg)).not.toContain('parley listening');
    } finally {
      await new Promise((resolve) => mirror.close(resolve));
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
    ferretdbBinary();
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const dataDir = makeTempDir('porttaken');
      const parley = await startParley({
        port,
        env: { MONGODB_URI: undefined, DATA_DIR: dataDir, PATH: pathWithout('mongod') },
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
