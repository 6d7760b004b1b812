// `npm run worker` as a process of its own, next to a web process that runs no worker:
// comments posted to the web process are spam-checked by the separate worker, and it stops
// cleanly on SIGTERM.
import { CommentModel } from '../../src/comments/store/comment.model';
import { uriForDatabase, useTestDatabase } from '../helpers/db';
import { buildSite, SITE_ORIGIN } from '../helpers/factories';
import { startParley, stopAllProcesses, waitFor } from '../helpers/process';

const database = useTestDatabase();
jest.setTimeout(60_000);
afterEach(stopAllProcesses);

it('checks the comments a separate web process stored, and stops on SIGTERM', async () => {
  await buildSite({ id: 'news', settings: { moderation: 'all' } });
  const env = { MONGODB_URI: uriForDatabase(database.name), WORKER_POLL_MS: '100' };
  const web = await startParley({ env: { ...env, WORKER_ENABLED: 'false' } });
  await web.waitForLog('database connected');

  const res = await fetch(web.url('/api/v1/sites/news/comments'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: SITE_ORIGIN },
    body: JSON.stringify({ pageId: '/story', author: 'Alice', email: 'alice@example.org', content: 'Hello' }),
  });
  expect(res.status).toBe(201);
  const { comment } = (await res.json()) as { comment: { id: string } };
  // The web process alone leaves it queued.
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect((await CommentModel.findById(comment.id).select('+spamCheck').lean())?.spamCheck?.state).toBe('due');

  const worker = await startParley({ script: 'src/worker.ts', env });
  await worker.waitForLog('database connected');
  const checked = await waitFor(
    'the spam check',
    async () => {
      const doc = await CommentModel.findById(comment.id).select('+spamCheck').lean();
      return doc?.spamCheck?.state === 'done' ? doc : undefined;
    },
    20_000,
  );
  // No Akismet key here: the check is skipped with a reason, and 'all' holds it for a moderator.
  expect(checked.status).toBe('pending');
  expect(checked.reasons.map((reason) => reason.code)).toContain('akismet_skipped');

  worker.signal('SIGTERM');
  expect((await worker.waitForExit()).code).toBe(0);
  expect(worker.logs().map((line) => line.msg)).toContain('stopped');
});
