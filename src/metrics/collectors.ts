// Gauges read from the database on each scrape. A failed read is logged and leaves the
// gauge empty for that scrape, rather than failing the whole scrape.
import type { Gauge } from 'prom-client';
import type { Clock } from '../clock';
import { countCommentsByStatus } from '../comments/store/reads';
import { measureSpamCheckQueue, type SpamCheckQueueDepth } from '../comments/store/spamChecks';
import type { Logger } from '../logger';
import { countJobs } from '../queue';

/**
 * The spam-check queue depth, measured once per scrape: prom-client collects every gauge
 * at the same time, so the four queue gauges share the measurement in flight.
 */
export function createSpamCheckQueueReader(clock: Clock, log: Logger) {
  let inFlight: Promise<SpamCheckQueueDepth | undefined> | undefined;
  return function readQueue(): Promise<SpamCheckQueueDepth | undefined> {
    inFlight ??= measureSpamCheckQueue(clock.now())
      .catch((error: Error) => {
        log.warn({ reason: error.message }, 'could not measure the spam-check queue');
        return undefined;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
}

export async function collectComments(gauge: Gauge<'status'>, log: Logger): Promise<void> {
  try {
    const counts = await countCommentsByStatus();
    gauge.reset();
    for (const [status, count] of Object.entries(counts)) gauge.set({ status }, count);
  } catch (error) {
    gauge.reset();
    log.warn({ reason: (error as Error).message }, 'could not count comments');
  }
}

export async function collectJobs(gauge: Gauge<'type' | 'state'>, log: Logger): Promise<void> {
  try {
    const rows = await countJobs();
    gauge.reset();
    for (const { type, state, count } of rows) gauge.set({ type, state }, count);
  } catch (error) {
    gauge.reset();
    log.warn({ reason: (error as Error).message }, 'could not count jobs');
  }
}
