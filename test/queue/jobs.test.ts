// The durable job queue: idempotent enqueueing, leased claims, retries with backoff.
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger';
import {
  countJobs,
  createJobRunner,
  defineJobHandler,
  enqueueJob,
  findJobByKey,
  type JobHandler,
  PermanentJobError,
} from '../../src/queue';
import { claimNextJob } from '../../src/queue/job.model';
import { createTestClock, type TestClock } from '../helpers/clock';
import { useTestDatabase } from '../helpers/db';

useTestDatabase();

const LEASE = 60_000;

interface Echo {
  n: number;
}

/** A handler whose behaviour each test sets: it records every payload it ran with. */
function echoHandler(behaviour: (payload: Echo) => Promise<string | undefined> = async () => 'ok') {
  const runs: number[] = [];
  const handler = defineJobHandler<Echo>({
    type: 'echo',
    retry: { baseDelayMs: 30_000, maxDelayMs: 20 * 60_000, maxAttempts: 4 },
    async run(payload) {
      runs.push(payload.n);
      return behaviour(payload);
    },
  });
  return { handler, runs };
}

function runner(clock: TestClock, handlers: JobHandler[]) {
  const lines: string[] = [];
  const log = createLogger({
    destination: new Writable({
      write(chunk, _encoding, callback) {
        lines.push(chunk.toString());
        callback();
      },
    }),
  });
  return { ...createJobRunner({ handlers, log, clock, leaseMs: LEASE }), lines };
}

async function drain(run: (workerId: string) => Promise<boolean>, workerId = 'w1'): Promise<number> {
  let count = 0;
  while (await run(workerId)) count += 1;
  return count;
}

