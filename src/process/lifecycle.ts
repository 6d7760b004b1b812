// How Parley's processes (`npm start`, `npm run worker`) start and stop: a start-up failure
// is one line on stderr without a stack trace, and SIGTERM/SIGINT run the process's own
// stop steps once, within SHUTDOWN_TIMEOUT_MS, then exit 0. A signal that comes while the
// process starts stops what start-up began (a FerretDB build), or stops it once it has started.
import { ConfigError } from '../config';
import { EmbeddedDatabaseError } from '../db/embedded';
import type { Logger } from '../logger';

export function runMain(name: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    // Start-up failures are the operator's to fix: one line, no stack trace.
    const known = error instanceof ConfigError || error instanceof EmbeddedDatabaseError;
    const message = known ? (error as Error).message : `failed to start: ${(error as Error).message}`;
    process.stderr.write(`${name}: ${message}\n`);
    process.exit(1);
  });
}

let startupSignal: NodeJS.Signals | undefined;
const startup = new AbortController();

function onStartupSignal(signal: NodeJS.Signals): void {
  startupSignal ??= signal;
  startup.abort();
}

/**
 * Until stopOnSignals takes over, SIGTERM and SIGINT abort the returned signal instead of
 * killing the process on the spot, which would leave an embedded database or a FerretDB build
 * running without it.
 */
export function abortStartupOnSignals(): AbortSignal {
  process.on('SIGTERM', onStartupSignal);
  process.on('SIGINT', onStartupSignal);
  return startup.signal;
}

export function stopOnSignals(options: { log: Logger; timeoutMs: number; stop: () => Promise<void> }): void {
  const { log, timeoutMs, stop } = options;
  process.off('SIGTERM', onStartupSignal);
  process.off('SIGINT', onStartupSignal);
  let isShuttingDown = false;
  const shutdown = async (signal: string) => {
    if (isShuttingDown) return;
    isShuttingDown = true;
    log.info({ signal }, 'shutting down');
    const forced = setTimeout(() => {
      log.warn('shutdown timed out, exiting');
      process.exit(1);
    }, timeoutMs);
    forced.unref();
    await stop();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  if (startupSignal) void shutdown(startupSignal);
}
