// Starts a database for `npm start` and `npm test` when MONGODB_URI is not set, and stops it
// on exit; data lives under the given directory, so it survives restarts. The order of the
// chain is explained at startEmbeddedDatabase.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { makeDirs, removeEmptyDirs } from './dirs';
import { buildFerretdb, findBuiltFerretdb } from './ferretdbScript';
import { hasDownloadedMongod, startMemoryServer } from './memoryServer';

export interface EmbeddedDatabase {
  kind: 'mongod' | 'ferretdb' | 'mongodb-memory-server';
  uri: string;
  dataDir: string;
  /** The server's executable, when Parley runs one itself (mongod, ferretdb). */
  binary?: string;
  /** Something the operator should know about this database (logged as a warning at start). */
  warning?: string;
  stop(): Promise<void>;
}

/**
 * scripts/ferretdb.sh builds FerretDB with the patches in scripts/ferretdb/ and marks the
 * build's version with `-parley.`. A stock FerretDB 1.24 works, but scans its whole table for
 * every lookup by _id, so every request slows down as the database grows.
 */
export function unpatchedFerretdbWarning(binary: string): string | undefined {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  const version = /^version: (\S+)/m.exec(result.stdout ?? '')?.[1] ?? 'unknown';
  if (version.includes('-parley.')) return undefined;
  return `${binary} (version ${version}) is not Parley's patched FerretDB build: its lookups by _id scan whole collections. Run scripts/ferretdb.sh build and put that binary first on PATH.`;
}

export class EmbeddedDatabaseError extends Error {}

export function findOnPath(binary: string, searchPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, binary);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

/** The ferretdb the chain runs when there is no mongod: on PATH, else the one scripts/ferretdb.sh built. */
export function findFerretdb(): string | undefined {
  return findOnPath('ferretdb') ?? findBuiltFerretdb();
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new EmbeddedDatabaseError(`exited with code ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new EmbeddedDatabaseError(`did not listen on port ${port} within ${timeoutMs} ms`);
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * The SQLite settings of every FerretDB Parley starts (here, in scripts/ferretdb.sh, in the
 * tests and the benchmark): FerretDB's own WAL journal, synced at checkpoints rather than at
 * every commit (synchronous=NORMAL). A crash of Parley or of FerretDB loses nothing; a crash of
 * the machine may lose the last commits, as MongoDB's default write concern may (it flushes its
 * journal every 100 ms). It triples FerretDB's write rate on this kind of machine: 8 clients
 * inserting made 611 inserts/s with a sync per commit and 1,909 without.
 */
export const FERRETDB_SQLITE_OPTIONS = '?_pragma=synchronous(normal)';

async function startBinary(
  kind: 'mongod' | 'ferretdb',
  binary: string,
  dataDir: string,
): Promise<EmbeddedDatabase> {
  const dir = path.resolve(dataDir, kind);
  const madeDirs = makeDirs(dir);
  const port = await freePort();
  const args =
    kind === 'ferretdb'
      ? [
          '--handler=sqlite',
          `--sqlite-url=file:${dir}/${FERRETDB_SQLITE_OPTIONS}`,
          `--listen-addr=127.0.0.1:${port}`,
          '--telemetry=disable',
          // FerretDB keeps a state.json in its state dir, by default the current directory.
          `--state-dir=${dir}`,
          // Its metrics listener defaults to 127.0.0.1:8088; FerretDB exits when that port
          // is taken (say, by another FerretDB), and Parley does not use it.
          '--debug-addr=-',
          '--log-level=warn',
        ]
      : ['--dbpath', dir, '--bind_ip', '127.0.0.1', '--port', String(port), '--quiet'];
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  child.on('error', () => {});
  // Kept only to explain a failed start; drained afterwards so the child never blocks on it.
  let errorOutput = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    errorOutput = (errorOutput + chunk).slice(-2000);
  });
  try {
    await waitForPort(port, child, 20_000);
  } catch (error) {
    await stopChild(child);
    removeEmptyDirs(madeDirs);
    const lastLine = errorOutput.trim().split('\n').pop()?.trim();
    const detail = lastLine ? ` (${lastLine})` : '';
    throw new EmbeddedDatabaseError(`${kind} failed to start: ${(error as Error).message}${detail}`);
  }
  const warning = kind === 'ferretdb' ? unpatchedFerretdbWarning(binary) : undefined;
  return {
    kind,
    uri: `mongodb://127.0.0.1:${port}/parley`,
    dataDir: dir,
    binary,
    ...(warning && { warning }),
    stop: () => stopChild(child),
  };
}

