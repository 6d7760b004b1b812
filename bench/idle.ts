// What an idle install costs: `npm start` (web and worker in one process, default settings)
// on the seeded database with nothing to do, and the database under it. CPU time comes from
// /proc/<pid>/stat (utime + stime) of Parley's process (and any it runs) and of the database
// server, over a quiet window.
import { startInstall } from './parley';
import { cpuSeconds, processTree, sleep } from './processes';

/** Start-up work (connecting, the first housekeeping pass) settles within this. */
const SETTLE_MS = 2000;

export interface IdleFigure {
  seconds: number;
  /** Percent of one core. */
  parley: number;
  /** Percent of one core; undefined when the database does not run on this machine. */
  database?: number;
}

const percentOfOneCore = (cpu: number, seconds: number) => Math.round((cpu / seconds) * 1000) / 10;

export async function measureIdle(
  uri: string,
  databasePid: number | undefined,
  seconds: number,
): Promise<IdleFigure> {
  const parley = await startInstall(uri);
  try {
    await sleep(SETTLE_MS);
    const pids = processTree(parley.pid);
    const before = { parley: cpuSeconds(pids), database: databasePid ? cpuSeconds([databasePid]) : 0 };
    const started = performance.now();
    await sleep(seconds * 1000);
    const elapsed = (performance.now() - started) / 1000;
    const figure: IdleFigure = {
      seconds,
      parley: percentOfOneCore(cpuSeconds(pids) - before.parley, elapsed),
      ...(databasePid && {
        database: percentOfOneCore(cpuSeconds([databasePid]) - before.database, elapsed),
      }),
    };
    process.stdout.write(
      `  idle over ${seconds} s: Parley ${figure.parley}% of a core, database ${figure.database ?? 'n/a'}%\n`,
    );
    return figure;
  } finally {
    await parley.stop();
  }
}