describe('job queue', () => {
  it('enqueues a key once', async () => {
    const clock = createTestClock();
    const first = await enqueueJob({ type: 'echo', key: 'echo:1', payload: { n: 1 }, now: clock.now() });
    const again = await enqueueJob({ type: 'echo', key: 'echo:1', payload: { n: 2 }, now: clock.now() });
    expect(first.isNew).toBe(true);
    expect(again.isNew).toBe(false);
    expect(again.job.id).toBe(first.job.id);
    expect(again.job.payload).toEqual({ n: 1 });
    expect(await countJobs()).toEqual([{ type: 'echo', state: 'due', count: 1 }]);
  });

  it('runs a due job once, recording the attempt', async () => {
    const clock = createTestClock();
    const { handler, runs } = echoHandler(async () => 'echoed');
    const { runNextJob } = runner(clock, [handler]);
    await enqueueJob({ type: 'echo', key: 'echo:1', payload: { n: 7 }, now: clock.now() });
    expect(await drain(runNextJob)).toBe(1);
    expect(runs).toEqual([7]);
    const job = await findJobByKey('echo:1');
    expect(job).toMatchObject({ state: 'done', attemptCount: 1, finishedAt: clock.now() });
    expect(job?.attempts).toEqual([
      { at: clock.now(), outcome: 'ok', durationMs: expect.any(Number), detail: 'echoed' },
    ]);
  });

  it('waits for runAt', async () => {
    const clock = createTestClock();
    const { handler, runs } = echoHandler();
    const { runNextJob } = runner(clock, [handler]);
    const runAt = new Date(clock.now().getTime() + 5000);
    await enqueueJob({ type: 'echo', key: 'echo:later', payload: { n: 1 }, now: clock.now(), runAt });
    expect(await drain(runNextJob)).toBe(0);
    clock.advance(5000);
    expect(await drain(runNextJob)).toBe(1);
    expect(runs).toEqual([1]);
  });

  it('retries a failing job with exponential backoff, then marks it failed after maxAttempts', async () => {
    const clock = createTestClock();
    const { handler, runs } = echoHandler(async () => {
      throw new Error('receiver down');
    });
    const { runNextJob, lines } = runner(clock, [handler]);
    await enqueueJob({ type: 'echo', key: 'echo:fail', payload: { n: 1 }, now: clock.now() });
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      expect(await drain(runNextJob)).toBe(1);
      const job = await findJobByKey('echo:fail');
      if (job?.state === 'due') {
        delays.push(job.dueAt.getTime() - clock.now().getTime());
        clock.set(job.dueAt);
      }
    }
    expect(delays).toEqual([30_000, 60_000, 120_000]);
    expect(runs).toHaveLength(4);
    const job = await findJobByKey('echo:fail');
    expect(job).toMatchObject({ state: 'failed', attemptCount: 4 });
    expect(job?.attempts.map((attempt) => [attempt.outcome, attempt.detail])).toEqual(
      Array(4).fill(['error', 'receiver down']),
    );
    clock.advance(24 * 60 * 60_000);
    expect(await drain(runNextJob)).toBe(0);
    expect(lines.join('')).toContain('job failed for good');
  });

  it('gives up at once on PermanentJobError', async () => {
    const clock = createTestClock();
    const { handler } = echoHandler(async () => {
      throw new PermanentJobError('410 Gone');
    });
    const { runNextJob } = runner(clock, [handler]);
    await enqueueJob({ type: 'echo', key: 'echo:gone', payload: { n: 1 }, now: clock.now() });
    await drain(runNextJob);
    expect(await findJobByKey('echo:gone')).toMatchObject({ state: 'failed', attemptCount: 1 });
  });

  it('stores an attempt’s detail without the email addresses an error names', async () => {
    const clock = createTestClock();
    const { handler } = echoHandler(async () => {
      throw new PermanentJobError('550 5.1.1 <Ada.Lovelace@example.org>: Recipient address rejected');
    });
    const { runNextJob } = runner(clock, [handler]);
    await enqueueJob({ type: 'echo', key: 'echo:refused', payload: { n: 1 }, now: clock.now() });
    await drain(runNextJob);
    const job = await findJobByKey('echo:refused');
    expect(job?.attempts.map((attempt) => attempt.detail)).toEqual([
      '550 5.1.1 <[email]>: Recipient address rejected',
    ]);
  });

  it('only takes job types it has a handler for', async () => {
    const clock = createTestClock();
    const { handler } = echoHandler();
    const { runNextJob } = runner(clock, [handler]);
    await enqueueJob({ type: 'webhook', key: 'webhook:1', payload: {}, now: clock.now() });
    expect(await drain(runNextJob)).toBe(0);
    expect(await findJobByKey('webhook:1')).toMatchObject({ state: 'due', attemptCount: 0 });
  });

  it('refuses two handlers for one type', () => {
    const clock = createTestClock();
    expect(() => runner(clock, [echoHandler().handler, echoHandler().handler])).toThrow(/two job handlers/);
  });

  it("takes a dead worker's job again once its lease has run out", async () => {
    const clock = createTestClock();
    const { handler, runs } = echoHandler();
    const { runNextJob } = runner(clock, [handler]);
    await enqueueJob({ type: 'echo', key: 'echo:1', payload: { n: 1 }, now: clock.now() });
    expect(
      await claimNextJob({ workerId: 'dead', types: ['echo'], now: clock.now(), leaseMs: LEASE }),
    ).toBeDefined();
    expect(await drain(runNextJob)).toBe(0);
    clock.advance(LEASE);
    expect(await drain(runNextJob)).toBe(1);
    expect(runs).toEqual([1]);
  });

  it('two runners together on 30 jobs: each job runs exactly once', async () => {
    const clock = createTestClock();
    const { handler, runs } = echoHandler(async () => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      return undefined;
    });
    const a = runner(clock, [handler]);
    const b = runner(clock, [handler]);
    for (let n = 0; n < 30; n++)
      await enqueueJob({ type: 'echo', key: `echo:${n}`, payload: { n }, now: clock.now() });
    const [byA, byB] = await Promise.all([drain(a.runNextJob, 'a'), drain(b.runNextJob, 'b')]);
    expect(byA + byB).toBe(30);
    expect([...runs].sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, n) => n));
    expect(await countJobs()).toEqual([{ type: 'echo', state: 'done', count: 30 }]);
  });

  it('a runner whose lease ran out cannot settle the job another runner took over', async () => {
    const clock = createTestClock();
    let release: () => void = () => undefined;
    const slow = echoHandler(
      () =>
        new Promise((resolve) => {
          release = () => resolve('slow result');
        }),
    );
    const fast = echoHandler(async () => 'fast result');
    const a = runner(clock, [slow.handler]);
    const b = runner(clock, [fast.handler]);
    await enqueueJob({ type: 'echo', key: 'echo:1', payload: { n: 1 }, now: clock.now() });

    const running = a.runNextJob('a');
    while (slow.runs.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    clock.advance(LEASE);
    expect(await drain(b.runNextJob, 'b')).toBe(1);
    release();
    await running;

    const job = await findJobByKey('echo:1');
    expect(job).toMatchObject({ state: 'done', attemptCount: 1 });
    expect(job?.attempts.map((attempt) => attempt.detail)).toEqual(['fast result']);
    expect(a.lines.join('')).toContain('job lease lost before it finished; result dropped');
  });
});
