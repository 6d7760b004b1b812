// Everything the benchmark starts (app servers, workers, Parley, the database) and the
// temporary directories it makes, so that all of it is stopped and removed at the end, also
// when a step fails or the run is interrupted. Children get a process group of their own, so
// stopping one also reaches what it started.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');

const children = new Set<ChildProcess>();
const tempDirs: string[] = [];
const cleanups: Array<() => Promise<void>> = [];

export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `parley-bench-${prefix}-`));
  tempDirs.push(dir);
  return dir;
}

/** Runs at the end of the run (in reverse order of registration), before the children are killed. */
export function atCleanup(cleanup: () => Promise<void>): void {
  cleanups.push(cleanup);
}

export interface Child {
  pid: number;
  /** Resolves with the first JSON log line whose msg is `msg` (pino's output). */
  waitForLog(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resolves once the output holds `text`. */
  waitForOutput(text: string, timeoutMs?: number): Promise<void>;
  output(): string;
  isRunning(): boolean;
  stop(): Promise<void>;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function isGroupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * SIGTERM to the child's group; SIGKILL to what is left after `graceMs`. The group's other
 * members get a moment to finish after the child, so they can write what they write at exit.
 */
function stopGroup(child: ChildProcess, graceMs = 10_000): Promise<void> {
  const pid = child.pid as number;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // the group is gone already
    }
  };
  const childExited = new Promise<void>((resolve) => {
    if (exited(child)) resolve();
    else child.once('exit', () => resolve());
  });
  return (async () => {
    signalGroup('SIGTERM');
    const deadline = Date.now() + graceMs;
    await Promise.race([childExited, sleep(graceMs)]);
    while (isGroupAlive(pid) && Date.now() < deadline) await sleep(50);
    signalGroup('SIGKILL');
    children.delete(child);
  })();
}

/** Starts `command` in a process group of its own, tracked for cleanup. */
export function startChild(command: string, args: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(command, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  children.add(child);
  let output = '';
  const keep = (chunk: string) => {
    // The tail is enough to explain a failure; a long run must not grow without bound.
    output = (output + chunk).slice(-200_000);
  };
  child.stdout?.setEncoding('utf8').on('data', keep);
  child.stderr?.setEncoding('utf8').on('data', keep);
  const describe = () => `${path.basename(args.at(-1) ?? command)}: ${output.slice(-3000)}`;
  return {
    pid: child.pid,
    output: () => output,
    isRunning: () => !exited(child),
    stop: () => stopGroup(child),
    async waitForOutput(text, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!output.includes(text)) {
        if (exited(child)) throw new Error(`exited before printing "${text}"\n${describe()}`);
        if (Date.now() > deadline) throw new Error(`no "${text}" within ${timeoutMs} ms\n${describe()}`);
        await sleep(20);
      }
    },
    async waitForLog(msg, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        for (const line of output.split('\n')) {
          if (!line.startsWith('{')) continue;
          const parsed = JSON.parse(line) as Record<string, unknown>;
          if (parsed.msg === msg) return parsed;
        }
        if (exited(child)) throw new Error(`exited before logging "${msg}"\n${describe()}`);
        await sleep(50);
      }
      throw new Error(`no "${msg}" within ${timeoutMs} ms\n${describe()}`);
    },
  };
}

/**
 * Runs a TypeScript entry point as `npm start` and `npm run worker` do (node --import tsx),
 * with `nodeFlags` on node's command line (NODE_OPTIONS refuses some, such as --cpu-prof).
 */
export function startTsx(script: string, env: NodeJS.ProcessEnv, nodeFlags: string[] = []): Child {
  return startChild(process.execPath, [...nodeFlags, '--import', 'tsx', script], env);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Stops everything started, runs the registered cleanups and removes the temporary directories. */
export async function cleanUpEverything(): Promise<void> {
  await Promise.all([...children].map((child) => stopGroup(child)));
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  cleanups.length = 0;
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

let isStopping = false;
async function stopAndExit(code: number): Promise<never> {
  if (!isStopping) {
    isStopping = true;
    await cleanUpEverything();
  }
  process.exit(code);
}

/**
 * Runs an entry point (`npm run bench`, `npm run soak`) and exits with the code its main
 * returns (0 when it returns no number), 1 when it throws, 130 on Ctrl-C or SIGTERM: always
 * after stopping everything it started.
 */
export function runEntryPoint(name: string, main: () => Promise<unknown>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stdout.write(`\n${signal}: stopping everything the ${name} started\n`);
      void stopAndExit(130);
    });
  }
  main().then(
    (code) => stopAndExit(typeof code === 'number' ? code : 0),
    (error: unknown) => {
      process.stderr.write(`${name} failed: ${(error as Error).stack ?? error}\n`);
      return stopAndExit(1);
    },
  );
}

// ---------------------------------------------------------------------------------------
// CPU time, from /proc (Linux)

const CLOCK_TICKS_PER_S = 100;

function readStat(pid: number): { ppid: number; ticks: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name, in parentheses, may hold spaces: the fields start after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

/** The pid and every live descendant of it. */
export function processTree(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat) parents.set(stat.ppid, [...(parents.get(stat.ppid) ?? []), Number(entry)]);
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(parents.get(tree[i] as number) ?? []));
  return tree;
}

/** CPU seconds (user + system) used so far by these processes. */
export function cpuSeconds(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + (readStat(pid)?.ticks ?? 0), 0) / CLOCK_TICKS_PER_S;
}

/** The process whose command line holds `needle` (a FerretDB found by its listen address). */
export function findProcessByArgument(needle: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (args.includes(needle)) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}
