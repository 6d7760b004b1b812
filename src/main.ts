// `npm start`: reads the config, finds or starts the database, serves HTTP, and shuts
// down gracefully on SIGTERM/SIGINT (stop accepting, finish requests, close the database).
import { createServer, type Server } from 'node:http';
import mongoose from 'mongoose';
import { createApp } from './app';
import { systemClock } from './clock';
import { type Config, ConfigError, loadConfig } from './config';
import { connectWithRetry } from './db/connection';
import { EmbeddedDatabaseError } from './db/embedded';
import { resolveDatabase } from './db/resolve';
import { createLogger } from './logger';
import { loadEmailKey } from './privacy/emailKey';
import { createEmailVault } from './privacy/emailVault';
import { ensureDemoSite } from './sites/site.model';

function listen(server: Server, config: Config): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
}

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger({ level: config.LOG_LEVEL });
  const database = await resolveDatabase(config);
  const { uri, embedded } = database;
  if (embedded) {
    log.info({ database: embedded.kind, dataDir: embedded.dataDir, uri }, 'embedded database started');
  }

  const vault = createEmailVault(loadEmailKey(config, log));
  const app = createApp({ config, log, clock: systemClock, vault });
  const server = createServer(app);
  await listen(server, config);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  log.info({ port, publicUrl: config.PUBLIC_URL }, 'parley listening');

  const stopping = new AbortController();
  const connected = connectWithRetry(uri, log, stopping.signal).then(async (connection) => {
    if (connection) log.info('database connected');
    if (connection && config.NODE_ENV !== 'production') {
      await ensureDemoSite(config.PUBLIC_URL, systemClock.now()).catch((error: Error) =>
        log.warn({ reason: error.message }, 'could not create the demo site'),
      );
    }
    return connection;
  });

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info({ signal }, 'shutting down');
    stopping.abort();
    const forced = setTimeout(() => {
      log.warn('shutdown timed out, exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    forced.unref();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await connected.catch(() => undefined);
    await mongoose.disconnect().catch(() => undefined);
    await database.release();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  // Start-up failures are the operator's to fix: one line, no stack trace.
  const known = error instanceof ConfigError || error instanceof EmbeddedDatabaseError;
  const message = known ? (error as Error).message : `failed to start: ${(error as Error).message}`;
  process.stderr.write(`parley: ${message}\n`);
  process.exit(1);
});
