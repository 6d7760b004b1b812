// Runs Parley the way `npm start` does (node --import tsx src/main.ts), or `npm start` itself,
// as a real child process, and real FerretDB servers for it to lose and find again. Every
// process started here is tracked, so `stopAllProcesses()` in afterEach/afterAll kills
// whatever a failed test left.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { FERRETDB_SQLITE_OPTIONS, findFerretdb, findOnPath, freePort } from '../../src/db/embedded';

export { freePort };

const ROOT = path.resolve(__dirname, '..', '..');
export const TEST_EMAIL_KEY = Buffer.alloc(32, 9).toString('base64');

export interface LogLine {
  msg?: string;
  level?: number;
  [key: string]: unknown;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const running = new Set<ChildProcess>();
/** Process groups of their own (Parley's, npm's), killed whole even after their leader exited. */
const groups = new Set<number>();
const tempDirs: string[] = [];

export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `parley-${prefix}-`));
  tempDirs.push(dir);
  return dir;
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs: number,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function trackExit(child: ChildProcess): Promise<ExitStatus> {
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)),
      timeoutMs,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------------------------------
// Parley

export interface ParleyProcess {
  pid: number;
  port: number;
  url(pathname: string): string;
  stdout(): string;
  stderr(): string;
  logs(): LogLine[];
  waitForLog(msg: string, timeoutMs?: number): Promise<LogLine>;
  isRunning(): boolean;
  exited: Promise<ExitStatus>;
  waitForExit(timeoutMs?: number): Promise<ExitStatus>;
  /** Sends a signal to the process started (node, or npm), as `kill <pid>` or an orchestrator would. */
  signal(signal: NodeJS.Signals): void;
  /** Sends a signal to the whole process group, as Ctrl-C in a terminal does. */
  signalGroup(signal: NodeJS.Signals): void;
}

export interface StartOptions {
  /** Replaces the defaults below; a value of undefined removes the key. */
  env?: Record<string, string | undefined>;
  port?: number;
  /** The entry point: `npm start`'s by default, or `npm run worker`'s. */
  script?: 'src/main.ts' | 'src/worker.ts';
  /** Run `npm start` itself, so `pid` is npm's, rather than the node command it runs. */
  viaNpm?: boolean;
}

/**
 * Starts `node --import tsx src/main.ts` (what `npm start` runs) with a clean environment
 * (PATH and HOME from this process, plus test defaults), so nothing of the developer's shell
 * (MONGODB_URI, proxies) leaks in.
 */
export async function startParley(options: StartOptions = {}): Promise<ParleyProcess> {
  const port = options.port ?? (await freePort());
  const merged: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    EMAIL_KEY: TEST_EMAIL_KEY,
    LOG_LEVEL: 'info',
    SHUTDOWN_TIMEOUT_MS: '8000',
    ...options.env,
  };
  const env = Object.fromEntries(
    Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const script = options.script ?? 'src/main.ts';
  const [command, args] = options.viaNpm
    ? ['npm', script === 'src/main.ts' ? ['start'] : ['run', 'worker']]
    : [process.execPath, ['--import', 'tsx', script]];
  // `detached` gives Parley a process group of its own, so cleanup reaches its children
  // (an embedded database) even when Parley itself was killed hard.
  const child = spawn(command, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  if (child.pid !== undefined) groups.add(child.pid);
  const exited = trackExit(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not spawn ${command}`);

  const logs = (): LogLine[] =>
    stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as LogLine];
        } catch {
          return [];
        }
      });
  const describe = () => `\n--- stdout ---\n${stdout.slice(-4000)}\n--- stderr ---\n${stderr.slice(-4000)}`;

  return {
    pid,
    port,
    url: (pathname) => `http://127.0.0.1:${port}${pathname}`,
    stdout: () => stdout,
    stderr: () => stderr,
    logs,
    async waitForLog(msg, timeoutMs = 20_000) {
      try {
        return await waitFor(
          `log line "${msg}"`,
          () => {
            const found = logs().find((line) => line.msg === msg);
            if (found) return found;
            if (child.exitCode !== null || child.signalCode !== null) {
              throw new Error(
                `parley exited (${child.exitCode ?? child.signalCode}) before logging "${msg}"`,
              );
            }
            return undefined;
          },
          timeoutMs,
          50,
        );
      } catch (error) {
        throw new Error(`${(error as Error).message}${describe()}`);
      }
    },
    isRunning: () => child.exitCode === null && child.signalCode === null,
    exited,
    async waitForExit(timeoutMs = 15_000) {
      try {
        return await withTimeout(exited, timeoutMs, 'parley to exit');
      } catch (error) {
        throw new Error(`${(error as Error).message}${describe()}`);
      }
    },
    signal: (signal) => {
      child.kill(signal);
    },
    signalGroup: (signal) => {
      process.kill(-pid, signal);
    },
  };
}

/**
 * Starts Parley without MONGODB_URI and without a mongod on PATH, so it runs FerretDB (see
 * ferretdbBinary) as its embedded database under `dataDir`; resolves once the database is
 * connected.
 */
export async function startWithEmbeddedDatabase(
  dataDir: string,
  options: Pick<StartOptions, 'viaNpm'> = {},
): Promise<{ parley: ParleyProcess; database: unknown; uri: string; dbPort: number }> {
  const parley = await startParley({ ...options, env: { DATA_DIR: dataDir, PATH: pathToFerretdb() } });
  const started = await parley.waitForLog('embedded database started');
  await parley.waitForLog('database connected');
  const uri = String(started.uri);
  return { parley, database: started.database, uri, dbPort: Number(/:(\d+)\//.exec(uri)?.[1]) };
}

// ---------------------------------------------------------------------------------------
// FerretDB

/**
 * The FerretDB the embedded-database chain finds without building: on PATH, else the one
 * scripts/ferretdb.sh built (on a fresh machine, test/setup/globalSetup.ts builds it).
 */
export function ferretdbBinary(): string {
  const binary = findFerretdb();
  if (!binary) {
    throw new Error(
      'no ferretdb on PATH and none built by scripts/ferretdb.sh. The process tests start their ' +
        'own FerretDB servers: run scripts/ferretdb.sh build first.',
    );
  }
  return binary;
}

/** PATH with ferretdbBinary()'s folder first and no mongod, so the chain picks that FerretDB. */
export function pathToFerretdb(): string {
  return [path.dirname(ferretdbBinary()), pathWithout('mongod')].join(path.delimiter);
}

/** Whether any process is left in the process group `pgid`. */
export function isGroupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** PATH without the directories that hold any of `binaries`. */
export function pathWithout(...binaries: string[]): string {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => dir && binaries.every((binary) => !findOnPath(binary, dir)))
    .join(path.delimiter);
}

export interface FerretDb {
  port: number;
  dataDir: string;
  uri(dbName: string): string;
  /** Kills the server at once, as a crash or a lost host would. */
  kill(): Promise<void>;
}

export async function startFerretDb(dataDir: string, port: number): Promise<FerretDb> {
  const binary = ferretdbBinary();
  let output = '';
  // `--debug-addr=-` and `--state-dir` keep several servers from fighting over port 8088
  // and over ./state.json.
  const child = spawn(
    binary,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dataDir}/${FERRETDB_SQLITE_OPTIONS}`,
      `--listen-addr=127.0.0.1:${port}`,
      `--state-dir=${dataDir}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.add(child);
  const exited = trackExit(child);
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  await waitFor(
    `ferretdb to listen on ${port}`,
    async () => {
      if (child.exitCode !== null) throw new Error(`ferretdb exited with ${child.exitCode}: ${output}`);
      return (await isPortOpen(port)) ? true : undefined;
    },
    15_000,
  );
  return {
    port,
    dataDir,
    uri: (dbName) => `mongodb://127.0.0.1:${port}/${dbName}`,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await withTimeout(exited, 5000, 'ferretdb to die');
    },
  };
}

export function isPortOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Processes whose command line mentions `needle` (a unique temp dir), from /proc. */
export function processesMentioning(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes(needle)) pids.push(Number(entry));
    } catch {
      // gone already
    }
  }
  return pids;
}

