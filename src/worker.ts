// The background worker: spam checks and queued jobs. `npm start` runs it inside the web
// process when WORKER_ENABLED; `npm run worker` runs it alone (any number of them: claims
// are leased, so no two workers take the same item).
import type { Clock } from './clock';
import { systemClock } from './clock';
import { createListRepair } from './commenters/repair';
import type { CommentListener } from './comments/events';
import { pruneGuards } from './comments/guards.model';
import { pruneIdempotencyKeys } from './comments/idempotency.model';
import { pruneChangeTickets } from './comments/store/changeTicket.model';
import type { SpamCheckAttempt } from './comments/store/comment.types';
import { type Config, loadConfig } from './config';
import { connectWithRetry, disconnectDatabase } from './db/connection';
import { prepareDatabase } from './db/prepare';
import { resolveDatabase } from './db/resolve';
import { chooseLogFormat, createLogger, type Logger } from './logger';
import { createMetrics, type Metrics, serveMetrics } from './metrics';
import { pruneEmailLinkUses } from './moderation/emailLinks/emailLinkUse.model';
import { createNotificationJobHandlers, createNotifier, type Notifier } from './notify';
import { loadEmailKey } from './privacy/emailKey';
import { createEmailVault, type EmailVault } from './privacy/emailVault';
import { abortStartupOnSignals, runMain, stopOnSignals } from './process/lifecycle';
import { createJobRunner, createWorker, type JobHandler, type Worker, type WorkSource } from './queue';
import { createPeriodicCleanup } from './queue/cleanup';
import { pruneJobHistory } from './queue/job.model';
import { pruneLeaseSlots } from './queue/lease.model';
import { createReportHoldHandler } from './reports/hold';
import { pruneReportGuards } from './reports/report.model';
import { akismetSettings, createAkismet, createAkismetFeedbackHandler, createSpamChecker } from './spam';
import { repairThreads } from './threads/thread.markers';

export interface ParleyWorkerDeps {
  config: Config;
  log: Logger;
  clock: Clock;
  vault: EmailVault;
  /**
   * Hears what the spam checks decide (src/comments/events.ts): a checked comment waits for a
   * moderator (`onQueued`) or changed status (`onStatusChanged`). The notifier.
   */
  hooks?: CommentListener;
  /** More job types (email, webhook) next to Akismet feedback. */
  jobHandlers?: JobHandler[];
  /** Told of every stored spam-check attempt (metrics): it hears the `checked` event. */
  onSpamCheckAttempt?: (attempt: SpamCheckAttempt) => void;
  /** A fixed worker id, for tests; a unique one by default. */
  id?: string;
}

export function createParleyWorker(deps: ParleyWorkerDeps): Worker {
  const { config, clock, vault } = deps;
  const log = deps.log.child({ component: 'worker' });
  const leaseMs = config.WORKER_LEASE_MS;
  const akismet = createAkismet(akismetSettings(config));
  const spamChecks = createSpamChecker({
    config,
    log,
    clock,
    vault,
    akismet,
    leaseMs,
    hooks: [attemptListener(deps.onSpamCheckAttempt), deps.hooks ?? {}],
  });
  const jobs = createJobRunner({
    handlers: [
      createAkismetFeedbackHandler({ config, vault, akismet }),
      createReportHoldHandler({ clock, log, hooks: deps.hooks }),
      ...(deps.jobHandlers ?? []),
    ],
    log,
    clock,
    leaseMs,
  });
  return createWorker({
    id: deps.id,
    log,
    pollMs: config.WORKER_POLL_MS,
    concurrency: config.WORKER_CONCURRENCY,
    sources: [
      { name: 'spam-checks', runNext: spamChecks.runNextSpamCheck },
      { name: 'jobs', runNext: jobs.runNextJob },
      createThreadRepair(log),
      createListRepair(clock, log),
      createPeriodicCleanup(clock, 'lease-pruning', pruneLeaseSlots),
      createPeriodicCleanup(clock, 'change-ticket-pruning', pruneChangeTickets),
      createPeriodicCleanup(clock, 'guard-pruning', (_dayAgo, now) => pruneGuards(now)),
      createPeriodicCleanup(clock, 'job-history-pruning', (_dayAgo, now) => pruneJobHistory(now)),
      createPeriodicCleanup(clock, 'idempotency-key-pruning', (_dayAgo, now) => pruneIdempotencyKeys(now)),
      createPeriodicCleanup(clock, 'email-link-pruning', (_dayAgo, now) => pruneEmailLinkUses(now)),
      createPeriodicCleanup(clock, 'report-guard-pruning', (_dayAgo, now) => pruneReportGuards(now)),
    ],
  });
}

