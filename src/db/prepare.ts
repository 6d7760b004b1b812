// Start-up work on the database, before a process serves or works: expiry indexes where the
// server has them, and bringing an older database over (src/db/migrate.ts). A database that
// fails meanwhile is waited for: the work is idempotent and is simply tried again.
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureGuardExpiry } from '../comments/guards.model';
import type { Logger } from '../logger';
import { migrateDatabase } from './migrate';

const RETRY_MS = 2000;

/** True once prepared; false when `signal` aborted first. */
export async function prepareDatabase(log: Logger, signal: AbortSignal): Promise<boolean> {
  while (!signal.aborted) {
    try {
      if (!(await ensureGuardExpiry())) {
        log.info('the database has no TTL indexes (FerretDB): the worker sweeps expired post guards');
      }
      await migrateDatabase(log);
      return true;
    } catch (error) {
      log.warn({ reason: (error as Error).message }, 'could not prepare the database, retrying');
      await sleep(RETRY_MS, undefined, { signal }).catch(() => undefined);
    }
  }
  return false;
}
