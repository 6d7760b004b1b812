// `npm run bench:import [-- --quick | --mb <n>]`: the WordPress import on a large file (issue 12).
// Generates an export of 200 MB (5 MB with --quick) in a temporary directory, runs the real
// command (`import:wordpress`, as `npm run cli` runs it) in a child process against the
// database `npm run bench` would use (MONGODB_URI, or an embedded FerretDB), samples the
// child's memory, and checks what it stored. Fails when the peak RSS reaches 300 MB.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { createSite } from '../src/sites/site.model';
import { connectBenchDatabase, dropBenchDatabase, startBenchServer } from './database';
import { cleanUpEverything, makeTempDir, ROOT } from './processes';
import { writeWxrFile } from './wxrFile';

const MB = 1024 * 1024;
/** The limit on the import's peak resident set, in bytes (300 MB). */
const RSS_LIMIT = 300 * 1000 * 1000;
const say = (line: string) => process.stdout.write(`${line}\n`);

function targetMegabytes(argv: string[]): number {
  if (argv.includes('--quick')) return 5;
  const index = argv.indexOf('--mb');
  const value = index >= 0 ? Number(argv[index + 1]) : 200;
  if (!Number.isFinite(value) || value <= 0)
    throw new Error('usage: npm run bench:import [-- --quick | --mb <n>]');
  return value;
}

/** The kB figure of one line of /proc/<pid>/status (VmHWM: the peak resident set). */
function statusKb(pid: number, field: string): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

interface ChildRun {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
  /** The child's peak resident set, in MiB. */
  peakRssMb: number;
}

/** Runs the import as an operator would, sampling the child's peak RSS until it exits. */
function runImport(file: string, uri: string): Promise<ChildRun> {
  const started = process.hrtime.bigint();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/index.ts', 'import:wordpress', file, '--site', 'bench'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        MONGODB_URI: uri,
        EMAIL_KEY: Buffer.alloc(32, 3).toString('base64'),
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let peakKb = 0;
  const sample = () => {
    peakKb = Math.max(peakKb, statusKb(child.pid as number, 'VmHWM') ?? 0);
  };
  const timer = setInterval(sample, 100);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) => {
    // The last sample is taken as the child's stdout closes, before it is reaped.
    child.stdout.on('end', sample);
    child.on('exit', (code) => {
      clearInterval(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      resolve({ code, stdout, stderr, seconds, peakRssMb: peakKb / 1024 });
    });
  });
}

function machine(): string {
  const cpus = os.cpus();
  const gb = Math.round(os.totalmem() / 1024 ** 3);
  return `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${gb} GB, Linux ${os.release()}, Node ${process.version}`;
}

async function main(): Promise<boolean> {
  const megabytes = targetMegabytes(process.argv.slice(2));
  const server = await startBenchServer({ profile: false });
  const uri = server.uriFor('parley_bench_import');
  await connectBenchDatabase(uri);
  await createSite(
    { id: 'bench', name: 'Bench', url: 'https://bench.example/', allowedOrigins: ['https://bench.example'] },
    new Date(),
  );
  const file = path.join(makeTempDir('import'), 'export.xml');
  say(`writing a ${megabytes} MB WordPress export to ${file}`);
  const generated = await writeWxrFile(file, megabytes * MB);
  say(
    `${(generated.bytes / MB).toFixed(1)} MB: ${generated.posts} posts, ${generated.comments} comments, ${generated.pingbacks} pingbacks`,
  );
  say(`importing into ${server.description}`);
  const run = await runImport(file, uri);
  const stored = await mongoose.connection.collection('comments').countDocuments();
  await dropBenchDatabase();
  if (run.code !== 0) {
    say(`the import failed (exit ${run.code}):\n${run.stderr}`);
    return false;
  }
  const rate = generated.comments / run.seconds;
  say(run.stdout.trim());
  say('');
  say('| file | posts | comments | time | comments/s | peak RSS | machine |');
  say('| ---- | ----- | -------- | ---- | ---------- | -------- | ------- |');
  say(
    `| ${(generated.bytes / MB).toFixed(1)} MB | ${generated.posts} | ${generated.comments} | ${run.seconds.toFixed(1)} s | ${Math.round(rate)} | ${run.peakRssMb.toFixed(0)} MiB | ${machine()} |`,
  );
  const isComplete = stored === generated.comments;
  if (!isComplete) say(`stored ${stored} comments, expected ${generated.comments}`);
  const isUnderLimit = run.peakRssMb > 0 && run.peakRssMb * MB < RSS_LIMIT;
  if (!isUnderLimit) say(`peak RSS ${run.peakRssMb.toFixed(0)} MiB is not under 300 MB`);
  return isComplete && isUnderLimit;
}

main().then(
  async (isPassed) => {
    await cleanUpEverything();
    process.exit(isPassed ? 0 : 1);
  },
  async (error: unknown) => {
    process.stderr.write(`bench:import failed: ${(error as Error).stack ?? error}\n`);
    await cleanUpEverything();
    process.exit(1);
  },
);
