// The background worker: spam checks and queued jobs. `npm start` runs it inside the web
// process when WORKER_ENABLED; `npm run worker` runs it alone (any number of them: claims
// are leased, so no two workers take the same item).
import type { Clock } from './clock';
import { systemClock } from './clock';
import type { SpamCheckAttempt } from './comments/comment.model';
import { type Config, ConfigError, loadConfig } from './config';
import { connectWithRetry, disconnectDatabase } from './db/connection';
import { EmbeddedDatabaseError } from './db/embedded';
import { resolveDatabase } from './db/resolve';
import { createLogger, type Logger } from './logger';
import { createMetrics, serveMetrics } from './metrics';
import { createNotificationJobHandlers, createNotifier } from './notify';
import { loadEmailKey } from './privacy/emailKey';
import { createEmailVault, type EmailVault } from './privacy/emailVault';
import { createJobRunner, createWorker, type JobHandler, type Worker } from './queue';
import { createLeasePruning } from './queue/leasePruning';
import { akismetSettings, createAkismet, createAkismetFeedbackHandler, createSpamChecker } from './spam';
import type { SpamCheckHooks } from './spam/hooks';

export interface ParleyWorkerDeps {
  config: Config;
  log: Logger;
  clock: Clock;
  vault: EmailVault;
  /** Told when a checked comment waits for a moderator or changed status. */
  hooks?: SpamCheckHooks;
  /** More job types (email, webhook) next to Akismet feedback. */
  jobHandlers?: JobHandler[];
  /** Told of every spam-check attempt (metrics). */
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
    hooks: deps.hooks,
    onAttempt: deps.onSpamCheckAttempt,
  });
  const jobs = createJobRunner({
    handlers: [createAkismetFeedbackHandler({ config, vault, akismet }), ...(deps.jobHandlers ?? [])],
    log,
    clock,
    leaseMs,
  });
  return createWorker({
    id: deps.id,
    log,
    pollMs: config.WORKER_POLL_MS,
    sources: [
      { name: 'spam-checks', runNext: spamChecks.runNextSpamCheck },
      { name: 'jobs', runNext: jobs.runNextJob },
      createLeasePruning(clock),
    ],
  });
}

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger({ level: config.LOG_LEVEL, name: 'parley-worker' });
  const database = await resolveDatabase(config);
  const vault = createEmailVault(loadEmailKey(config, log));
  const stopping = new AbortController();
  const metrics = createMetrics({ clock: systemClock, log, defaultMetrics: true });
  const worker = createParleyWorker({
    config,
    log,
    clock: systemClock,
    vault,
    hooks: createNotifier({ clock: systemClock, log }),
    jobHandlers: createNotificationJobHandlers({ config, log, vault }),
    onSpamCheckAttempt: metrics.observeSpamCheck,
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
  const connected = connectWithRetry(database.uri, log, stopping.signal).then((connection) => {
    if (connection && !stopping.signal.aborted) {
      log.info('database connected');
      worker.start();
    }
    return connection;
  });

  let isShuttingDown = false;
  const shutdown = async (signal: string) => {
    if (isShuttingDown) return;
    isShuttingDown = true;
    log.info({ signal }, 'shutting down');
    stopping.abort();
    const forced = setTimeout(() => {
      log.warn('shutdown timed out, exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    forced.unref();
    await worker.stop(config.SHUTDOWN_TIMEOUT_MS / 2);
    metricsServer?.close();
    await disconnectDatabase();
    await connected.catch(() => undefined);
    await database.release();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    const known = error instanceof ConfigError || error instanceof EmbeddedDatabaseError;
    const message = known ? (error as Error).message : `failed to start: ${(error as Error).message}`;
    process.stderr.write(`parley-worker: ${message}\n`);
    process.exit(1);
  });
}
