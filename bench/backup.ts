// Measures a site's backup and restore at a given size (not part of `npm run bench` or CI):
// seeds a database of its own on the server in MONGODB_URI, then runs the real commands as
// an operator would, each in a child process under /usr/bin/time for its wall time and peak
// RSS: `export`, `export --include-emails`, `export:wordpress`, and `import:parley` into a
// second, emptied database (another installation). The database is dropped afterwards.
//
//   MONGODB_URI=$(scripts/ferretdb.sh start) npx tsx bench/backup.ts [--comments 20000]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { EMAIL_KEY, prepareDatabase, SITE, seedComments, seedPendingComments } from './seed';

const ROOT = path.resolve(__dirname, '..');
const { values } = parseArgs({ options: { comments: { type: 'string', default: '20000' } } });
const total = Number(values.comments);

function uriFor(name: string): string {
  const uri = process.env.MONGODB_URI;
  const match = uri && /^(mongodb(?:\+srv)?:\/\/[^/?]+)\/?[^?]*(\?.*)?$/.exec(uri);
  if (!match) throw new Error('set MONGODB_URI to a mongodb:// server (scripts/ferretdb.sh start)');
  return `${match[1]}/${name}${match[2] ?? ''}`;
}

/** Runs `npm run cli -- args` against `database`; its wall seconds and peak RSS in MB. */
function timed(database: string, args: string[]): { seconds: number; rssMb: number; output: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-time-'));
  const timeFile = path.join(dir, 'time');
  const started = process.hrtime.bigint();
  const output = execFileSync(
    '/usr/bin/time',
    ['-f', '%M', '-o', timeFile, path.join(ROOT, 'node_modules', '.bin', 'tsx'), 'src/cli/index.ts', ...args],
    {
      cwd: ROOT,
      env: { ...process.env, MONGODB_URI: uriFor(database), EMAIL_KEY, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rssMb = Number(execFileSync('cat', [timeFile], { encoding: 'utf8' }).trim()) / 1024;
  rmSync(dir, { recursive: true });
  return { seconds, rssMb, output };
}

async function main(): Promise<void> {
  const suffix = Date.now().toString(36);
  const source = `parley_bench_backup_${suffix}`;
  const target = `parley_bench_restore_${suffix}`;
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-backup-bench-'));
  await mongoose.connect(uriFor(source));
  try {
    await prepareDatabase();
    const pending = Math.round(total / 20);
    await seedComments(total - pending, (line) => process.stderr.write(`${line}\n`));
    await seedPendingComments(pending, '/pending');
    const stored = await mongoose.connection.collection('comments').countDocuments();
    await mongoose.disconnect();

    const rows: string[] = [];
    const row = (what: string, run: { seconds: number; rssMb: number }, file?: string) => {
      const size = file ? `${(statSync(file).size / 1e6).toFixed(1)} MB` : '';
      rows.push(`| ${what} | ${run.seconds.toFixed(1)} s | ${size} | ${run.rssMb.toFixed(0)} MB |`);
      process.stderr.write(`${rows.at(-1)}\n`);
    };
    const plain = path.join(dir, 'plain.ndjson');
    const withEmails = path.join(dir, 'emails.ndjson');
    const wxr = path.join(dir, 'site.xml');
    row('`export`', timed(source, ['export', '--site', SITE, '--out', plain]), plain);
    row(
      '`export --include-emails`',
      timed(source, ['export', '--site', SITE, '--out', withEmails, '--include-emails']),
      withEmails,
    );
    row('`export:wordpress`', timed(source, ['export:wordpress', '--site', SITE, '--out', wxr]), wxr);
    const restore = timed(target, ['import:parley', withEmails, '--site', SITE]);
    row('`import:parley` (emails included, into an empty database)', restore);
    process.stderr.write(restore.output);

    process.stdout.write(
      [
        `${stored.toLocaleString('en')} comments on one site (${total - pending} approved in threads, ${pending} pending):`,
        '',
        '| command | wall time | file | peak RSS |',
        '| --- | --- | --- | --- |',
        ...rows,
        '',
      ].join('\n'),
    );
  } finally {
    for (const name of [source, target]) {
      await mongoose.connect(uriFor(name));
      await mongoose.connection.db?.dropDatabase();
      await mongoose.disconnect();
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