/** Metrics hear spam-check attempts as a listener of the `checked` event. */
function attemptListener(observe: ((attempt: SpamCheckAttempt) => void) | undefined): CommentListener {
  return { onChecked: (_comment, attempt) => observe?.(attempt) };
}

/** How often the worker looks for thread changes that a stopped process left unfinished. */
const THREAD_REPAIR_EVERY_MS = 10_000;

/** Syncs thread changes left by a process that died mid-change (see src/threads/thread.markers.ts). */
function createThreadRepair(log: Logger): WorkSource {
  let lastRun = Number.NEGATIVE_INFINITY;
  return {
    name: 'thread-repair',
    async runNext() {
      if (performance.now() - lastRun < THREAD_REPAIR_EVERY_MS) return false;
      lastRun = performance.now();
      const repaired = await repairThreads();
      if (repaired > 0) log.warn({ repaired }, 'synced thread changes that a process left unfinished');
      return repaired > 0;
    },
  };
}

/** The worker as `npm start` and `npm run worker` run it: with notifications and metrics. */
export function createServiceWorker(deps: {
  config: Config;
  log: Logger;
  vault: EmailVault;
  metrics: Metrics;
  notifier: Notifier;
}): Worker {
  const { config, log, vault } = deps;
  return createParleyWorker({
    config,
    log,
    clock: systemClock,
    vault,
    hooks: deps.notifier,
    jobHandlers: createNotificationJobHandlers({ config, log, vault }),
    onSpamCheckAttempt: deps.metrics.observeSpamCheck,
  });
}

async function main(): Promise<void> {
  const config = loadConfig();
  const format = chooseLogFormat({
    isTTY: process.stdout.isTTY === true,
    nodeEnv: config.NODE_ENV,
    override: config.LOG_FORMAT,
  });
  const log = createLogger({ level: config.LOG_LEVEL, name: 'parley-worker', format });
  const database = await resolveDatabase(config, {
    onProgress: (message) => log.info(message),
    signal: abortStartupOnSignals(),
  });
  const vault = createEmailVault(loadEmailKey(config, log));
  const stopping = new AbortController();
  const metrics = createMetrics({ clock: systemClock, log, defaultMetrics: true });
  const worker = createServiceWorker({
    config,
    log,
    vault,
    metrics,
    notifier: createNotifier({ clock: systemClock, log }),
  });
  const metricsServer = config.WORKER_METRICS_PORT
    ? await serveMetrics({
        metrics,
        port: config.WORKER_METRICS_PORT,
        host: config.HOST,
        token: config.METRICS_TOKEN,
        log,
      })
    : undefined;
  const connected = connectWithRetry(database.uri, log, stopping.signal).then(async (connection) => {
    if (connection && (await prepareDatabase(log, stopping.signal))) {
      log.info('database connected');
      if (!stopping.signal.aborted) worker.start();
    }
    return connection;
  });

  stopOnSignals({
    log,
    timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    stop: async () => {
      stopping.abort();
      await worker.stop(config.SHUTDOWN_TIMEOUT_MS / 2);
      metricsServer?.close();
      await disconnectDatabase();
      await connected.catch(() => undefined);
      await database.release();
    },
  });
}

if (require.main === module) runMain('parley-worker', main);
