// The live thread stream (GET /api/v1/sites/{site}/stream) over real HTTP: its headers, an
// event for each comment that appears, changes or goes, resuming after Last-Event-ID,
// heartbeats, the caps, refusals, CORS, and the database touched only by _id.
import request from 'supertest';
import { changeCommentStatus, updateCommentContent } from '../../src/comments/store/changes';
import { catchUp } from '../../src/live/streams';
import type { Site } from '../../src/sites/site.model';
import { createReadCache } from '../../src/threads/readCache';
import type { ThreadLogEntry } from '../../src/threads/thread.changes';
import { buildTestApp } from '../helpers/app';
import { commandsDuring, describeCommands, offending } from '../helpers/commands';
import { useTestDatabase } from '../helpers/db';
import { buildComment, buildSite, SITE_ORIGIN } from '../helpers/factories';
import { openStream, serve } from './sse';

jest.setTimeout(30_000);
useTestDatabase({ monitorCommands: true });

const PAGE = '/2026/03/live';
const servers: Array<{ close(): Promise<void> }> = [];
const streams: Array<{ close(): void }> = [];

afterEach(async () => {
  for (const stream of streams.splice(0)) stream.close();
  for (const server of servers.splice(0)) await server.close();
});

async function start(config: Record<string, string> = {}) {
  const parley = buildTestApp({ config });
  const server = await serve(parley.listener);
  servers.push(server);
  return { ...parley, server };
}

async function open(url: string, headers: Record<string, string> = {}) {
  const stream = await openStream(url, headers);
  streams.push(stream);
  return stream;
}

const streamPath = (site: Site, pageId = PAGE) =>
  `/api/v1/sites/${site.id}/stream?pageId=${encodeURIComponent(pageId)}`;
const dataOf = (event: { data: string }) => JSON.parse(event.data);

