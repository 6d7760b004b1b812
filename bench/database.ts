// The database the benchmark measures: its own FerretDB on SQLite in a temporary directory
// (what `npm start` runs when MONGODB_URI is unset), or the server in MONGODB_URI. Each
// size gets a database of its own on that server, dropped afterwards.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import mongoose from 'mongoose';
import { FERRETDB_SQLITE_OPTIONS, findFerretdb, freePort, startEmbeddedDatabase } from '../src/db/embedded';
import { atCleanup, findProcessByArgument, makeTempDir, startChild } from './processes';

export interface BenchServer {
  /** What it is, for the report. */
  description: string;
  /** The server's address with `name` as the database. */
  uriFor(name: string): string;
  /** The server's pid when it runs on this machine (for its CPU time). */
  pid?: number;
  /** Go pprof's address, when the server was started for profiling. */
  pprofUrl?: string;
}

async function ferretdbVersion(binary: string): Promise<string> {
  const { stdout } = await promisify(execFile)(binary, ['--version']).catch(() => ({ stdout: '' }));
  return /^version: (\S+)/m.exec(stdout)?.[1] ?? 'unknown version';
}

function withDatabase(uri: string, name: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]+)\/?[^?]*(\?.*)?$/.exec(uri);
  if (!match) throw new Error('MONGODB_URI is not a mongodb:// URI');
  return `${match[1]}/${name}${match[2] ?? ''}`;
}

function listenAddress(uri: string): string | undefined {
  return /^mongodb:\/\/((?:127\.0\.0\.1|localhost):\d+)/.exec(uri)?.[1]?.replace('localhost', '127.0.0.1');
}

/**
 * startEmbeddedDatabase turns FerretDB's debug listener off (it would fight over port 8088),
 * so a profiled run starts FerretDB itself with the same settings and a debug address.
 */
async function startProfiledFerretDb(): Promise<BenchServer> {
  const dir = makeTempDir('ferretdb');
  const [port, debugPort] = [await freePort(), await freePort()];
  const binary = findFerretdb();
  if (!binary) throw new Error('--profile needs FerretDB: run scripts/ferretdb.sh build first');
  const server = startChild(
    binary,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dir}/${FERRETDB_SQLITE_OPTIONS}`,
      `--listen-addr=127.0.0.1:${port}`,
      '--telemetry=disable',
      `--state-dir=${dir}`,
      `--debug-addr=127.0.0.1:${debugPort}`,
      '--log-level=warn',
    ],
    { PATH: process.env.PATH },
  );
  await waitForHttp(`http://127.0.0.1:${debugPort}/debug/pprof/`);
  return {
    description: `FerretDB ${await ferretdbVersion(binary)} on SQLite, started by the bench (profiled)`,
    uriFor: (name) => `mongodb://127.0.0.1:${port}/${name}`,
    pid: server.pid,
    pprofUrl: `http://127.0.0.1:${debugPort}`,
  };
}

async function waitForHttp(url: string): Promise<void> {
  for (let tries = 0; tries < 200; tries++) {
    if (
      await fetch(url)
        .then((res) => res.ok)
        .catch(() => false)
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing answered at ${url}`);
}

export async function startBenchServer(options: { profile: boolean }): Promise<BenchServer> {
  const given = process.env.MONGODB_URI;
  if (given) {
    const address = listenAddress(given);
    return {
      description: `the server in MONGODB_URI`,
      uriFor: (name) => withDatabase(given, name),
      pid: address ? findProcessByArgument(`--listen-addr=${address}`) : undefined,
    };
  }
  if (options.profile) return startProfiledFerretDb();
  const database = await startEmbeddedDatabase(makeTempDir('db'), {
    onProgress: (message) => process.stderr.write(`${message}\n`),
  });
  atCleanup(() => database.stop());
  const address = listenAddress(database.uri) as string;
  const version =
    database.kind === 'ferretdb' ? ` ${await ferretdbVersion(database.binary ?? 'ferretdb')} on SQLite` : '';
  return {
    description: `${database.kind}${version}, started by the bench (startEmbeddedDatabase)`,
    uriFor: (name) => withDatabase(database.uri, name),
    pid: database.kind === 'ferretdb' ? findProcessByArgument(`--listen-addr=${address}`) : undefined,
  };
}

/**
 * Connects this process (the seeder, the capture of a post's commands) to one size's
 * database, emptied first in case an interrupted run left it behind. monitorCommands lets
 * capturePostCommands see every command the driver sends.
 */
export async function connectBenchDatabase(uri: string): Promise<void> {
  await mongoose.connect(uri, { monitorCommands: true, serverSelectionTimeoutMS: 10_000 });
  await mongoose.connection.db?.dropDatabase();
  await Promise.all(Object.values(mongoose.models).map((model) => model.init()));
}

export async function dropBenchDatabase(): Promise<void> {
  await mongoose.connection.db?.dropDatabase();
  await mongoose.disconnect();
}
