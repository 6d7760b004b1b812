// The run as markdown: load rows and references per size, the drain and idle figures, the
// ratios and the issue's targets (met or not, from this run's figures only), and profiles
// when taken. It goes between the markers of the output file, so the text around them in
// docs/benchmarks.md (the before figures, the reading of the results) stays as written.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { BareNodeFigures } from './bareNode';
import type { DrainFigure } from './drain';
import type { IdleFigure } from './idle';
import type { Figure } from './load';
import type { ProfileSummary } from './profile';
import type { RawDriverFigure } from './rawDriver';
import type { LoadRows } from './rows';

export const START_MARKER = '<!-- bench:start: written by `npm run bench`; edit outside these markers -->';
export const END_MARKER = '<!-- bench:end -->';

export interface SizeResult {
  size: number;
  seedSeconds: number;
  rows: LoadRows;
  rawDriver: RawDriverFigure;
  drains: DrainFigure[];
  idle: IdleFigure;
}

export interface RunResult {
  command: string;
  setting: string;
  database: string;
  machine: string;
  date: string;
  bareNode: BareNodeFigures;
  postShape: string[];
  sizes: SizeResult[];
  profiles: ProfileSummary[];
  minutes: number;
}

const count = (n: number) => n.toLocaleString('en');
const ms = (n: number) => (n < 10 ? n.toFixed(1) : String(Math.round(n)));
const ratio = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : 'n/a');
const percent = (n: number) => `${Math.round(n * 100)}%`;

/** A markdown table laid out as Biome formats one: columns padded, numbers right-aligned. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, i) =>
    Math.max(3, cell.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const isNumeric = (i: number) => i > 0;
  const pad = (cell: string, i: number) =>
    isNumeric(i) ? cell.padStart(widths[i] as number) : cell.padEnd(widths[i] as number);
  const rule = widths.map((w, i) => (isNumeric(i) ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w)));
  return [header.map(pad), rule, ...rows.map((row) => header.map((_, i) => pad(row[i] ?? '', i)))]
    .map((cells) => `| ${cells.join(' | ')} |`)
    .join('\n');
}

const LOAD_ROWS: Array<[keyof LoadRows, string]> = [
  ['warm', 'warm thread read (/hot, 50 per page)'],
  ['cold', 'cold thread read (cache off, page just changed)'],
  ['notModified', '304 (If-None-Match, Cache-Control: no-cache)'],
  ['counts', 'counts for 20 pages'],
  ['post', 'post a comment (JSON)'],
];

function loadTable(run: RunResult): string {
  const header = ['what', ...run.sizes.flatMap(({ size }) => [`${count(size)}: req/s`, 'p50 ms', 'p99 ms'])];
  const figureCells = (f: { p50: number; p99: number }, rate: number) => [String(rate), ms(f.p50), ms(f.p99)];
  const rows = LOAD_ROWS.map(([key, label]) => [
    label,
    ...run.sizes.flatMap(({ rows: r }) => figureCells(r[key], r[key].requestsPerSecond)),
  ]);
  rows.push([
    'reference: raw-driver loop of a post’s commands (posts/s)',
    ...run.sizes.flatMap(({ rawDriver }) => figureCells(rawDriver, rawDriver.postsPerSecond)),
  ]);
  const references: Array<[string, Figure]> = [
    ['reference: bare node:http, the same response (once per run)', run.bareNode.sameResponse],
    ['reference: bare node:http, the body alone (once per run)', run.bareNode.bodyOnly],
  ];
  for (const [label, bare] of references) {
    rows.push([
      label,
      String(bare.requestsPerSecond),
      ms(bare.p50),
      ms(bare.p99),
      ...run.sizes.slice(1).flatMap(() => ['', '', '']),
    ]);
  }
  return table(header, rows);
}

function backgroundTable(run: RunResult): string {
  const drain = (workers: number) => (s: SizeResult) =>
    String(s.drains.find((d) => d.workers === workers)?.commentsPerSecond ?? 'n/a');
  const idle = (pick: (i: IdleFigure) => number | undefined) => (s: SizeResult) =>
    pick(s.idle) === undefined ? 'n/a' : `${pick(s.idle)}%`;
  const rows: Array<[string, (s: SizeResult) => string]> = [
    [`spam-queue drain, 1 worker (comments/s)`, drain(1)],
    [`spam-queue drain, 2 workers (comments/s)`, drain(2)],
    ['idle: Parley (npm start, worker on), % of one core', idle((i) => i.parley)],
    ['idle: its database, % of one core', idle((i) => i.database)],
    ['idle: together', idle((i) => (i.database === undefined ? undefined : round1(i.parley + i.database)))],
    ['seeding took (s)', (s) => String(Math.round(s.seedSeconds))],
  ];
  return table(
    ['what', ...run.sizes.map(({ size }) => `${count(size)} stored`)],
    rows.map(([label, cell]) => [label, ...run.sizes.map(cell)]),
  );
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The size the "its 1,000-comment figure" ratios divide by: 1,000 when the run has it. */
function baseline(run: RunResult): SizeResult {
  return run.sizes.find((s) => s.size === 1000) ?? (run.sizes[0] as SizeResult);
}

