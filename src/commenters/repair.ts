// The worker's pass over list changes a stopped process left unfinished (./summary.ts): it
// reads only the head of commenter_list_changes, which holds nothing once every change is done.
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { WorkSource } from '../queue/worker';
import { repairSummaries } from './summary';

const REPAIR_EVERY_MS = 10_000;

export function createListRepair(clock: Clock, log: Logger): WorkSource {
  let lastRun = Number.NEGATIVE_INFINITY;
  return {
    name: 'commenter-list-repair',
    async runNext() {
      if (performance.now() - lastRun < REPAIR_EVERY_MS) return false;
      lastRun = performance.now();
      const repaired = await repairSummaries(clock.now());
      if (repaired > 0) log.warn({ repaired }, 'rebuilt block and trust lists a process left unfinished');
      return repaired > 0;
    },
  };
}
