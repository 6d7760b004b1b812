// The spam-queue drain: how many comments per second `npm run worker` processes check, with
// an Akismet double that answers "ham" after 50 ms. The comments (pending, with their
// moderation records) are stored first and the workers started and connected; the clock
// starts when the checks are queued and stops when the queue `spam_checks` is empty, or at
// the time limit, when the rate is what was checked by then.
import mongoose from 'mongoose';
import { type FakeAkismet, startFakeAkismet } from '../test/fakes/akismet';
import { startWorker } from './parley';
import { ROOT, sleep } from './processes';
import { queueChecks, seedPendingComments } from './seed';

export const AKISMET_DELAY_MS = 50;
export const DNS_PRELOAD = `${ROOT}/bench/akismet-dns.cjs`;

export interface DrainFigure {
  workers: number;
  checks: number;
  /** Checks done when the clock stopped: all of them, unless the time limit came first. */
  done: number;
  seconds: number;
  commentsPerSecond: number;
}

/** The same double the spam tests use: a local HTTP server speaking Akismet's protocol. */
export async function startAkismetDouble(): Promise<FakeAkismet> {
  const akismet = await startFakeAkismet();
  akismet.delayMs = AKISMET_DELAY_MS;
  return akismet;
}

/** Waits until the queue is empty or the time is up; returns how many items are left. */
async function waitForDrain(limitMs: number): Promise<number> {
  const queue = mongoose.connection.collection('spam_checks');
  const deadline = performance.now() + limitMs;
  // No filter and no sort: FerretDB answers this with a LIMIT, whatever the queue holds.
  while ((await queue.findOne({})) !== null) {
    if (performance.now() > deadline) return queue.countDocuments({});
    await sleep(20);
  }
  return 0;
}

/**
 * The load rows' posts (and the raw-driver loop's replays) queued checks of their own:
 * they go, so the drain measures exactly the seeded checks.
 */
async function emptySpamQueue(): Promise<void> {
  for (const name of ['spam_checks', 'spam_checks_later']) {
    await mongoose.connection.collection(name).deleteMany({});
  }
}

/** Every check done was asked once, answered ham, and none waits for a retry. */
async function checkOutcome(akismet: FakeAkismet, done: number): Promise<void> {
  const asked = akismet.callsTo('comment-check').length;
  const retrying = await mongoose.connection.collection('spam_checks_later').countDocuments({});
  if (asked < done || retrying > 0) {
    throw new Error(`drain: ${asked} Akismet calls for ${done} checks done, ${retrying} waiting to retry`);
  }
}

export async function measureDrain(
  uri: string,
  akismet: FakeAkismet,
  workers: number,
  checks: number,
  limitS: number,
): Promise<DrainFigure> {
  await emptySpamQueue();
  akismet.reset();
  akismet.delayMs = AKISMET_DELAY_MS;
  const ids = await seedPendingComments(checks, `/drain-${workers}`);
  const started = await Promise.all(
    Array.from({ length: workers }, () => startWorker(uri, akismet.host, DNS_PRELOAD)),
  );
  try {
    const clock = performance.now();
    await queueChecks(ids);
    const left = await waitForDrain(limitS * 1000);
    const seconds = (performance.now() - clock) / 1000;
    const done = checks - left;
    await checkOutcome(akismet, done);
    const figure = { workers, checks, done, seconds, commentsPerSecond: Math.round(done / seconds) };
    const what = left === 0 ? `${checks} checks` : `${done} of ${checks} checks (time limit)`;
    process.stdout.write(
      `  drain, ${workers} worker${workers > 1 ? 's' : ''}: ${what} in ${seconds.toFixed(1)} s = ${figure.commentsPerSecond} comments/s\n`,
    );
    return figure;
  } finally {
    await Promise.all(started.map((worker) => worker.stop()));
  }
}
