// What the soak reads while and after it runs: resident memory from /proc, Parley's event-loop
// lag from its /metrics (prom-client's default metrics), the spam-check queue's depth, and,
// at the end, each posted comment's spam-check history.
import { readFileSync } from 'node:fs';
import { findSpamCheck, measureSpamCheckQueue } from '../src/comments/store/spamChecks';
import { sleep } from './processes';

/** VmRSS of a process in MB, from /proc/<pid>/status; undefined when it cannot be read. */
export function rssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

export interface Sample {
  /** Seconds since the load started (negative: before it). */
  atS: number;
  due: number;
  retrying: number;
  running: number;
  /** Event-loop lag in ms over the interval since the previous sample (prom-client resets its histogram on each scrape). */
  lagP99Ms?: number;
  lagMaxMs?: number;
  parleyRssMb?: number;
  /** V8's heap: in use (live and not yet collected) and reserved, from prom-client's gauges. */
  heapUsedMb?: number;
  heapTotalMb?: number;
}

/**
 * Parley's event-loop histogram times a timer of this period (eventLoopMonitoringPrecision in
 * src/metrics/metrics.ts), and Node records the whole gap between its ticks: an idle loop reads
 * 100 ms. The lag is what lies beyond it.
 */
const LAG_RESOLUTION_MS = 100;

function lagMs(text: string, name: string): number | undefined {
  const value = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1];
  return value === undefined ? undefined : Math.max(0, Number(value) * 1000 - LAG_RESOLUTION_MS);
}

function megabytes(text: string, name: string): number | undefined {
  const value = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1];
  return value === undefined ? undefined : Number(value) / 2 ** 20;
}

type Readings = Pick<Sample, 'lagP99Ms' | 'lagMaxMs' | 'heapUsedMb' | 'heapTotalMb'>;

async function readMetrics(base: string): Promise<Readings> {
  try {
    const text = await (await fetch(`${base}/metrics`)).text();
    return {
      lagP99Ms: lagMs(text, 'nodejs_eventloop_lag_p99_seconds'),
      lagMaxMs: lagMs(text, 'nodejs_eventloop_lag_max_seconds'),
      heapUsedMb: megabytes(text, 'nodejs_heap_size_used_bytes'),
      heapTotalMb: megabytes(text, 'nodejs_heap_size_total_bytes'),
    };
  } catch {
    return {};
  }
}

/** Samples the queue, the lag and Parley's RSS every `everyMs` until stopped. */
export function startSampler(base: string, parleyPid: number, everyMs: number) {
  const samples: Sample[] = [];
  let loadStartedAt = performance.now();
  let isRunning = true;
  const take = async () => {
    const atS = Math.round((performance.now() - loadStartedAt) / 1000);
    const [depth, lag] = await Promise.all([measureSpamCheckQueue(new Date()), readMetrics(base)]);
    samples.push({
      atS,
      due: depth.due,
      retrying: depth.retrying,
      running: depth.running,
      ...lag,
      parleyRssMb: rssMb(parleyPid),
    });
  };
  const loop = (async () => {
    while (isRunning) {
      await take().catch(() => undefined);
      await sleep(everyMs);
    }
  })();
  return {
    samples,
    markLoadStart() {
      loadStartedAt = performance.now();
    },
    take,
    async stop() {
      isRunning = false;
      await loop;
    },
  };
}

/**
 * Waits until no check is due or running (retries waiting for their time do not count), or
 * `limitMs` passes; the seconds it took, or undefined when it did not get there.
 */
export async function waitForDueQueue(limitMs: number): Promise<number | undefined> {
  const began = performance.now();
  while (performance.now() - began <= limitMs) {
    const depth = await measureSpamCheckQueue(new Date());
    if (depth.due === 0 && depth.running === 0 && depth.oldestDueAt === undefined)
      return (performance.now() - began) / 1000;
    await sleep(250);
  }
  return undefined;
}

/** Waits until the queue holds nothing at all, retries included; seconds, or undefined at the limit. */
export async function waitForEmptyQueue(limitMs: number): Promise<number | undefined> {
  const began = performance.now();
  while (performance.now() - began <= limitMs) {
    const depth = await measureSpamCheckQueue(new Date());
    if (depth.due + depth.retrying + depth.running === 0) return (performance.now() - began) / 1000;
    await sleep(500);
  }
  return undefined;
}

export interface VerdictAudit {
  checked: number;
  /** Not stored, or without exactly one attempt with a verdict on a done check. */
  lost: string[];
  /** Of the lost: not stored at all (or stored without a check). */
  missing: number;
  /** Of the lost: stored, but the check was still queued when the wait ended (late, not gone). */
  stillDue: number;
  /** Comments whose check needed more than one attempt (an Akismet error first). */
  retried: number;
}

/** Each posted comment is stored, its check is done, and exactly one attempt carries a verdict. */
export async function auditVerdicts(ids: string[]): Promise<VerdictAudit> {
  const lost: string[] = [];
  let retried = 0;
  let missing = 0;
  let stillDue = 0;
  for (let i = 0; i < ids.length; i += 50) {
    const batch = ids.slice(i, i + 50);
    const checks = await Promise.all(batch.map((id) => findSpamCheck(id)));
    checks.forEach((check, j) => {
      const verdicts = check?.attempts.filter((attempt) => attempt.verdict !== undefined).length ?? 0;
      if (check?.state !== 'done' || verdicts !== 1) lost.push(batch[j] as string);
      if (check === undefined) missing += 1;
      else if (check.state === 'due') stillDue += 1;
      if (check && check.attempts.length > 1) retried += 1;
    });
  }
  return { checked: ids.length, lost, missing, stillDue, retried };
}
