// Connects mongoose and reports readiness. The driver reconnects by itself after an
// outage; `connectWithRetry` only covers the case where the database is down at start.
import mongoose from 'mongoose';
import type { Logger } from '../logger';

const PING_TIMEOUT_MS = 1500;

export async function connectDatabase(uri: string): Promise<typeof mongoose> {
  mongoose.set('strictQuery', true);
  return mongoose.connect(uri, { serverSelectionTimeoutMS: 5000, autoIndex: true });
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
      const delay = Math.min(30_000, 1000 * 2 ** Math.min(attempt - 1, 5));
      log.warn(
        { attempt, delayMs: delay, reason: (error as Error).message },
        'database not reachable, retrying',
      );
      await new Promise((resolve) => setTimeout(resolve, delay).unref());
    }
  }
  return undefined;
}

/** True when the database answers a ping within a short deadline. Never throws. */
export async function isDatabaseReady(): Promise<boolean> {
  const db = mongoose.connection.db;
  if (!db || mongoose.connection.readyState !== 1) return false;
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