describe('a live stream', () => {
  it('is text/event-stream, uncached and unbuffered, and starts at the page’s latest change', async () => {
    const { server } = await start();
    const site = await buildSite();
    await buildComment(site, { pageId: PAGE });
    const stream = await open(server.url(streamPath(site)));
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers['cache-control']).toBe('no-cache, no-transform');
    expect(stream.headers['x-accel-buffering']).toBe('no');
    expect(stream.headers['content-encoding']).toBeUndefined();
    await stream.waitForText(/^retry: 3000\nid: 1\n\n/);
    expect(stream.events()).toEqual([]);
  });

  it('sends the comment id when a comment is approved, edited and removed, numbered in order', async () => {
    const { server, app } = await start();
    const site = await buildSite();
    const first = await buildComment(site, { pageId: PAGE });
    const pending = await buildComment(site, { pageId: PAGE, status: 'pending' });
    const stream = await open(server.url(streamPath(site)));
    await stream.waitForText(/id: 1\n\n/);

    await changeCommentStatus(pending.id, 'pending', 'approved', new Date());
    const [added] = await stream.waitForEvents(1, 3000);
    expect(added).toEqual({
      id: '2',
      event: 'message',
      data: JSON.stringify({ kind: 'added', id: pending.id }),
    });
    // The process's read cache learnt the new version with the event: a read shows the comment.
    const thread = await request(app).get(`/api/v1/sites/${site.id}/comments?pageId=${PAGE}`).expect(200);
    expect(thread.body.comments.map((comment: { id: string }) => comment.id)).toEqual([first.id, pending.id]);

    await updateCommentContent(first.id, '<p>Edited.</p>', new Date());
    await changeCommentStatus(pending.id, 'approved', 'trash', new Date());
    const events = await stream.waitForEvents(3, 3000);
    expect(events.slice(1).map((event) => [event.id, dataOf(event)])).toEqual([
      ['3', { kind: 'edited', id: first.id }],
      ['4', { kind: 'removed', id: pending.id }],
    ]);
  });

  it('names a reply that is approved, a parent turned placeholder, and both going with its last reply', async () => {
    const { server } = await start();
    const site = await buildSite();
    const top = await buildComment(site, { pageId: PAGE });
    const reply = await buildComment(site, { parent: top, status: 'pending' });
    const stream = await open(server.url(streamPath(site)));
    await stream.waitForText(/id: 1\n\n/);
    await changeCommentStatus(reply.id, 'pending', 'approved', new Date());
    await stream.waitForEvents(1, 3000);
    // The parent leaves, its approved reply stays: it keeps its place as "This comment was deleted."
    await changeCommentStatus(top.id, 'approved', 'spam', new Date());
    await stream.waitForEvents(2, 3000);
    // The reply goes too: the placeholder has nothing left to hold, and goes with it.
    await changeCommentStatus(reply.id, 'approved', 'trash', new Date());
    const events = (await stream.waitForEvents(4, 3000)).map(dataOf);
    expect(events.slice(0, 2)).toEqual([
      { kind: 'added', id: reply.id },
      { kind: 'edited', id: top.id },
    ]);
    expect(events.slice(2)).toEqual(
      expect.arrayContaining([
        { kind: 'removed', id: top.id },
        { kind: 'removed', id: reply.id },
      ]),
    );
  });

  it('resumes after Last-Event-ID (or ?lastEventId) with exactly what was missed', async () => {
    const { server } = await start();
    const site = await buildSite();
    const comments = [];
    for (let i = 0; i < 4; i++) comments.push(await buildComment(site, { pageId: PAGE }));
    const resumed = await open(server.url(streamPath(site)), { 'Last-Event-ID': '2' });
    const events = await resumed.waitForEvents(2, 3000);
    expect(events.map((event) => [event.id, dataOf(event)])).toEqual([
      ['3', { kind: 'added', id: comments[2]?.id }],
      ['4', { kind: 'added', id: comments[3]?.id }],
    ]);
    const byQuery = await open(server.url(`${streamPath(site)}&lastEventId=3`));
    expect((await byQuery.waitForEvents(1, 3000)).map((event) => event.id)).toEqual(['4']);
    // Nothing more comes: both are at the latest change.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(resumed.events()).toHaveLength(2);
    expect(byQuery.events()).toHaveLength(1);
  });

  it('sends a reset when Last-Event-ID is not one it can resume from', async () => {
    const { server } = await start();
    const site = await buildSite();
    await buildComment(site, { pageId: PAGE });
    for (const lastEventId of ['99', 'yesterday']) {
      const stream = await open(server.url(streamPath(site)), { 'Last-Event-ID': lastEventId });
      const [reset] = await stream.waitForEvents(1, 3000);
      expect(reset).toEqual({ id: '1', event: 'reset', data: '{}' });
    }
  });

  it('sends a heartbeat comment line while nothing happens', async () => {
    const { server } = await start({ LIVE_HEARTBEAT_MS: '1000' });
    const site = await buildSite();
    const stream = await open(server.url(streamPath(site, '/quiet')));
    await stream.waitForText(/\n: ping\n\n/, 2500);
    expect(stream.comments()).toContain(': ping');
    expect(stream.events()).toEqual([]);
  });

  it('answers CORS as the other public routes do', async () => {
    const { server } = await start();
    const site = await buildSite();
    const allowed = await open(server.url(streamPath(site)), { Origin: SITE_ORIGIN });
    expect(allowed.headers['access-control-allow-origin']).toBe(SITE_ORIGIN);
    const other = await open(server.url(streamPath(site)), { Origin: 'https://elsewhere.example' });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('catching a stream up', () => {
  const log = (from: number, to: number): ThreadLogEntry[] =>
    Array.from({ length: to - from + 1 }, (_, i) => ({
      seq: from + i,
      id: `c${from + i}`,
      kind: 'added',
      at: new Date(0),
    }));

  it('sends the entries after the stream’s number, and a reset when it is outside the log', () => {
    expect(catchUp(12, log(10, 14)).text.match(/^id: \d+$/gm)).toEqual(['id: 13', 'id: 14']);
    expect(catchUp(9, log(10, 14)).text.match(/^id: \d+$/gm)).toEqual([
      'id: 10',
      'id: 11',
      'id: 12',
      'id: 13',
      'id: 14',
    ]);
    expect(catchUp(8, log(10, 14))).toEqual({ text: 'id: 14\nevent: reset\ndata: {}\n\n', sent: 14 });
    expect(catchUp(15, log(10, 14)).text).toContain('event: reset');
    expect(catchUp(14, log(10, 14))).toEqual({ text: '', sent: 14 });
    expect(catchUp(0, [])).toEqual({ text: '', sent: 0 });
    expect(catchUp(-1, []).text).toContain('event: reset');
  });
});

it('leaves the change log out of the read cache: only the streams need it, and they read it themselves', async () => {
  const site = await buildSite();
  await buildComment(site, { pageId: PAGE });
  const cache = createReadCache({ revalidateMs: 60_000, maxBytes: 0 });
  const read = await cache.record(site.id, PAGE);
  expect(read?.approvedCount).toBe(1);
  expect(read).not.toHaveProperty('changes');
  cache.learn({
    ...(read as NonNullable<typeof read>),
    version: 7,
    changes: [{ seq: 2, id: 'x', kind: 'added', at: new Date() }],
  });
  expect(await cache.record(site.id, PAGE)).toMatchObject({ version: 7 });
  expect(await cache.record(site.id, PAGE)).not.toHaveProperty('changes');
});

describe('refusals', () => {
  it('answers a missing or bad pageId, or a bad lastEventId, with 422, and an unknown site with 404', async () => {
    const { app } = await start();
    const site = await buildSite();
    const missing = await request(app).get(`/api/v1/sites/${site.id}/stream`).expect(422);
    expect(missing.body.error).toMatchObject({
      code: 'validation_failed',
      fields: { pageId: 'pageId is required.' },
    });
    const long = await request(app)
      .get(`${streamPath(site, 'x'.repeat(501))}`)
      .expect(422);
    expect(long.body.error.fields).toEqual({ pageId: 'pageId is too long.' });
    const bad = await request(app)
      .get(`${streamPath(site)}&lastEventId=-3`)
      .expect(422);
    expect(bad.body.error.fields).toEqual({ lastEventId: 'lastEventId must be 0 or more.' });
    const unknown = await request(app).get('/api/v1/sites/nowhere/stream?pageId=/a').expect(404);
    expect(unknown.body.error.code).toBe('site_not_found');
  });

  it('caps streams per address with 429 and per process with 503, both with Retry-After', async () => {
    const { server } = await start({ LIVE_MAX_PER_IP: '2', LIVE_MAX_STREAMS: '3' });
    const site = await buildSite();
    const url = server.url(streamPath(site));
    const first = await open(url);
    await open(url);
    const third = await open(url);
    expect(third.status).toBe(429);
    expect(third.headers['retry-after']).toBe('30');
    expect(third.headers['content-type']).toMatch(/^application\/json/);
    await third.ended;
    expect(JSON.parse(third.text()).error.code).toBe('too_many_streams');

    // A closed stream gives its place back.
    first.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await open(url)).status).toBe(200);

    // The process's cap counts every address (X-Forwarded-For is not trusted here, so the
    // address stays the same: the per-address cap is lifted by a second app instead).
    const roomy = await start({ LIVE_MAX_PER_IP: '10', LIVE_MAX_STREAMS: '1' });
    const roomyUrl = roomy.server.url(streamPath(site));
    expect((await open(roomyUrl)).status).toBe(200);
    const refused = await open(roomyUrl);
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('30');
    await refused.ended;
    expect(JSON.parse(refused.text()).error.code).toBe('live_unavailable');
  });

  it('answers 503 to every stream when LIVE_MAX_STREAMS is 0', async () => {
    const { app } = await start({ LIVE_MAX_STREAMS: '0' });
    const site = await buildSite();
    const res = await request(app).get(streamPath(site)).expect(503);
    expect(res.body.error.code).toBe('live_unavailable');
  });
});

it('ends every stream on close, and refuses new ones', async () => {
  const { server, live } = await start();
  const site = await buildSite();
  const streamsOpen = [
    await open(server.url(streamPath(site))),
    await open(server.url(streamPath(site, '/b'))),
  ];
  await streamsOpen[1]?.waitForText(/id: 0\n\n/);
  expect(live.count).toEqual({ streams: 2, pages: 2 });
  live.close();
  await Promise.all(streamsOpen.map((stream) => stream.ended));
  expect(live.count).toEqual({ streams: 0, pages: 0 });
  expect((await open(server.url(streamPath(site)))).status).toBe(503);
});

it('touches the database only by _id: one thread-record lookup per watched page per tick', async () => {
  const { server } = await start();
  const site = await buildSite();
  await buildComment(site, { pageId: PAGE });
  const commands = await commandsDuring(async () => {
    const opened = [];
    for (let i = 0; i < 3; i++) opened.push(await open(server.url(streamPath(site))));
    opened.push(await open(server.url(streamPath(site, '/other'))));
    await opened[3]?.waitForText(/id: 0\n\n/);
    await new Promise((resolve) => setTimeout(resolve, 2600));
  });
  expect(describeCommands(offending(commands))).toEqual([]);
  const byCollection = commands.map((command) => `${command.collection}.${command.name}`);
  expect(new Set(byCollection)).toEqual(new Set(['sites.find', 'threads.find']));
  // Opening reads each page's record once; then two ticks of one look per page, shared by its streams.
  const threadReads = commands.filter((command) => command.collection === 'threads');
  expect(threadReads.length).toBeGreaterThanOrEqual(2 + 2 * 2);
  expect(threadReads.length).toBeLessThanOrEqual(4 + 3 * 2);
});
