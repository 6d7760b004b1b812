// `npm run bench`: Parley's public API and background work on the embedded database, at
// several database sizes, in one run (issue 8, point 6). For each size it seeds a database
// of its own, then measures the idle CPU of an install, the load rows (warm and cold thread
// reads, 304, counts, posts) with autocannon on loopback, a raw-driver loop of a post's
// commands, and the spam-queue drain with 1 and 2 worker processes. It writes the tables,
// ratios and targets to docs/benchmarks.md (full runs) or bench/last-run.md; see USAGE.
//
// Everything it starts is stopped at the end, also on failure or Ctrl-C, and all its
// traffic goes to 127.0.0.1.
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BareNodeFigures, measureBareNode, type WarmResponse, warmResponse } from './bareNode';
import { type BenchServer, connectBenchDatabase, dropBenchDatabase, startBenchServer } from './database';
import { measureDrain, startAkismetDouble } from './drain';
import { measureIdle } from './idle';
import type { LoadSettings } from './load';
import { type BenchOptions, parseOptions } from './options';
import { atCleanup, makeTempDir, runEntryPoint } from './processes';
import {
  monotonicUs,
  type ProfileSummary,
  profileFerretDb,
  summariseGoProfile,
  summariseNodeProfile,
  type Window,
} from './profile';
import { capturePostCommands, measureRawDriver } from './rawDriver';
import { renderRun, type SizeResult, writeReport } from './report';
import {
  type Apps,
  type LoadRows,
  measureLoadRows,
  type RowProbe,
  startApps,
  stopApps,
  threadUrl,
} from './rows';
import { prepareDatabase, seedComments } from './seed';

const say = (line: string) => process.stdout.write(`${line}\n`);

interface Run {
  options: BenchOptions;
  settings: LoadSettings;
  server: BenchServer;
  akismet: Awaited<ReturnType<typeof startAkismetDouble>>;
  bareNode?: BareNodeFigures;
  postShape: string[];
  profiles: ProfileSummary[];
}

/**
 * Profiling at the largest size: FerretDB's pprof during the cold-read and post rows, and a
 * --cpu-prof directory per app, whose samples are cut to each row's time.
 */
function profilingFor(run: Run, size: number) {
  const isProfiled = run.options.profile && size === run.options.sizes.at(-1);
  if (!isProfiled) return undefined;
  const dir = makeTempDir('profiles');
  const goFiles: Array<{ row: string; file: string }> = [];
  const windows = new Map<keyof LoadRows, Window>();
  const { pprofUrl } = run.server;
  const probe: RowProbe = async (row, measureRow) => {
    const fromUs = monotonicUs();
    const file = path.join(dir, `ferretdb-${row}.pb.gz`);
    const seconds = Math.min(5, run.settings.durationS - 1);
    const pprof = pprofUrl && row !== 'warm' ? profileFerretDb(pprofUrl, seconds, file) : undefined;
    const [figure] = await Promise.all([measureRow(), pprof]);
    windows.set(row, { fromUs, toUs: monotonicUs() });
    if (pprof) goFiles.push({ row, file });
    return figure;
  };
  const nodeDir = (app: keyof Apps) => path.join(dir, app);
  const label = `${size.toLocaleString('en')} stored`;
  const rowApps: Array<[keyof LoadRows, keyof Apps]> = [
    ['warm', 'reader'],
    ['cold', 'cold'],
    ['post', 'poster'],
  ];
  return {
    probe,
    nodeFlags: (app: keyof Apps) => {
      mkdirSync(nodeDir(app), { recursive: true });
      return ['--cpu-prof', `--cpu-prof-dir=${nodeDir(app)}`];
    },
    /** Call once the apps have stopped (they write their profiles as they exit). */
    async summaries(): Promise<ProfileSummary[]> {
      const go = await Promise.all(
        goFiles.map(({ row, file }) => summariseGoProfile(`FerretDB during the ${row} row, ${label}`, file)),
      );
      const node = rowApps.flatMap(([row, app]) => {
        const window = windows.get(row);
        return window
          ? [summariseNodeProfile(`Parley during the ${row} row, ${label}`, nodeDir(app), window)]
          : [];
      });
      return [...go, ...node];
    },
  };
}

