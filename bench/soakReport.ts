// The soak's figures as markdown (written between markers, as the bench does) and its last
// line, which says in one line whether the run met its targets.
import { type ReportMarkers, table } from './report';
import { KINDS, type Kind, type KindStats, percentile } from './soakLoad';
import type { Sample, VerdictAudit } from './soakProbes';

export const SOAK_MARKERS: ReportMarkers = {
  start: '<!-- soak:start: written by `npm run soak`; edit outside these markers -->',
  end: '<!-- soak:end -->',
  title: '# Last `npm run soak` run',
};

/** The targets of issue 13: the run fails when any is missed. */
export const RSS_GROWTH_LIMIT = 0.1;
export const DRAIN_LIMIT_S = 30;

export interface Memory {
  parley?: number;
  database?: number;
}

export interface SoakResult {
  command: string;
  setting: string;
  database: string;
  machine: string;
  date: string;
  durationS: number;
  warmupS: number;
  stats: Record<Kind, KindStats>;
  notSent: number;
  actions: Map<string, number>;
  rss: { warm: Memory; end: Memory };
  samples: Sample[];
  /** Seconds from the load's end until no check was due or running; undefined: not within DRAIN_LIMIT_S. */
  drainS?: number;
  /** Seconds until the queue held nothing, retries included; undefined: not within its limit. */
  emptyS?: number;
  audit: VerdictAudit;
  emails: number;
  akismetCalls: number;
  akismetErrors: number;
}

const KIND_LABELS: Record<Kind, string> = {
  warm: 'warm thread read (hot set)',
  cold: 'cold thread read (rarely read pages)',
  post: 'post (distinct commenter)',
  moderate: 'moderation (list, approve, spam, trash)',
};

const ms = (n: number) => (n < 10 ? n.toFixed(1) : String(Math.round(n)));
const mb = (n: number | undefined) => (n === undefined ? 'n/a' : n.toFixed(0));
const count = (n: number) => n.toLocaleString('en');

export function growth(from: number | undefined, to: number | undefined): number | undefined {
  return from === undefined || to === undefined || from === 0 ? undefined : (to - from) / from;
}

/** "+4.2%" or "-3.0%". */
export function signedPercent(ratio: number): string {
  return `${ratio < 0 ? '-' : '+'}${Math.abs(ratio * 100).toFixed(1)}%`;
}

export function totals(result: SoakResult) {
  let requests = 0;
  let errors5xx = 0;
  let unanswered = 0;
  for (const kind of KINDS) {
    for (const [status, n] of result.stats[kind].statuses) {
      requests += n;
      if (status >= 500) errors5xx += n;
      if (status === 0) unanswered += n;
    }
  }
  return { requests, errors5xx, unanswered };
}

/** Each missed target, in words; empty when the run passed. */
export function missedTargets(result: SoakResult): string[] {
  const { errors5xx, unanswered } = totals(result);
  const rss = growth(result.rss.warm.parley, result.rss.end.parley);
  const missed: string[] = [];
  if (errors5xx > 0) missed.push(`${errors5xx} answers were 5xx`);
  if (unanswered > 0) missed.push(`${unanswered} requests got no answer`);
  if (result.notSent > 0) missed.push(`${result.notSent} requests were not sent (too many outstanding)`);
  if (result.audit.lost.length > 0)
    missed.push(`${result.audit.lost.length} comments lost or without one verdict`);
  if (rss === undefined) missed.push("Parley's RSS could not be read");
  else if (rss >= RSS_GROWTH_LIMIT) missed.push(`Parley's RSS grew ${signedPercent(rss)}`);
  if (result.drainS === undefined) missed.push(`the spam queue was not drained within ${DRAIN_LIMIT_S} s`);
  if (result.emptyS === undefined) missed.push('checks waiting for a retry were never done');
  return missed;
}

export function lastLine(result: SoakResult): string {
  const { requests, errors5xx } = totals(result);
  const rss = growth(result.rss.warm.parley, result.rss.end.parley);
  const rssText = rss === undefined ? 'rss n/a' : `rss ${signedPercent(rss)}`;
  return `soak: ${requests} requests, ${errors5xx} 5xx, ${result.audit.lost.length} lost, ${rssText}`;
}

function requestTable(result: SoakResult): string {
  const rows = KINDS.map((kind) => {
    const { latencies, statuses } = result.stats[kind];
    const byStatus = [...statuses]
      .sort(([a], [b]) => a - b)
      .map(([status, n]) => `${status === 0 ? 'no answer' : status}×${n}`)
      .join(', ');
    const median = percentile(latencies, 50);
    return [KIND_LABELS[kind], count(latencies.length), ms(median), ms(percentile(latencies, 99)), byStatus];
  });
  return table(['kind', 'requests', 'p50 ms', 'p99 ms', 'statuses'], rows);
}