// ---------------------------------------------------------------------------------------
// MongoDB's download site

export interface DownloadMirror {
  /** mongodb-memory-server's settings that send its download here, with `downloadDir` empty. */
  env(downloadDir: string): Record<string, string>;
  /** Each request it got, and when. */
  requests: { url: string; at: number }[];
  close(): Promise<void>;
}

/**
 * A local stand-in for MongoDB's download site with nothing to give: it proves that
 * mongodb-memory-server tried to download (from here, so no request left the machine).
 */
export async function startEmptyDownloadMirror(): Promise<DownloadMirror> {
  const requests: { url: string; at: number }[] = [];
  const mirror = http.createServer((req, res) => {
    requests.push({ url: req.url ?? '', at: Date.now() });
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => mirror.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(mirror.address() as net.AddressInfo).port}`;
  return {
    env: (downloadDir) => ({
      MONGOMS_DOWNLOAD_DIR: downloadDir,
      // mongodb-memory-server only accepts a download URL naming a real archive, and
      // fetches it over https unless told otherwise.
      MONGOMS_DOWNLOAD_URL: `${url}/${MONGODB_ARCHIVE}`,
      MONGOMS_DOWNLOAD_MIRROR: url,
      MONGOMS_USE_HTTP: 'true',
      // Despite the name, the number of attempts (0 would skip the download altogether).
      MONGOMS_MAX_RETRIES: '1',
    }),
    requests,
    close: () => new Promise((resolve) => mirror.close(() => resolve())),
  };
}

export const MONGODB_ARCHIVE = 'mongodb-linux-x86_64-ubuntu2204-8.2.6.tgz';

// ---------------------------------------------------------------------------------------
// HTTP

export interface HttpAnswer {
  status: number;
  body: unknown;
  ms: number;
}

/** One GET on a fresh connection, bounded by `timeoutMs`; rejects when no answer came in time. */
export function get(url: string, timeoutMs = 5000): Promise<HttpAnswer> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // keep the text
        }
        resolve({ status: res.statusCode ?? 0, body, ms: Date.now() - started });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

// ---------------------------------------------------------------------------------------
// Cleanup

/** Kills every process these helpers started (and their process groups), then removes temp dirs. */
export async function stopAllProcesses(): Promise<void> {
  const children = [...running];
  // Parley and npm run in groups of their own, which may outlive them; a FerretDB started
  // here does not.
  const targets = [...[...groups].map((pgid) => -pgid), ...children.flatMap((child) => child.pid ?? [])];
  groups.clear();
  for (const target of targets) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await Promise.all(
    children.map((child) =>
      child.exitCode === null && child.signalCode === null
        ? withTimeout(
            new Promise((resolve) => child.once('exit', resolve)),
            5000,
            `process ${child.pid} to die`,
          ).catch(() => undefined)
        : undefined,
    ),
  );
  // An embedded database whose Parley died hard is no child of ours; find it by its data dir.
  for (const dir of tempDirs) {
    for (const pid of processesMentioning(dir)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  for (const dir of tempDirs.splice(0)) {
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
}
