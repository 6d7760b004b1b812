// The worker loop itself, with plain work sources: polling, stopping, surviving errors.
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger';
import { createWorker, type WorkSource } from '../../src/queue';

function captureLog() {
  const lines: string[] = [];
  const log = createLogger({
    destination: new Writable({
      write(chunk, _encoding, callback) {
        lines.push(chunk.toString());
        callback();
      },
    }),
  });
  return { log, messages: () => lines.map((line) => JSON.parse(line).msg as string) };
}

async function waitUntil(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A source with `items` to hand out, each taking `ms` to handle. */
function listSource(items: number[], ms = 0) {
  const handled: number[] = [];
  let inHand: number | undefined;
  const source: WorkSource = {
    name: 'list',
    async runNext() {
      const item = items.shift();
      if (item === undefined) return false;
      inHand = item;
      await new Promise((resolve) => setTimeout(resolve, ms));
      handled.push(item);
      inHand = undefined;
      return true;
    },
  };
  return { source, handled, inHand: () => inHand };
}

describe('worker loop', () => {
  it('takes work until none is due, then polls for more', async () => {
    const { log } = captureLog();
    const items = [1, 2, 3];
    const list = listSource(items);
    const worker = createWorker({ sources: [list.source], log, pollMs: 20 });
    worker.start();
    await waitUntil(() => list.handled.length === 3);
    items.push(4);
    await waitUntil(() => list.handled.length === 4);
    await worker.stop();
    expect(list.handled).toEqual([1, 2, 3, 4]);
  });

  it('stop() lets the item in hand finish and takes no more', async () => {
    const { log, messages } = captureLog();
    const list = listSource([1, 2, 3], 150);
    const worker = createWorker({ sources: [list.source], log, pollMs: 20 });
    worker.start();
    await waitUntil(() => list.inHand() === 1);
    await worker.stop();
    expect(list.handled).toEqual([1]);
    expect(list.inHand()).toBeUndefined();
    expect(messages()).toContain('worker stopped');
  });

  it('stop(graceMs) gives up waiting on an item that does not finish', async () => {
    const { log, messages } = captureLog();
    const stuck: WorkSource = { name: 'stuck', runNext: () => new Promise<boolean>(() => undefined) };
    const worker = createWorker({ sources: [stuck], log, pollMs: 20 });
    worker.start();
    // The item never finishes: without the grace period stop() would never resolve, and the
    // test would fail on its timeout. No elapsed-time bound, which a busy machine can break.
    await worker.stop(100);
    expect(messages()).toContain('worker stopped before its item was finished; its lease will expire');
    expect(messages()).not.toContain('worker stopped');
  });

  it('keeps going when a source fails, and the other sources still run', async () => {
    const { log, messages } = captureLog();
    const broken: WorkSource = {
      name: 'broken',
      async runNext() {
        throw new Error('database unreachable');
      },
    };
    const list = listSource([1, 2]);
    const worker = createWorker({ sources: [broken, list.source], log, pollMs: 10 });
    worker.start();
    await waitUntil(() => list.handled.length === 2);
    await worker.stop();
    expect(messages()).toContain('worker could not take work');
  });

  it('backs off while every pass fails, instead of spinning at the poll interval', async () => {
    const { log } = captureLog();
    let failures = 0;
    const broken: WorkSource = {
      name: 'broken',
      async runNext() {
        failures += 1;
        throw new Error('database unreachable');
      },
    };
    const worker = createWorker({ sources: [broken], log, pollMs: 10 });
    worker.start();
    await new Promise((resolve) => setTimeout(resolve, 400));
    await worker.stop();
    // Pauses of 20, 40, 80, 160 ms: about 5 tries in 400 ms, where a fixed 10 ms poll makes ~40.
    expect(failures).toBeGreaterThanOrEqual(3);
    expect(failures).toBeLessThanOrEqual(7);
  });

  it('runOnce() makes one pass over every source', async () => {
    const { log } = captureLog();
    const a = listSource([1, 2]);
    const b = listSource([]);
    const worker = createWorker({ sources: [a.source, b.source], log, pollMs: 1000 });
    expect(await worker.runOnce()).toBe(1);
    expect(a.handled).toEqual([1]);
  });
});
