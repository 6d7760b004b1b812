// Connects mongoose and reports readiness. The driver reconnects by itself after an
// outage; `connectWithRetry` only covers the case where the database is down at start.
import mongoose from 'mongoose';
import type { Logger } from '../logger';

const PING_TIMEOUT_MS = 1500;

// The driver learns that a lost server is back only from its heartbeat (every 10 s by
// default) unless some operation is waiting for it, and /readyz sends no operation while
// the connection is down. A 2 s heartbeat brings readiness back about 2 s after the
// database returns, for one small `hello` command every 2 s.
const HEARTBEAT_FREQUENCY_MS = 2000;
const MAX_RETRY_DELAY_MS = 5000;

export async function connectDatabase(uri: string): Promise<typeof mongoose> {
  mongoose.set('strictQuery', true);
  return mongoose.connect(uri, {
    serverSelectionTimeoutMS: 5000,
    heartbeatFrequencyMS: HEARTBEAT_FREQUENCY_MS,
    autoIndex: true,
  });
}

export async function connectWithRetry(
  uri: string,
  log: Logger,
  signal: AbortSignal,
): Promise<typeof mongoose | undefined> {
  for (let attempt = 1; !signal.aborted; attempt++) {
    try {
      return await connectDatabase(uri);
    } catch (error) {
      if (signal.aborted) break;
      // Each attempt already waits serverSelectionTimeoutMS for the database, and a database
      // that appears during an attempt is found at once; a short pause keeps readiness from
      // lagging far behind a database that appears between attempts.
      const delay = Math.min(MAX_RETRY_DELAY_MS, 1000 * 2 ** (attempt - 1));
      log.warn(
        { attempt, delayMs: delay, reason: (error as Error).message },
        'database not reachable, retrying',
      );
      await pause(delay, signal);
    }
  }
  return undefined;
}

/** Waits `ms`, or less when `signal` aborts, so shutdown never waits out a retry delay. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

/**
 * Closes the database connection. Closing the driver's client first also ends a connection
 * attempt that is still waiting for an absent database, which `mongoose.disconnect()` alone
 * would wait out (up to serverSelectionTimeoutMS). Never throws.
 */
export async function disconnectDatabase(): Promise<void> {
  await mongoose.connection
    .getClient()
    ?.close()
    .catch(() => undefined);
  await mongoose.disconnect().catch(() => undefined);
}

/**
 * True for the errors of a database that cannot be reached (a lost or refused connection, no
 * server selected in time, an operation mongoose held back until it timed out), as opposed to
 * the database refusing an operation. The request that met one may succeed if sent again.
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  if (error instanceof mongoose.mongo.MongoNetworkError) return true;
  if (error instanceof mongoose.mongo.MongoServerSelectionError) return true;
  // The driver can meet a socket the server closed before it knew (Node's own EPIPE, unwrapped).
  if (isSocketError(error) && /[/\\]mongodb[/\\]/.test(error.stack ?? '')) return true;
  if (!(error instanceof mongoose.Error)) return false;
  return (
    error.name === 'MongooseServerSelectionError' || /buffering timed out after \d+ms/.test(error.message)
  );
}

function isSocketError(error: unknown): error is NodeJS.ErrnoException {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return error instanceof Error && (code === 'EPIPE' || code === 'ECONNRESET');
}

/**
 * False while the driver knows the database to be out of reach (between losing it and finding
 * it again); operations sent meanwhile wait for it, up to mongoose's buffer timeout.
 */
export function isDatabaseConnected(): boolean {
  return mongoose.connection.readyState === mongoose.ConnectionStates.connected;
}

/** True when the database answers a ping within a short deadline. Never throws. */
export async function isDatabaseReady(): Promise<boolean> {
  const db = mongoose.connection.db;
  if (!db || !isDatabaseConnected()) return false;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
  });
  const ping = db
    .admin()
    .command({ ping: 1 }, { timeoutMS: PING_TIMEOUT_MS })
    .then(() => true)
    .catch(() => false);
  try {
    return await Promise.race([ping, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
