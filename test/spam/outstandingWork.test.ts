// The spam-check and job queues hold only outstanding work: an idle worker reads their (empty)
// heads and never the comments or the finished history, and a check whose comment never
// appeared (its post died between the two inserts) is dropped after a minute.

import mongoose from 'mongoose';
import { CommentModel } from '../../src/comments/store/comment.model';
import { ORPHAN_AFTER_MS, queueSpamCheck } from '../../src/comments/store/spamChecks';
import { enqueueJob } from '../../src/queue';
import { JobHistoryModel } from '../../src/queue/job.model';
import { createParleyWorker } from '../../src/worker';
import { useFakeAkismet } from '../fakes/akismet';
import { commandsDuring, offending } from '../helpers/commands';
import { useTestDatabase } from '../helpers/db';
import { buildComment, buildSite } from '../helpers/factories';
import { createSpamHarness } from './harness';

useTestDatabase({ monitorCommands: true });
const akismet = useFakeAkismet();

it('an idle worker reads only the queues of outstanding work, each with a limit', async () => {
  const harness = createSpamHarness(akismet.current());
  const site = await buildSite();
  for (let i = 0; i < 40; i++) await buildComment(site, { pageId: `/p${i % 4}` });
  const now = harness.clock.now();
  for (let i = 0; i < 20; i++) {
    await enqueueJob({ type: 'akismet-feedback', key: `done-${i}`, payload: {}, now });
  }
  // Their history stays, but no longer in the queue.
  const worker = createParleyWorker({ ...harness, id: 'idle-worker' });
  while ((await worker.runOnce()) > 0) {}
  expect(await JobHistoryModel.countDocuments()).toBe(20);

  const commands = await commandsDuring(() => worker.runOnce());
  const touched = new Set(commands.map((command) => command.collection));
  for (const collection of ['comments', 'job_history', 'threads', 'thread_chunks', 'pages']) {
    expect(touched).not.toContain(collection);
  }
  for (const command of commands) {
    expect(command.name).toBe('find');
    // The due queues' heads: no filter, a limit. The waiting items (retries) may be filtered.
    if (!command.collection.endsWith('_later')) {
      expect(command).toMatchObject({ filters: [{}], limit: expect.any(Number) });
    }
  }
  expect(commands.length).toBeGreaterThan(0);
});

it('a busy worker reads and writes comments, pages and sites by _id alone', async () => {
  const harness = createSpamHarness(akismet.current());
  const site = await buildSite({ settings: { moderation: 'none' } });
  // Comments elsewhere, so a filter on anything but _id would have a collection to read.
  for (let i = 0; i < 20; i++) await buildComment(site, { pageId: `/p${i % 4}` });
  const ids = [];
  for (let i = 0; i < 4; i++) ids.push(await harness.post(site, { pageId: '/checked' }));

  const commands = await commandsDuring(() => harness.drain());
  for (const id of ids) expect((await harness.read(id)).spamCheck.state).toBe('done');
  const stored = commands.filter((command) => ['comments', 'pages', 'sites'].includes(command.collection));
  const writes = stored.filter((command) => command.collection === 'comments' && command.name !== 'find');
  expect(writes.map((command) => command.name)).toContain('findAndModify');
  expect(offending(stored)).toEqual([]);
});

it('drops a queued check whose comment never appeared, once it is a minute old', async () => {
  const harness = createSpamHarness(akismet.current());
  const site = await buildSite();
  const orphan = new mongoose.Types.ObjectId().toHexString();
  await queueSpamCheck(orphan, harness.clock.now());
  const real = await harness.post(site);

  // The orphan is passed over (its comment may still be on its way); the real one is checked.
  expect(await harness.drain()).toBe(1);
  expect((await harness.read(real)).spamCheck.state).toBe('done');
  const queue = mongoose.connection.collection('spam_checks');
  expect(await queue.countDocuments()).toBe(1);

  harness.clock.advance(ORPHAN_AFTER_MS + 1000);
  expect(await harness.drain()).toBe(0);
  expect(await queue.countDocuments()).toBe(0);
  expect(await CommentModel.countDocuments()).toBe(1);
});
