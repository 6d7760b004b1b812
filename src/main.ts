// `npm start`: reads the config, finds or starts the database, serves HTTP, and shuts
// down gracefully on SIGTERM/SIGINT (stop accepting, finish requests, close the database).
import { createServer, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { createParley } from './app';
import { hasAnyUser } from './auth/user.model';
import { systemClock } from './clock';
import { type Config, DEFAULT_DATA_DIR, loadConfig } from './config';
import { connectWithRetry, disconnectDatabase } from './db/connection';
import { prepareDatabase } from './db/prepare';
import { type ResolvedDatabase, resolveDatabase } from './db/resolve';
import type { LiveStreams } from './live/streams';
import { chooseLogFormat, createLogger, type Logger } from './logger';
import { createMetrics, type Metrics } from './metrics';
import { createNotifier, type Notifier } from './notify';
import { loadEmailKey } from './privacy/emailKey';
import { createEmailVault, type EmailVault } from './privacy/emailVault';
import { bannerDatabaseOf, formatBanner } from './process/banner';
import { abortStartupOnSignals, runMain, stopOnSignals } from './process/lifecycle';
import { ensureDemoSite } from './sites/site.model';
import { createServiceWorker } from './worker';

function listen(server: Server, config: Config): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
}

/**
 * Returns a function that makes every answer from then on close its connection, and
 * closes idle ones: a keep-alive client would otherwise hold shutdown for another
 * keepAliveTimeout (5 s) after its last answer.
 */
function closeConnectionsOnStop(server: Server): () => void {
  const inFlight = new Set<ServerResponse>();
  let isStopping = false;
  const closeAfter = (res: ServerResponse) => {
    if (!res.headersSent) res.setHeader('Connection', 'close');
  };
  // Prepended, so this runs before the app can answer.
  server.prependListener('request', (_req, res: ServerResponse) => {
    if (isStopping) return closeAfter(res);
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });
  return () => {
    isStopping = true;
    for (const res of inFlight) {
      closeAfter(res);
      // An answer already streaming keeps its keep-alive header; close it once it is idle.
      res.once('finish', () => setImmediate(() => server.closeIdleConnections()));
    }
    server.closeIdleConnections();
  };
}

async function serve(
  config: Config,
  log: Logger,
  isStarted: () => boolean,
): Promise<{
  server: Server;
  closeConnections: () => void;
  vault: EmailVault;
  metrics: Metrics;
  notifier: Notifier;
  live: LiveStreams;
}> {
  const vault = createEmailVault(loadEmailKey(config, log));
  // One registry and one notifier for the app and the worker it runs (WORKER_ENABLED).
  const metrics = createMetrics({ clock: systemClock, log, defaultMetrics: true });
  const notifier = createNotifier({ clock: systemClock, log });
  const { listener, live } = createParley({
    config,
    log,
    clock: systemClock,
    vault,
    metrics,
    events: notifier,
    isStarted,
  });
  // Slow clients (slowloris-style headers or bodies trickled in) are cut off after these
  // timeouts, checked every second, so they cannot hold connections and keep others waiting.
  // A live stream is a slow answer, not a slow request: the timeouts do not touch it.
  const server = createServer(
    {
      headersTimeout: config.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeout: Math.max(config.HTTP_REQUEST_TIMEOUT_MS, config.HTTP_HEADERS_TIMEOUT_MS),
      connectionsCheckingInterval: 1000,
    },
    listener,
  );
  const closeConnections = closeConnectionsOnStop(server);
  await listen(server, config);
  return { server, closeConnections, vault, metrics, notifier, live };
}

/** The welcome for a person at a terminal (src/process/banner.ts), once the database answers. */
async function printBanner(config: Config, database: ResolvedDatabase): Promise<void> {
  // A failed look-up leaves the first-account hint out rather than show it wrongly.
  const hasUsers = await hasAnyUser().catch(() => true);
  process.stdout.write(
    formatBanner({
      url: config.PUBLIC_URL,
      dataDir: path.resolve(config.DATA_DIR),
      isDefaultDataDir: config.DATA_DIR === DEFAULT_DATA_DIR,
      database: bannerDatabaseOf(config.MONGODB_URI, database),
      hasUsers,
    }),
  );
}

async function main(): Promise<void> {
  const config = loadConfig();
  const format = chooseLogFormat({
    isTTY: process.stdout.isTTY === true,
    nodeEnv: config.NODE_ENV,
    override: config.LOG_FORMAT,
  });
  const log = createLogger({ level: config.LOG_LEVEL, format });
  // For a person at a terminal, outside production: where to go next (src/process/banner.ts).
  const showBanner = format === 'pretty' && config.NODE_ENV !== 'production';
  const database = await resolveDatabase(config, {
    onProgress: (message) => log.info(message),
    signal: abortStartupOnSignals(),
  });
  const { uri, embedded } = database;
  if (embedded) {
    const { kind, binary, dataDir } = embedded;
    log.info({ database: kind, binary, dataDir, uri }, 'embedded database started');
    if (embedded.warning) log.warn({ database: embedded.kind }, embedded.warning);
  }

  let isStarted = false;
  const { server, closeConnections, vault, metrics, notifier, live } = await serve(
    config,
    log,
    () => isStarted,
  ).catch(async (error: unknown) => {
    // An embedded database would outlive this process otherwise (say, when PORT is taken).
    await database.release();
    throw error;
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  log.info({ port, publicUrl: config.PUBLIC_URL }, 'parley listening');

  const stopping = new AbortController();
  // Spam checks and queued jobs; with WORKER_ENABLED=false they run in `npm run worker`.
  const worker = config.WORKER_ENABLED
    ? createServiceWorker({ config, log, vault, metrics, notifier })
    : undefined;
  const connected = connectWithRetry(uri, log, stopping.signal).then(async (connection) => {
    if (!connection || !(await prepareDatabase(log, stopping.signal))) return connection;
    if (config.NODE_ENV !== 'production') {
      await ensureDemoSite(config.PUBLIC_URL, systemClock.now()).catch((error: Error) =>
        log.warn({ reason: error.message }, 'could not create the demo site'),
      );
    }
    // Ready only now: /readyz answers 503 while an older database is being brought over.
    isStarted = true;
    log.info('database connected');
    if (showBanner) await printBanner(config, database);
    if (!stopping.signal.aborted) worker?.start();
    return connection;
  });

  stopOnSignals({
    log,
    timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    stop: async () => {
      stopping.abort();
      // The worker finishes the item in hand while requests finish, before the database closes.
      const workerStopped = worker?.stop(config.SHUTDOWN_TIMEOUT_MS / 2);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Live streams never finish on their own: they end now, and their browsers reconnect elsewhere.
        live.close();
        closeConnections();
      });
      await workerStopped;
      await disconnectDatabase();
      await connected.catch(() => undefined);
      await database.release();
    },
  });
}

runMain('parley', main);