function ratioTable(run: RunResult): string {
  const base = baseline(run);
  const rows: Array<[string, (s: SizeResult) => number]> = [
    [
      'warm read req/s ÷ bare Node, same response',
      (s) => s.rows.warm.requestsPerSecond / run.bareNode.sameResponse.requestsPerSecond,
    ],
    [
      'warm read req/s ÷ bare Node, body alone',
      (s) => s.rows.warm.requestsPerSecond / run.bareNode.bodyOnly.requestsPerSecond,
    ],
    ['post req/s ÷ raw-driver posts/s', (s) => s.rows.post.requestsPerSecond / s.rawDriver.postsPerSecond],
    [`cold p50 ÷ its ${count(base.size)} figure`, (s) => s.rows.cold.p50 / base.rows.cold.p50],
    [`post p50 ÷ its ${count(base.size)} figure`, (s) => s.rows.post.p50 / base.rows.post.p50],
  ];
  return table(
    ['ratio', ...run.sizes.map(({ size }) => `${count(size)} stored`)],
    rows.map(([label, value]) => [label, ...run.sizes.map((s) => ratio(value(s)))]),
  );
}

interface Target {
  what: string;
  figure: string;
  isMet: boolean | undefined;
}

function targets(run: RunResult): Target[] {
  const top = run.sizes.at(-1) as SizeResult;
  const base = baseline(run);
  const { warm, cold, post } = top.rows;
  const warmShare = warm.requestsPerSecond / run.bareNode.sameResponse.requestsPerSecond;
  const rawShare = post.requestsPerSecond / top.rawDriver.postsPerSecond;
  const drain2 = top.drains.find((d) => d.workers === 2)?.commentsPerSecond ?? 0;
  const idle = top.idle.database === undefined ? undefined : top.idle.parley + top.idle.database;
  const vsBase = (f: number, b: number) => `${ms(f)} ms = ${ratio(f / b)}× ${ms(b)} ms`;
  return [
    {
      what: 'warm read ≥ 50% of bare Node (same response)',
      figure: percent(warmShare),
      isMet: warmShare >= 0.5,
    },
    { what: 'cold read p50 ≤ 25 ms', figure: `${ms(cold.p50)} ms`, isMet: cold.p50 <= 25 },
    {
      what: `cold read p50 ≤ 1.5× its ${count(base.size)} figure`,
      figure: vsBase(cold.p50, base.rows.cold.p50),
      isMet: cold.p50 <= 1.5 * base.rows.cold.p50,
    },
    { what: 'post p50 ≤ 30 ms', figure: `${ms(post.p50)} ms`, isMet: post.p50 <= 30 },
    {
      what: `post p50 ≤ 1.5× its ${count(base.size)} figure`,
      figure: vsBase(post.p50, base.rows.post.p50),
      isMet: post.p50 <= 1.5 * base.rows.post.p50,
    },
    {
      what: 'post rate ≥ 60% of the raw-driver loop',
      figure: `${post.requestsPerSecond} ÷ ${top.rawDriver.postsPerSecond} = ${percent(rawShare)}`,
      isMet: rawShare >= 0.6,
    },
    { what: 'drain ≥ 200 comments/s with 2 workers', figure: `${drain2}/s`, isMet: drain2 >= 200 },
    {
      what: 'idle Parley + database < 2% of one core',
      figure: idle === undefined ? 'database not measured' : `${round1(idle)}%`,
      isMet: idle === undefined ? undefined : idle < 2,
    },
  ];
}

