// Records that only matter while an item is being worked on (lease slots, comment change
// tickets) are dead weight afterwards: the worker deletes those older than a day, once an hour.
import type { Clock } from '../clock';
import type { WorkSource } from './worker';

const HOUR_MS = 60 * 60_000;
const KEEP_MS = 24 * HOUR_MS;

export function createPeriodicCleanup(
  clock: Clock,
  name: string,
  deleteOlderThan: (before: Date) => Promise<number>,
): WorkSource {
  let lastRun = Number.NEGATIVE_INFINITY;
  return {
    name,
    async runNext() {
      const now = clock.now().getTime();
      if (now - lastRun < HOUR_MS) return false;
      lastRun = now;
      await deleteOlderThan(new Date(now - KEEP_MS));
      // Housekeeping is not work that should keep the worker from resting.
      return false;
    },
  };
}