function memoryTable(result: SoakResult): string {
  const row = (label: string, pick: (m: Memory) => number | undefined) => {
    const change = growth(pick(result.rss.warm), pick(result.rss.end));
    return [
      label,
      mb(pick(result.rss.warm)),
      mb(pick(result.rss.end)),
      change === undefined ? 'n/a' : signedPercent(change),
    ];
  };
  return table(
    [
      'RSS (MB)',
      `end of warm-up (${result.warmupS} s)`,
      `end of load (${result.warmupS + result.durationS} s)`,
      'change',
    ],
    [row('Parley (web and worker)', (m) => m.parley), row('database', (m) => m.database)],
  );
}

/** About 20 rows: every sample's queue and lag would be too long for a 10-minute run. */
function sampleTable(result: SoakResult): string {
  const step = Math.max(1, Math.ceil(result.samples.length / 20));
  const rows = result.samples
    .filter((_, i) => i % step === 0 || i === result.samples.length - 1)
    .map((s) => [
      `${s.atS}`,
      String(s.due),
      String(s.retrying),
      String(s.running),
      s.lagP99Ms === undefined ? 'n/a' : ms(s.lagP99Ms),
      s.lagMaxMs === undefined ? 'n/a' : ms(s.lagMaxMs),
      mb(s.parleyRssMb),
      mb(s.heapUsedMb),
      mb(s.heapTotalMb),
    ]);
  const heads = ['s', 'due', 'retrying', 'running', 'lag p99 ms', 'lag max ms', 'Parley RSS MB'];
  return table([...heads, 'heap used MB', 'heap total MB'], rows);
}

function lagSummary(samples: Sample[]): string {
  const p99s = samples.flatMap((s) => (s.lagP99Ms === undefined ? [] : [s.lagP99Ms]));
  const maxes = samples.flatMap((s) => (s.lagMaxMs === undefined ? [] : [s.lagMaxMs]));
  if (p99s.length === 0) return 'Event-loop lag: not read (no /metrics answer).';
  return (
    `Event-loop lag (nodejs_eventloop_lag_*, per ${samples.length} intervals): p99 median ` +
    `${ms(percentile(p99s, 50))} ms, p99 worst ${ms(Math.max(...p99s))} ms, max ${ms(Math.max(...maxes))} ms.`
  );
}

export function renderSoak(result: SoakResult): string {
  const missed = missedTargets(result);
  const { requests } = totals(result);
  const actions = [...result.actions].map(([action, n]) => `${action} ${n}`).join(', ') || 'none';
  const maxDue = Math.max(0, ...result.samples.map((s) => s.due));
  return [
    `Command: \`${result.command}\`, ${result.date}.`,
    `Machine: ${result.machine}. Database: ${result.database}.`,
    `Setting: ${result.setting}.`,
    `${count(requests)} requests in ${result.warmupS + result.durationS} s: ${result.warmupS} s of warm-up, ` +
      `then ${result.durationS} s measured. Both RSS readings are taken right after a full garbage ` +
      `collection in Parley (asked for through its inspector), so they compare the same state.`,
    requestTable(result),
    memoryTable(result),
    lagSummary(result.samples),
    `Spam-check queue (sampled every 5 s; s from the start of the load; the largest due backlog was ${maxDue}):`,
    sampleTable(result),
    [
      `Posts answered 201: ${count(result.audit.checked)}; lost or not exactly one verdict: ${result.audit.lost.length}` +
        `${result.audit.lost.length > 0 ? ` (not stored: ${result.audit.missing}; check still queued: ${result.audit.stillDue}; e.g. ${result.audit.lost.slice(0, 3).join(', ')})` : ''}; ` +
        `checked again after an Akismet error: ${result.audit.retried}.`,
      `Akismet double: ${count(result.akismetCalls)} calls, ${result.akismetErrors} answered 500. ` +
        `Moderator emails received by the SMTP double: ${count(result.emails)}. Moderation actions done: ${actions}.`,
      `After the load: nothing due or running after ${result.drainS === undefined ? `more than ${DRAIN_LIMIT_S}` : result.drainS.toFixed(1)} s; ` +
        `queue empty, retries included, after ${result.emptyS === undefined ? 'the limit' : `${result.emptyS.toFixed(1)} s`}.`,
    ].join('\n'),
    missed.length === 0 ? 'Targets: all met.' : `Targets missed: ${missed.join('; ')}.`,
    lastLine(result),
  ].join('\n\n');
}
