// The worker loop: takes one item at a time from each source (spam checks, jobs), and
// sleeps WORKER_POLL_MS when none had anything due. `concurrency` loops run side by side,
// each holding one item at a time (Akismet and SMTP calls mostly wait), claims keeping them
// apart. stop() lets the items in hand finish.

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../logger';

export interface WorkSource {
  name: string;
  /** Claims and handles one due item; false when nothing was due. */
  runNext(workerId: string): Promise<boolean>;
}

export interface Worker {
  readonly id: string;
  start(): void;
  /**
   * Stops taking work, and resolves once the item in hand is finished, or after `graceMs`
   * at most: an item left unfinished keeps its lease and is taken again when it runs out.
   */
  stop(graceMs?: number): Promise<void>;
  /** One pass over every source; how many items were handled. For tests and scripts. */
  runOnce(): Promise<number>;
}

const MAX_ERROR_PAUSE_MS = 30_000;

export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

export function createWorker(deps: {
  sources: WorkSource[];
  log: Logger;
  pollMs: number;
  /** Loops running side by side (1 by default). */
  concurrency?: number;
  id?: string;
}): Worker {
  const id = deps.id ?? newWorkerId();
  const log = deps.log.child({ workerId: id });
  let running: Promise<void> | undefined;
  let isStopping = false;
  const concurrency = Math.max(1, deps.concurrency ?? 1);

  /** Runs each source once; counts handled items and failing sources. */
  async function pass(): Promise<{ handled: number; failed: number }> {
    let handled = 0;
    let failed = 0;
    for (const source of deps.sources) {
      if (isStopping) break;
      try {
        if (await source.runNext(id)) handled += 1;
      } catch (error) {
        failed += 1;
        log.warn({ source: source.name, reason: (error as Error).message }, 'worker could not take work');
      }
    }
    return { handled, failed };
  }

  const wakers = new Set<() => void>();
  function pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakers.delete(done);
        resolve();
      }
      wakers.add(done);
    });
  }

  /** The first loop polls; the others wait here until it finds work, so idling costs one loop's polls. */
  const parked = new Set<() => void>();
  function park(): Promise<void> {
    return new Promise((resolve) => parked.add(resolve));
  }
  function wakeHelpers(): void {
    for (const resume of [...parked]) {
      parked.delete(resume);
      resume();
    }
  }

  async function poll(): Promise<void> {
    let errorsInARow = 0;
    while (!isStopping) {
      const { handled, failed } = await pass();
      errorsInARow = failed > 0 && handled === 0 ? errorsInARow + 1 : 0;
      if (handled > 0) wakeHelpers();
      if (handled > 0 || isStopping) continue;
      // A database outage shows up as failures on every pass: back off instead of spinning.
      const delay =
        errorsInARow > 0 ? Math.min(MAX_ERROR_PAUSE_MS, deps.pollMs * 2 ** errorsInARow) : deps.pollMs;
      await pause(delay);
    }
  }

  /** A helper loop: works while there is work, then waits for the polling loop to find more. */
  async function help(): Promise<void> {
    while (!isStopping) {
      await park();
      while (!isStopping && (await pass()).handled > 0) {}
    }
  }

  return {
    id,
    start() {
      if (running) return;
      isStopping = false;
      log.info(
        { pollMs: deps.pollMs, concurrency, sources: deps.sources.map((source) => source.name) },
        'worker started',
      );
      // Every loop claims under the worker's id: claims are told apart by their lease slots.
      const lanes = [poll(), ...Array.from({ length: concurrency - 1 }, () => help())];
      running = Promise.all(lanes).then(() => undefined);
    },
    async stop(graceMs) {
      isStopping = true;
      for (const wake of [...wakers]) wake();
      wakeHelpers();
      const loop = running;
      running = undefined;
      if (!loop) return;
      let timer: NodeJS.Timeout | undefined;
      const isFinished = await Promise.race([
        loop.then(() => true),
        new Promise<boolean>((resolve) => {
          if (graceMs !== undefined) timer = setTimeout(() => resolve(false), graceMs);
        }),
      ]);
      clearTimeout(timer);
      if (isFinished) log.info('worker stopped');
      else log.warn({ graceMs }, 'worker stopped before its item was finished; its lease will expire');
    },
    async runOnce() {
      return (await pass()).handled;
    },
  };
}
