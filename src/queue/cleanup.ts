// Records that only matter for a while (lease slots, comment change tickets, post guards,
// finished jobs) are dead weight afterwards: the worker sweeps them out once an hour.
import type { Clock } from '../clock';
import type { WorkSource } from './worker';

const HOUR_MS = 60 * 60_000;
const KEEP_MS = 24 * HOUR_MS;

/**
 * Runs `prune` at most once an hour. It gets the time a day ago (what most records are
 * kept for) and the time now (for records that carry their own expiry).
 */
export function createPeriodicCleanup(
  clock: Clock,
  name: string,
  prune: (dayAgo: Date, now: Date) => Promise<number>,
): WorkSource {
  let lastRun = Number.NEGATIVE_INFINITY;
  return {
    name,
    async runNext() {
      const now = clock.now().getTime();
      if (now - lastRun < HOUR_MS) return false;
      lastRun = now;
      await prune(new Date(now - KEEP_MS), new Date(now));
      // Housekeeping is not work that should keep the worker from resting.
      return false;
    },
  };
}
