// What a newcomer does first: `npm start`, then a curl POST and a GET. Outside production
// the `demo` site exists, and the pending comment shows to its author and to nobody else.
import { randomBytes } from 'node:crypto';
import { uriForDatabase } from '../helpers/db';
import { startParley, stopAllProcesses, waitFor } from '../helpers/process';

jest.setTimeout(60_000);
afterEach(stopAllProcesses);

async function demoSiteAnswers(url: string): Promise<number> {
  const res = await fetch(url);
  return res.status;
}

it('creates the demo site at start and shows a posted comment only to its author', async () => {
  const parley = await startParley({
    env: {
      MONGODB_URI: uriForDatabase(`parley_newcomer_${randomBytes(4).toString('hex')}`),
      WORKER_ENABLED: 'false',
    },
  });
  await parley.waitForLog('database connected');
  const thread = parley.url('/api/v1/sites/demo/comments?pageId=/demo');
  await waitFor(
    'the demo site',
    async () => ((await demoSiteAnswers(thread)) === 200 ? true : undefined),
    10_000,
  );

  const posted = await fetch(parley.url('/api/v1/sites/demo/comments'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      pageId: '/demo',
      author: 'Newcomer',
      email: 'newcomer@example.org',
      content: 'First!',
    }),
  });
  expect(posted.status).toBe(201);
  const { comment, authorToken } = (await posted.json()) as { comment: { id: string }; authorToken: string };

  const mine = (await (await fetch(thread, { headers: { 'parley-author-token': authorToken } })).json()) as {
    comments: Array<{ id: string; status: string }>;
  };
  expect(mine.comments).toEqual([expect.objectContaining({ id: comment.id, status: 'pending' })]);
  const everyone = (await (await fetch(thread)).json()) as { comments: unknown[] };
  expect(everyone.comments).toEqual([]);
});

it('has no demo site in production', async () => {
  const parley = await startParley({
    env: {
      NODE_ENV: 'production',
      MONGODB_URI: uriForDatabase(`parley_production_${randomBytes(4).toString('hex')}`),
      WORKER_ENABLED: 'false',
    },
  });
  await parley.waitForLog('database connected');
  const res = await fetch(parley.url('/api/v1/sites/demo/comments?pageId=/demo'));
  expect(res.status).toBe(404);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe('site_not_found');
  expect((await fetch(parley.url('/demo'))).status).toBe(404);
});
