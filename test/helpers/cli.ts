// Runs `npm run cli -- ...` as an operator would: tsx on src/cli/index.ts in a child
// process, against one test database. `runCliHere` runs the same command line in this
// process, on the test's own connection: the same dispatch, output and exit codes without
// a few seconds of start-up per call, for tests that run many commands.
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { runCli as dispatch } from '../../src/cli/dispatch';
import { uriForDatabase } from './db';

const ROOT = path.resolve(__dirname, '..', '..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(databaseName: string, args: string[], stdin = ''): CliResult {
  const result = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['src/cli/index.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', MONGODB_URI: uriForDatabase(databaseName), LOG_LEVEL: 'silent' },
    input: stdin,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Everything written to the stream, once it has been ended. */
function collect(stream: PassThrough): Promise<string> {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return once(stream, 'end').then(() => Buffer.concat(chunks).toString('utf8'));
}

/** The command line, run in this process against the database useTestDatabase connected. */
export async function runCliHere(args: string[], stdin = ''): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const written = Promise.all([collect(stdout), collect(stderr)]);
  const code = await dispatch(
    args,
    { stdin: Readable.from([stdin]), stdout, stderr },
    async () => async () => {},
  );
  stdout.end();
  stderr.end();
  const [out, err] = await written;
  return { code, stdout: out, stderr: err };
}