async function measureSize(run: Run, size: number): Promise<SizeResult> {
  const { options, settings, server } = run;
  say(`\n${size.toLocaleString('en')} stored comments`);
  const uri = server.uriFor(`parley_bench_${size}`);
  await connectBenchDatabase(uri);
  try {
    const seeding = performance.now();
    await prepareDatabase();
    const hot = await seedComments(size, say);
    const seedSeconds = (performance.now() - seeding) / 1000;
    say(`  seeded in ${seedSeconds.toFixed(0)} s`);

    const idle = await measureIdle(uri, server.pid, options.idleS);

    const profiling = profilingFor(run, size);
    const apps = await startApps(uri, profiling?.nodeFlags);
    let rows: SizeResult['rows'];
    let response: WarmResponse;
    try {
      rows = await measureLoadRows(apps, hot, settings, size, profiling?.probe);
      response = await warmResponse(threadUrl(apps.reader.base));
    } finally {
      // Stopping them also writes their CPU profiles.
      await stopApps(apps);
    }
    run.bareNode ??= await measureBareNode(response, settings);
    if (profiling) run.profiles.push(...(await profiling.summaries()));

    const captured = await capturePostCommands();
    run.postShape = captured.shape;
    const rawDriver = await measureRawDriver(uri, captured, settings);

    const drains = [];
    for (const workers of [1, 2])
      drains.push(await measureDrain(uri, run.akismet, workers, options.drainChecks, options.drainLimitS));
    return { size, seedSeconds, rows, rawDriver, drains, idle };
  } finally {
    await dropBenchDatabase();
  }
}

function describeMachine(): string {
  const cpus = os.cpus();
  const gb = Math.round(os.totalmem() / 2 ** 30);
  return `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${gb} GB, Linux ${os.release()}, Node ${process.version}`;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = parseOptions(argv);
  const started = performance.now();
  const settings = { connections: options.connections, durationS: options.durationS };
  const server = await startBenchServer({ profile: options.profile });
  const akismet = await startAkismetDouble();
  atCleanup(() => akismet.close());
  say(`database: ${server.description}; writing to ${options.out}`);

  const run: Run = { options, settings, server, akismet, postShape: [], profiles: [] };
  const sizes: SizeResult[] = [];
  for (const size of options.sizes) sizes.push(await measureSize(run, size));

  const markdown = renderRun({
    command: ['npm run bench', ...(argv.length > 0 ? ['--', ...argv] : [])].join(' '),
    setting:
      `autocannon on loopback, ${settings.connections} connections, ${settings.durationS} s per row; ` +
      `drain: ${options.drainChecks} due checks per measurement (at most ${options.drainLimitS} s), ` +
      'Akismet double answering after 50 ms, ' +
      `default WORKER_CONCURRENCY (4), WORKER_POLL_MS=50; idle CPU over ${options.idleS} s`,
    database: server.description,
    machine: describeMachine(),
    date: new Date().toISOString().slice(0, 10),
    bareNode: run.bareNode as BareNodeFigures,
    postShape: run.postShape,
    sizes,
    profiles: run.profiles,
    minutes: (performance.now() - started) / 60_000,
  });
  writeReport(options.out, markdown);
  say(`\n${markdown}\n\nwrote ${options.out}`);
  const unexpected = sizes.flatMap(({ size, rows }) =>
    Object.entries(rows)
      .filter(([, figure]) => figure.failures > 0)
      .map(
        ([row, figure]) => `${row} at ${size}: ${figure.failures} unexpected answers (${figure.statuses})`,
      ),
  );
  if (unexpected.length > 0)
    throw new Error(`some rows were not answered as expected:\n${unexpected.join('\n')}`);
}

runEntryPoint('bench', main);
