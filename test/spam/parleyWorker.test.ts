// The assembled worker (src/worker.ts) as `npm start` and `npm run worker` run it: its loop
// checks comments posted to the real app and runs queued jobs, and stops cleanly.
import { changeCommentStatus } from '../../src/comments/store/changes';
import { findJobByKey } from '../../src/queue';
import { enqueueAkismetFeedback } from '../../src/spam';
import { createParleyWorker } from '../../src/worker';
import { useFakeAkismet } from '../fakes/akismet';
import { useTestDatabase } from '../helpers/db';
import { buildSite } from '../helpers/factories';
import { createSpamHarness } from './harness';

useTestDatabase();
const akismet = useFakeAkismet();

async function waitUntil(condition: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function workerFor(harness: ReturnType<typeof createSpamHarness>) {
  return createParleyWorker({
    config: harness.config,
    log: harness.log,
    clock: harness.clock,
    vault: harness.vault,
    id: 'test-worker',
  });
}

describe('the Parley worker', () => {
  it('checks posted comments and runs queued jobs on its own', async () => {
    const harness = createSpamHarness(akismet.current(), { config: { WORKER_POLL_MS: '10' } });
    const site = await buildSite({ settings: { moderation: 'none' } });
    const worker = workerFor(harness);
    worker.start();
    try {
      const id = await harness.post(site, { email: 'private.person@example.org' });
      await waitUntil(async () => (await harness.read(id)).spamCheck.state === 'done');
      expect((await harness.read(id)).comment.status).toBe('approved');

      await changeCommentStatus(id, 'approved', 'spam', harness.clock.now());
      const job = await enqueueAkismetFeedback({ commentId: id, verdict: 'spam', now: harness.clock.now() });
      await waitUntil(async () => (await findJobByKey(job.key))?.state === 'done');
      expect(akismet.current().callsTo('submit-spam')).toHaveLength(1);
    } finally {
      await worker.stop();
    }
    const lines = harness.logLines.map((line) => JSON.parse(line));
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: 'spam check done', workerId: 'test-worker' }),
    );
    expect(harness.logLines.join('')).not.toContain('private.person');
  });

  it('on stop, finishes the check in hand and takes no other', async () => {
    // One check at a time, so exactly one is in hand when the worker is stopped.
    const harness = createSpamHarness(akismet.current(), {
      config: { WORKER_POLL_MS: '10', WORKER_CONCURRENCY: '1' },
    });
    const site = await buildSite({ settings: { moderation: 'none' } });
    const first = await harness.post(site);
    const second = await harness.post(site);
    akismet.current().delayMs = 300;
    const worker = workerFor(harness);
    worker.start();
    await waitUntil(() => akismet.current().calls.length === 1);
    await worker.stop();

    const checked = [await harness.read(first), await harness.read(second)];
    expect(checked.map(({ spamCheck }) => spamCheck.state).sort()).toEqual(['done', 'due']);
    expect(akismet.current().calls).toHaveLength(1);
  });
});