export interface EmbeddedDatabaseOptions {
  /** Told a line for the operator before a step that takes minutes (building FerretDB). */
  onProgress?: (message: string) => void;
  /** Stops a FerretDB build under way, when the process is asked to stop while it starts. */
  signal?: AbortSignal;
}

/** One line of a failure's reason; mongodb-memory-server spreads one over several ("Details:\n..."). */
function reasonOf(error: unknown): string {
  return (error as Error).message.replace(/\s*\n\s*/g, ' ').slice(0, 300);
}

/**
 * Tries, in order:
 * 1. `mongod` on PATH, then 2. `ferretdb` on PATH: what the operator installed;
 * 3. MongoDB that mongodb-memory-server downloaded on an earlier run, then 4. FerretDB that
 *    scripts/ferretdb.sh built earlier: what an earlier run left here, so a machine stays on
 *    the database (and DATA_DIR folder) it had; MongoDB first, as it answers the moderators'
 *    history queries from indexes;
 * 5. mongodb-memory-server's download of MongoDB, which needs the internet; offline it fails
 *    in about 8 s here (DNS fails at once; it tries 3 times, pausing 2 s and 4 s);
 * 6. building FerretDB with scripts/ferretdb.sh: 4-5 minutes, once per machine, and it needs
 *    only Go's module proxy. It goes after the download, which is far quicker when it works
 *    and costs seconds when it does not (a firewall that drops packets costs more: there, set
 *    MONGODB_URI or run scripts/ferretdb.sh build first).
 * A binary found in steps 1-4 that fails to start is an error, not a reason to move on.
 */
export async function startEmbeddedDatabase(
  dataDir: string,
  options: EmbeddedDatabaseOptions = {},
): Promise<EmbeddedDatabase> {
  const mongod = findOnPath('mongod');
  if (mongod) return startBinary('mongod', mongod, dataDir);
  const ferretdb = findOnPath('ferretdb');
  if (ferretdb) return startBinary('ferretdb', ferretdb, dataDir);
  if (await hasDownloadedMongod()) {
    return startMongodbMemoryServer(dataDir).catch((error: unknown) => {
      throw new EmbeddedDatabaseError(`mongodb-memory-server failed to start MongoDB: ${reasonOf(error)}`);
    });
  }
  const built = findBuiltFerretdb();
  if (built) return startBinary('ferretdb', built, dataDir);

  let downloadFailure: string;
  try {
    return await startMongodbMemoryServer(dataDir);
  } catch (error) {
    downloadFailure = reasonOf(error);
  }
  let binary: string;
  try {
    binary = await buildFerretdb(options);
  } catch (error) {
    if (options.signal?.aborted) {
      throw new EmbeddedDatabaseError('stopped while building FerretDB; the next start builds it again');
    }
    throw new EmbeddedDatabaseError(
      `no database could be started (no mongod or ferretdb on PATH; mongodb-memory-server: ${downloadFailure}; FerretDB build: ${reasonOf(error)}). ` +
        'Set MONGODB_URI to a MongoDB or FerretDB server, run scripts/ferretdb.sh build (its output says what the build lacks), or run Parley with MongoDB by docker compose up.',
    );
  }
  return startBinary('ferretdb', binary, dataDir);
}

async function startMongodbMemoryServer(dataDir: string): Promise<EmbeddedDatabase> {
  return { kind: 'mongodb-memory-server', ...(await startMemoryServer(dataDir)) };
}
