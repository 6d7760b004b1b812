// Fault drill (issue 13): the mail server is down for 10 minutes. Comments held for moderation
// send their moderators an email each; the fake SMTP server is stopped, ten minutes of the
// test clock pass with the worker retrying, and it comes back on the same port. Every email
// is delivered once it is back, and none twice (messages counted per recipient and comment).
import { listJobs } from '../../src/queue';
import { buildUser } from '../auth/helpers';
import { type FakeSmtp, startFakeSmtp } from '../fakes/smtp';
import { createTestClock } from '../helpers/clock';
import { useTestDatabase } from '../helpers/db';
import { buildSite } from '../helpers/factories';
import { createNotifyHarness } from '../notify/harness';

useTestDatabase();
jest.setTimeout(60_000);

const OUTAGE_MS = 10 * 60_000;
const STEP_MS = 30_000;
const MODERATORS = ['first.moderator@example.org', 'second.moderator@example.org'];

let smtp: FakeSmtp;
beforeAll(async () => {
  smtp = await startFakeSmtp();
});
afterAll(() => smtp.close());

/** Emails per moderator and comment, from what the server received. */
function deliveries(server: FakeSmtp, ids: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const message of server.messages) {
    const id = ids.find((candidate) => message.raw.includes(candidate)) ?? 'unknown';
    for (const to of message.envelope.to) counts.set(`${to} ${id}`, (counts.get(`${to} ${id}`) ?? 0) + 1);
  }
  return counts;
}

it('retries notification emails while the mail server is down for 10 minutes, and delivers each once when it is back', async () => {
  const clock = createTestClock();
  const h = createNotifyHarness({ smtpUrl: smtp.url, clock });
  const site = await buildSite({ id: 'news', settings: { moderation: 'all' } });
  for (const email of MODERATORS) await buildUser({ email, sites: ['news'] });

  // Up: the first comment's emails go out at once.
  const ids = [await h.post(site)];
  await h.settle();
  expect(smtp.messages.length).toBeGreaterThan(0);

  // Down for ten minutes of retries.
  const port = smtp.port;
  await smtp.close();
  for (let i = 0; i < 4; i++) ids.push(await h.post(site));
  const downSince = clock.now().getTime();
  await h.settle();
  while (clock.now().getTime() - downSince < OUTAGE_MS) {
    clock.advance(STEP_MS);
    await h.settle();
  }
  const waiting = await listJobs({ type: 'email-moderator' });
  const failuresPerJob = waiting
    .map((job) => job.attempts.filter((attempt) => attempt.outcome !== 'ok').length)
    .filter((count) => count > 0);
  const failedTries = failuresPerJob.reduce((sum, count) => sum + count, 0);

  // Back on the same port: the next retry delivers.
  const back = await startFakeSmtp(port);
  smtp = back;
  const backAt = clock.now().getTime();
  let delivered = 0;
  while (clock.now().getTime() - backAt < 60 * 60_000) {
    clock.advance(STEP_MS);
    await h.settle();
    delivered = deliveries(back, ids).size;
    if (delivered === (ids.length - 1) * MODERATORS.length) break;
  }
  const deliveredAfterMs = clock.now().getTime() - backAt;
  // And nothing more arrives later.
  clock.advance(6 * 60 * 60_000);
  await h.settle();

  const counts = deliveries(back, ids);
  const duplicates = [...counts.values()].filter((count) => count > 1).length;
  process.stderr.write(
    `smtp drill: down ${OUTAGE_MS / 60_000} min (test clock), ${ids.length - 1} comments held meanwhile, ` +
      `${failedTries} failed tries recorded on ${failuresPerJob.length} email jobs; ${counts.size} emails delivered ` +
      `${deliveredAfterMs / 1000} s (test clock) after it was back; duplicates ${duplicates}\n`,
  );
  // Every email of the outage was tried and failed more than once in the ten minutes.
  expect(failuresPerJob).toHaveLength((ids.length - 1) * MODERATORS.length);
  expect(Math.min(...failuresPerJob)).toBeGreaterThan(1);
  expect(counts.get('unknown')).toBeUndefined();
  const expected = ids.slice(1).flatMap((id) => MODERATORS.map((to) => `${to} ${id}`));
  expect([...counts.keys()].sort()).toEqual(expected.sort());
  expect(duplicates).toBe(0);
});
