// Lease slots are only read just after an item's last write, so old ones are dead weight;
// the worker deletes those whose lease ended a day ago, once an hour.
import type { Clock } from '../clock';
import { pruneLeaseSlots } from './lease.model';
import type { WorkSource } from './worker';

const HOUR_MS = 60 * 60_000;
const KEEP_MS = 24 * HOUR_MS;

export function createLeasePruning(clock: Clock): WorkSource {
  let lastRun = Number.NEGATIVE_INFINITY;
  return {
    name: 'lease-pruning',
    async runNext() {
      const now = clock.now().getTime();
      if (now - lastRun < HOUR_MS) return false;
      lastRun = now;
      await pruneLeaseSlots(new Date(now - KEEP_MS));
      // Housekeeping is not work that should keep the worker from resting.
      return false;
    },
  };
}
