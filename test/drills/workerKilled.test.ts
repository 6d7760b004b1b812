// Fault drill (issue 13): the worker is killed mid-batch. `npm run worker` holds spam checks
// against a slow Akismet double when it is killed (SIGKILL); a new worker takes them over
// once their leases run out. Every comment still reaches exactly one verdict, and Akismet is
// asked at most once per attempt the comment records.
import path from 'node:path';
import { CommentModel } from '../../src/comments/store/comment.model';
import { type FakeAkismet, startFakeAkismet } from '../fakes/akismet';
import { uriForDatabase, useTestDatabase } from '../helpers/db';
import { buildSite } from '../helpers/factories';
import { startParley, stopAllProcesses, waitFor } from '../helpers/process';
import { akismetEnv, createSpamHarness } from '../spam/harness';

const database = useTestDatabase();
jest.setTimeout(120_000);

const COMMENTS = 12;
const AKISMET_DELAY_MS = 1500;
const LEASE_MS = 4000;
/** Resolves *.akismet.test to the double in the worker process, as the tests' DNS does here. */
const DNS_PRELOAD = path.resolve(__dirname, '..', '..', 'bench', 'akismet-dns.cjs');

let fake: FakeAkismet;
beforeAll(async () => {
  fake = await startFakeAkismet();
});
afterAll(async () => {
  await stopAllProcesses();
  await fake.close();
});

function workerEnv(): Record<string, string> {
  return {
    ...akismetEnv(fake),
    MONGODB_URI: uriForDatabase(database.name),
    WORKER_POLL_MS: '100',
    WORKER_CONCURRENCY: '4',
    WORKER_LEASE_MS: String(LEASE_MS),
    AKISMET_TIMEOUT_MS: '3000',
    NODE_OPTIONS: `--require ${DNS_PRELOAD}`,
  };
}

it('gives every comment exactly one verdict, and asks Akismet at most once per recorded attempt', async () => {
  const site = await buildSite({ id: 'news', settings: { moderation: 'none' } });
  const harness = createSpamHarness(fake);
  const ids: string[] = [];
  for (let i = 0; i < COMMENTS; i++) ids.push(await harness.post(site, { content: `Drill comment ${i}` }));
  fake.delayMs = AKISMET_DELAY_MS;

  const first = await startParley({ script: 'src/worker.ts', env: workerEnv() });
  await first.waitForLog('database connected');
  // Killed while it holds checks: Akismet has been asked and has not answered yet.
  await waitFor(
    'the first worker to hold checks',
    () => (fake.callsTo('comment-check').length >= 4 ? true : undefined),
    20_000,
    20,
  );
  const callsBeforeKill = fake.callsTo('comment-check').length;
  first.signalGroup('SIGKILL');
  const killedAt = Date.now();
  await first.waitForExit();

  const second = await startParley({ script: 'src/worker.ts', env: workerEnv() });
  await second.waitForLog('database connected');
  const docs = await waitFor(
    'every spam check to finish',
    async () => {
      const found = await CommentModel.find({ _id: { $in: ids } })
        .select('+spamCheck')
        .lean();
      return found.length === COMMENTS && found.every((doc) => doc.spamCheck?.state === 'done')
        ? found
        : undefined;
    },
    60_000,
    250,
  );
  const doneAt = Date.now();

  const calls = fake.callsTo('comment-check');
  const callsPer = new Map<string, number>();
  for (const call of calls) {
    const n = /Drill comment (\d+)/.exec(call.fields.comment_content ?? '')?.[1];
    const id = ids[Number(n)] ?? 'unknown';
    callsPer.set(id, (callsPer.get(id) ?? 0) + 1);
  }
  const rows = docs.map((doc) => {
    const attempts = doc.spamCheck?.attempts ?? [];
    return {
      id: String(doc._id),
      status: doc.status,
      attempts: attempts.length,
      verdicts: attempts.filter((attempt) => attempt.verdict !== undefined).length,
      calls: callsPer.get(String(doc._id)) ?? 0,
    };
  });
  process.stderr.write(
    `worker drill: ${COMMENTS} comments, killed with ${callsBeforeKill} Akismet calls made, ` +
      `all checked ${(doneAt - killedAt) / 1000} s after the kill; Akismet calls ${calls.length}, ` +
      `recorded attempts ${rows.reduce((sum, row) => sum + row.attempts, 0)}; ${JSON.stringify(rows)}\n`,
  );

  expect(callsPer.get('unknown')).toBeUndefined();
  for (const row of rows) {
    expect(row).toMatchObject({ status: 'approved', verdicts: 1 });
    expect(row.calls).toBeLessThanOrEqual(row.attempts);
  }
});