function targetTable(run: RunResult): string {
  const verdict = (t: Target) =>
    t.isMet === undefined ? 'not measured' : t.isMet ? '**met**' : '**missed**';
  return table(
    ['target (issue 8, point 7)', 'this run', 'verdict'],
    targets(run).map((t) => [t.what, t.figure, verdict(t)]),
  );
}

function failureNotes(run: RunResult): string[] {
  const notes: string[] = [];
  for (const s of run.sizes) {
    for (const [key, label] of LOAD_ROWS) {
      const f = s.rows[key];
      if (f.failures > 0)
        notes.push(`- ${count(s.size)}, ${label}: ${f.failures} unexpected answers (${f.statuses})`);
    }
    if (s.rawDriver.failures > 0)
      notes.push(`- ${count(s.size)}, raw-driver loop: ${s.rawDriver.failures} failed commands`);
  }
  return notes;
}

export function renderRun(run: RunResult): string {
  const top = run.sizes.at(-1) as SizeResult;
  const notes = failureNotes(run);
  const sections = [
    `### Run of ${run.date}`,
    `\`${run.command}\`: ${run.setting}. Database: ${run.database}. Machine: ${run.machine}. The whole run took ${run.minutes.toFixed(1)} minutes.`,
    loadTable(run),
    notes.length > 0 ? `Unexpected answers:\n\n${notes.join('\n')}` : 'Every answer had the expected status.',
    backgroundTable(run),
    ratioTable(run),
    `Targets, at ${count(top.size)} stored comments${top.size === 100_000 ? '' : ' (the targets are stated for 100,000: this run did not reach it)'}:`,
    targetTable(run),
    `A post sends ${run.postShape.length} commands, each by _id or an insert (the raw-driver loop replays them): ${run.postShape.map((s) => `\`${s}\``).join(', ')}.`,
    ...run.profiles.map((p) => `#### Profile: ${p.title}\n\n\`\`\`text\n${p.lines.join('\n')}\n\`\`\``),
  ];
  return sections.join('\n\n');
}

const LAST_RUN_TITLE = '# Last `npm run bench` run';

/** The markers and title writeReport uses; the soak passes its own. */
export interface ReportMarkers {
  start: string;
  end: string;
  title: string;
}

const BENCH_MARKERS: ReportMarkers = { start: START_MARKER, end: END_MARKER, title: LAST_RUN_TITLE };

/**
 * Replaces what lies between the markers of `file`. A file without them gets the run
 * appended (nothing written by hand is lost), and a missing one is created with just the run.
 */
export function writeReport(file: string, markdown: string, markers: ReportMarkers = BENCH_MARKERS): void {
  const block = `${markers.start}\n\n${markdown}\n\n${markers.end}`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const start = current.indexOf(markers.start);
  const end = current.indexOf(markers.end);
  let next: string;
  if (start >= 0 && end > start) {
    next = `${current.slice(0, start)}${block}${current.slice(end + markers.end.length)}`;
  } else if (current === '' || current.startsWith(markers.title)) {
    next = `${markers.title}\n\n${block}\n`;
  } else {
    next = `${current.trimEnd()}\n\n${block}\n`;
  }
  writeFileSync(file, next);
}
