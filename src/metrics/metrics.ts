// Parley's Prometheus metrics, in a registry of their own per app or worker (never the
// global one, so several apps in one test process do not collide). Counters and histograms
// are observed as things happen; database-backed gauges are read on each scrape.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Clock } from '../clock';
import type { SpamCheckAttempt } from '../comments/store/comment.types';
import type { Logger } from '../logger';
import { collectComments, collectJobs, createSpamCheckQueueReader } from './collectors';

export interface Metrics {
  registry: Registry;
  /** Records one finished HTTP request. `route` is the route pattern, never the raw URL. */
  observeRequest(labels: { method: string; route: string; status: number }, seconds: number): void;
  /** Records one spam-check attempt (pass to createParleyWorker as onSpamCheckAttempt). */
  observeSpamCheck(attempt: SpamCheckAttempt): void;
}

const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const SPAM_CHECK_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30];

export function createMetrics(deps: { clock: Clock; log: Logger; defaultMetrics?: boolean }): Metrics {
  const registry = new Registry();
  const registers = [registry];
  // Process metrics (CPU, memory, event loop) only for real processes, not for test apps.
  // The event-loop delay is sampled every 100 ms rather than every 10: the finer default alone
  // kept an idle install at 1.2% of a core (0.6% with this).
  if (deps.defaultMetrics) collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 100 });

  const requests = new Counter({
    name: 'parley_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });
  const requestSeconds = new Histogram({
    name: 'parley_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: HTTP_BUCKETS,
    registers,
  });
  const spamCheckSeconds = new Histogram({
    name: 'parley_spam_check_duration_seconds',
    help: 'Time one spam-check attempt spent asking Akismet, by Akismet outcome.',
    labelNames: ['outcome'] as const,
    buckets: SPAM_CHECK_BUCKETS,
    registers,
  });
  const spamChecks = new Counter({
    name: 'parley_spam_checks_total',
    help: 'Spam-check attempts, by Akismet outcome and the verdict (pending, approved, spam, or retry).',
    labelNames: ['outcome', 'verdict'] as const,
    registers,
  });

  const log = deps.log.child({ component: 'metrics' });
  const readQueue = createSpamCheckQueueReader(deps.clock, log);
  const queueGauge = (
    name: string,
    help: string,
    pick: (depth: Awaited<ReturnType<typeof readQueue>>) => number | undefined,
  ) =>
    new Gauge({
      name,
      help,
      registers,
      async collect() {
        const value = pick(await readQueue());
        if (value === undefined) this.reset();
        else this.set(value);
      },
    });
  queueGauge(
    'parley_spam_check_queue_due',
    'Spam checks due now that were never tried.',
    (depth) => depth?.due,
  );
  queueGauge(
    'parley_spam_check_queue_retrying',
    'Spam checks waiting for a retry after a failed try (Akismet unavailable).',
    (depth) => depth?.retrying,
  );
  queueGauge(
    'parley_spam_check_queue_oldest_due_age_seconds',
    'How long the longest-waiting due spam check has been due (0 when none is).',
    (depth) => {
      if (!depth) return undefined;
      if (!depth.oldestDueAt) return 0;
      return Math.max(0, (deps.clock.now().getTime() - depth.oldestDueAt.getTime()) / 1000);
    },
  );
  new Gauge({
    name: 'parley_comments',
    help: 'Comments stored, by status.',
    labelNames: ['status'] as const,
    registers,
    async collect() {
      await collectComments(this, log);
    },
  });
  new Gauge({
    name: 'parley_jobs',
    help: 'Background jobs (emails, webhooks, Akismet feedback), by type and state.',
    labelNames: ['type', 'state'] as const,
    registers,
    async collect() {
      await collectJobs(this, log);
    },
  });

  return {
    registry,
    observeRequest({ method, route, status }, seconds) {
      const labels = { method, route, status: String(status) };
      requests.inc(labels);
      requestSeconds.observe(labels, seconds);
    },
    observeSpamCheck(attempt) {
      spamChecks.inc({ outcome: attempt.outcome, verdict: attempt.verdict ?? 'retry' });
      // A skipped check (no Akismet key) asked nobody: its zero would only flatten the histogram.
      if (attempt.outcome !== 'skipped')
        spamCheckSeconds.observe({ outcome: attempt.outcome }, attempt.durationMs / 1000);
    },
  };
}
