// Live streams across real Parley processes (`node --import tsx src/main.ts`) on one database,
// with no broker between them: a comment approved through one process's moderation API
// reaches a stream held open on the other within 3 s; and a process shutting down ends its
// streams, so it exits at once rather than when SHUTDOWN_TIMEOUT_MS runs out.
import { uriForDatabase, useTestDatabase } from '../helpers/db';
import { buildComment, buildSite } from '../helpers/factories';
import { type ParleyProcess, startParley, stopAllProcesses } from '../helpers/process';
import { buildActor } from '../moderation/helpers';
import { openStream } from './sse';

jest.setTimeout(90_000);
const database = useTestDatabase();
afterEach(stopAllProcesses);

const PAGE = '/2026/03/two-processes';

async function startOnTestDatabase(env: Record<string, string> = {}): Promise<ParleyProcess> {
  const parley = await startParley({
    env: { MONGODB_URI: uriForDatabase(database.name), WORKER_ENABLED: 'false', ...env },
  });
  await parley.waitForLog('database connected', 30_000);
  return parley;
}

it('sends a stream on one process the comment approved through the other within 3 s', async () => {
  const site = await buildSite();
  await buildComment(site, { pageId: PAGE });
  const pending = await buildComment(site, { pageId: PAGE, status: 'pending' });
  const moderator = await buildActor({ sites: [site.id] });
  // The reader's process trusts its cache for a minute: only the stream's look can refresh it.
  const [writer, reader] = await Promise.all([
    startOnTestDatabase(),
    startOnTestDatabase({ READ_CACHE_REVALIDATE_MS: '60000' }),
  ]);
  const threadUrl = reader.url(`/api/v1/sites/${site.id}/comments?pageId=${encodeURIComponent(PAGE)}`);
  const before = (await (await fetch(threadUrl)).json()) as { total: number };
  expect(before.total).toBe(1);

  const stream = await openStream(
    reader.url(`/api/v1/sites/${site.id}/stream?pageId=${encodeURIComponent(PAGE)}`),
  );
  expect(stream.status).toBe(200);
  // (Each process's start-up migration rebuilt the page's thread: a reset in its log.)
  await stream.waitForText(/^retry: \d+\nid: \d+\n\n/);
  const opening = Number(/id: (\d+)/.exec(stream.text())?.[1]);

  const approved = await fetch(writer.url(`/api/v1/moderation/comments/${pending.id}/approve`), {
    method: 'POST',
    headers: { Authorization: `Bearer ${moderator.token}` },
  });
  expect(approved.status).toBe(200);
  const at = Date.now();
  const [event] = await stream.waitForEvents(1, 3000);
  expect(Date.now() - at).toBeLessThan(3000);
  expect(event).toEqual({
    id: String(opening + 1),
    event: 'message',
    data: JSON.stringify({ kind: 'added', id: pending.id }),
  });

  // The reader's process learnt the new version with the event, so its next read shows the comment.
  const after = (await (await fetch(threadUrl)).json()) as { total: number; comments: Array<{ id: string }> };
  expect(after.total).toBe(2);
  expect(after.comments.map((comment) => comment.id)).toContain(pending.id);
  stream.close();
});

it('ends its streams on SIGTERM and exits 0 at once', async () => {
  const site = await buildSite();
  const parley = await startOnTestDatabase({ SHUTDOWN_TIMEOUT_MS: '8000' });
  const streams = await Promise.all(
    ['/a', '/b'].map((pageId) => openStream(parley.url(`/api/v1/sites/${site.id}/stream?pageId=${pageId}`))),
  );
  for (const stream of streams) await stream.waitForText(/id: 0\n\n/);

  const signalled = Date.now();
  parley.signal('SIGTERM');
  await Promise.all(streams.map((stream) => stream.ended));
  expect(await parley.waitForExit(15_000)).toEqual({ code: 0, signal: null });
  expect(Date.now() - signalled).toBeLessThan(3000);
  const messages = parley.logs().map((line) => line.msg);
  expect(messages).toContain('stopped');
  expect(messages).not.toContain('shutdown timed out, exiting');
});
