// Runs `npm run cli -- ...` as an operator would: tsx on src/cli/index.ts in a child
// process, against one test database.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
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
