// CPU profiles for `--profile`: FerretDB's (Go pprof, fetched from its debug listener while
// a row runs) and the app's (node --cpu-prof, written when the app stops), each reduced to
// its top entries for the report. They show where a row's time goes when it misses a target.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { sleep } from './processes';

export interface ProfileSummary {
  title: string;
  lines: string[];
}

/** Records FerretDB's CPU for `seconds`, starting a moment into the row. */
export async function profileFerretDb(pprofUrl: string, seconds: number, file: string): Promise<void> {
  await sleep(500);
  const res = await fetch(`${pprofUrl}/debug/pprof/profile?seconds=${seconds}`);
  if (!res.ok) throw new Error(`FerretDB pprof answered ${res.status}`);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
}

/** `go tool pprof -top`, cut to its header and the first `count` functions. */
export async function summariseGoProfile(title: string, file: string, count = 15): Promise<ProfileSummary> {
  const { stdout } = await promisify(execFile)('go', ['tool', 'pprof', '-top', `-nodecount=${count}`, file]);
  const lines = stdout.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('File:'));
  return { title, lines };
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A stretch of time on the monotonic clock, in µs: V8 stamps its samples on the same clock. */
export interface Window {
  fromUs: number;
  toUs: number;
}

export function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** Where a file belongs: a package in node_modules, a folder of Parley, or Node itself. */
function areaOf(url: string): string {
  if (url === '') return '(native, GC)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  const own = /\/(src\/[^/]+)\//.exec(url)?.[1];
  if (own) return own;
  return url.startsWith('node:') ? 'node internals' : path.basename(url);
}

function percentRows(hits: Map<string, number>, total: number, count: number): string[] {
  return [...hits]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, n]) => `${((n / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
}

/** The samples of `profile` taken inside `window`, as node ids. */
function samplesIn(profile: CpuProfile, window: Window): number[] {
  const inside: number[] = [];
  let at = profile.startTime;
  profile.samples.forEach((node, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at >= window.fromUs && at <= window.toUs) inside.push(node);
  });
  return inside;
}

/**
 * The app's CPU while a row ran, from the .cpuprofile in `dir` with the most samples in the
 * window (tsx's own process, if it writes one, does nothing then): how busy its one thread
 * was, and self time per area and per function over the busy samples.
 */
export function summariseNodeProfile(title: string, dir: string, window: Window, count = 12): ProfileSummary {
  const files = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'));
  const candidates = files.map((name) => {
    const profile = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as CpuProfile;
    const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
    const samples = samplesIn(profile, window);
    const busy = samples.flatMap((id) => {
      const frame = frames.get(id);
      return frame && frame.functionName !== '(idle)' ? [frame] : [];
    });
    return { samples: samples.length, busy };
  });
  // tsx's own process writes a profile too, idle all along: the app's is the busy one.
  const app = candidates.sort((a, b) => b.busy.length - a.busy.length)[0];
  if (!app || app.samples === 0)
    return { title, lines: [`(no samples in the row; ${files.length} profiles)`] };
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  for (const frame of app.busy) {
    const where = frame.url ? `${path.basename(frame.url)}:${frame.lineNumber + 1}` : '';
    const name = `${frame.functionName || '(anonymous)'} ${where}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + 1);
    const area = areaOf(frame.url);
    byArea.set(area, (byArea.get(area) ?? 0) + 1);
  }
  const share = ((app.busy.length / app.samples) * 100).toFixed(0);
  return {
    title,
    lines: [
      `the app's thread was busy in ${share}% of ${app.samples} samples; of the busy ones:`,
      'self time by area:',
      ...percentRows(byArea, app.busy.length, 8),
      'self time by function:',
      ...percentRows(byFunction, app.busy.length, count),
    ],
  };
}
