// After a commenter's erasure, in either mode, their email and name are nowhere: not in any
// public answer (thread, counts, the held-comment address of a form post, a live stream), not
// in any moderation answer (queue tabs, search, comment details and their audit, the reported
// tab, the block list), not in a log line, and not in any document of any collection, where
// the sealed address is looked for too.
import mongoose from 'mongoose';
import request from 'supertest';
import { CommentModel } from '../../src/comments/store/comment.model';
import { createNotifier } from '../../src/notify';
import { buildTestApp } from '../helpers/app';
import { useTestDatabase } from '../helpers/db';
import { SITE_ORIGIN } from '../helpers/factories';
import { openStream, serve } from '../live/sse';
import { as, buildWorld, type World } from '../moderation/helpers';

jest.setTimeout(60_000);
useTestDatabase();

const EMAIL = 'Zebulon.Quillfeather@erasure-check.example';
const NAME = 'Zebulon Quillfeather';
const URL_ = 'https://zq-home.example/about';
const IP = '192.0.2.201';
const USER_AGENT = 'ZebulonBrowser/9.1';
const PAGE = '/2026/06/erasure';

function buildApp() {
  return buildTestApp({
    config: { TRUST_PROXY: 'true' },
    extras: ({ clock, log }) => ({ events: createNotifier({ clock, log }) }),
  });
}

type Parley = ReturnType<typeof buildApp>;

function post(parley: Parley, from = { ip: '198.51.100.60', agent: 'Other/1' }) {
  return request(parley.app)
    .post('/api/v1/sites/news/comments')
    .set('Origin', SITE_ORIGIN)
    .set('X-Forwarded-For', from.ip)
    .set('User-Agent', from.agent);
}

/** The commenter's life before the request: posts (JSON with an Idempotency-Key, and a form), replies, edits, reports, a block. */
async function livedIn(parley: Parley, world: World) {
  const zed = { ip: IP, agent: USER_AGENT };
  const top = await post(parley, zed)
    .set('Idempotency-Key', 'zed-first-post')
    .send({
      pageId: PAGE,
      pageUrl: `${SITE_ORIGIN}${PAGE}`,
      author: NAME,
      email: EMAIL,
      url: URL_,
      content: 'Engines first',
    })
    .expect(201);
  parley.clock.advance(60_000);
  const other = await post(parley)
    .send({ pageId: PAGE, author: 'Grace Hopper', email: 'grace@example.org', content: 'Another view' })
    .expect(201);
  const approve = (id: string) => as(parley.app, world.admin).post(`/comments/${id}/approve`).expect(200);
  await approve(top.body.comment.id);
  await approve(other.body.comment.id);
  parley.clock.advance(60_000);
  const answer = await post(parley)
    .send({
      pageId: PAGE,
      parentId: top.body.comment.id,
      author: 'Grace Hopper',
      email: 'grace@example.org',
      content: 'Replying to Z',
      notifyReplies: 'true',
    })
    .expect(201);
  parley.clock.advance(60_000);
  const zedReply = await post(parley, zed)
    .send({
      pageId: PAGE,
      parentId: other.body.comment.id,
      author: NAME,
      email: EMAIL,
      url: URL_,
      content: 'Z answers',
      notifyReplies: 'true',
    })
    .expect(201);
  parley.clock.advance(60_000);
  // A plain form post, held: the address it returns to shows the held comment to its reader.
  const form = await post(parley, zed)
    .type('form')
    .set('Accept', 'text/html')
    .send({ comment_post_ID: PAGE, author: NAME, email: EMAIL, url: URL_, comment: 'Held by a form' })
    .expect(303);
  const held = new URL(form.headers.location as string);

  await approve(answer.body.comment.id);
  await approve(zedReply.body.comment.id);
  await as(parley.app, world.admin)
    .patch(`/comments/${top.body.comment.id}`, { content: 'Engines, edited' })
    .expect(200);
  await as(parley.app, world.admin)
    .post('/sites/news/blocks', { commentId: zedReply.body.comment.id, by: 'email' })
    .expect(201);
  await request(parley.app)
    .post(`/api/v1/sites/news/comments/${top.body.comment.id}/reports`)
    .set('Origin', SITE_ORIGIN)
    .set('X-Forwarded-For', '203.0.113.50')
    .send({ reason: 'off_topic', note: 'not about engines' })
    .expect(202);
  const sealed = (await CommentModel.find({}).select('+emailSealed').lean()).flatMap((doc) =>
    doc.author === NAME && doc.emailSealed ? [doc.emailSealed] : [],
  );
  expect(sealed).toHaveLength(3);
  return {
    ids: {
      top: top.body.comment.id,
      other: other.body.comment.id,
      answer: answer.body.comment.id,
      zedReply: zedReply.body.comment.id,
    },
    held: {
      id: held.searchParams.get('unapproved') as string,
      hash: held.searchParams.get('moderation-hash') as string,
    },
    token: top.body.authorToken as string,
    sealed,
  };
}

/** Every trace of the commenter in a text. */
function tracesIn(text: string, sealed: string[]): string[] {
  const lower = text.toLowerCase();
  const found = [
    EMAIL.toLowerCase(),
    NAME.toLowerCase(),
    'quillfeather',
    'zq-home.example',
    IP,
    USER_AGENT.toLowerCase(),
  ].filter((trace) => lower.includes(trace.toLowerCase()));
  return [...found, ...sealed.filter((value) => text.includes(value))];
}

async function everyDocument(): Promise<Record<string, string>> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('no database');
  const texts: Record<string, string> = {};
  for (const collection of await db.collections()) {
    texts[collection.collectionName] = JSON.stringify(await collection.find({}).toArray());
  }
  return texts;
}

describe.each(['anonymize', 'delete'] as const)('after %s', (mode) => {
  it('leaves the email and name in no answer, log line or document', async () => {
    const parley = buildApp();
    const world = await buildWorld();
    const { ids, held, sealed, token } = await livedIn(parley, world);
    const threadPath = `/api/v1/sites/news/comments?pageId=${encodeURIComponent(PAGE)}`;
    const readHeld = () =>
      request(parley.app)
        .get(`${threadPath}&unapproved=${held.id}`)
        .set('Parley-Moderation-Hash', held.hash)
        .expect(200);
    const readOwn = () => request(parley.app).get(threadPath).set('Parley-Author-Token', token).expect(200);
    expect((await readHeld()).text).toContain('Held by a form');
    expect(tracesIn((await readHeld()).text, sealed)).toContain(NAME.toLowerCase());
    // Before: the traces are there, so the checks below can fail.
    const before = await request(parley.app).get(
      `/api/v1/sites/news/comments?pageId=${encodeURIComponent(PAGE)}`,
    );
    expect(tracesIn(before.text, sealed)).toContain(NAME.toLowerCase());
    const stored = await everyDocument();
    expect(stored.idempotency_keys).toContain(ids.top);
    expect(stored.reader_pending).toContain(ids.top);
    expect(tracesIn(stored.comments ?? '', sealed)).toEqual(
      expect.arrayContaining([NAME.toLowerCase(), IP, USER_AGENT.toLowerCase(), ...sealed]),
    );
    const detailBefore = await as(parley.app, world.admin).get(`/comments/${ids.top}`).expect(200);
    expect(tracesIn(detailBefore.text, sealed)).toEqual(expect.arrayContaining([EMAIL.toLowerCase(), IP]));
    const server = await serve(parley.listener);

    const stream = await openStream(
      server.url(`/api/v1/sites/news/stream?pageId=${encodeURIComponent(PAGE)}`),
    );
    const seen: string[] = [];
    const record = (res: request.Response) => {
      seen.push(JSON.stringify(res.headers), res.text ?? '');
      return res;
    };
    try {
      await stream.waitForText(/id: \d+\n\n/);
      const erased = record(
        await as(parley.app, world.admin).post('/privacy/erase', { email: EMAIL, mode }).expect(200),
      );
      expect(erased.body).toMatchObject({ found: 3, skipped: 0 });
      await stream.waitForEvents(1, 5000);

      // Public answers.
      const thread = record(
        await request(parley.app)
          .get(`/api/v1/sites/news/comments?pageId=${encodeURIComponent(PAGE)}`)
          .expect(200),
      );
      expect(thread.body.comments.map((comment: { id: string }) => comment.id)).toEqual([ids.top, ids.other]);
      record(
        await request(parley.app)
          .get(`/api/v1/sites/news/counts?pageId=${encodeURIComponent(PAGE)}`)
          .expect(200),
      );
      record(await readHeld());
      record(await readOwn());
      record(
        await request(parley.app).get(
          `/api/v1/sites/news/comments?pageId=${encodeURIComponent(PAGE)}&sort=newest`,
        ),
      );

      // Moderation answers.
      const admin = as(parley.app, world.admin);
      for (const status of ['pending', 'approved', 'spam', 'trash']) {
        record(await admin.get(`/comments?status=${status}`).expect(200));
        record(await admin.get(`/comments?status=${status}&q=${encodeURIComponent(NAME)}`).expect(200));
        const byEmail = record(
          await admin.get(`/comments?status=${status}&q=${encodeURIComponent(EMAIL)}`).expect(200),
        );
        expect(byEmail.body.comments).toEqual([]);
      }
      record(await admin.get('/counts').expect(200));
      for (const id of [...Object.values(ids), held.id]) {
        const detail = record(await admin.get(`/comments/${id}`));
        expect([200, 404]).toContain(detail.status);
      }
      record(await admin.get('/reports').expect(200));
      record(await admin.get('/sites/news/blocks').expect(200));
      const exported = record(await admin.post('/privacy/export', { email: EMAIL }).expect(200));
      expect(exported.body.comments).toEqual([]);
      // The block entry stays, by HMAC: the export names it without the address.
      expect(exported.body.listEntries).toHaveLength(1);
    } finally {
      stream.close();
      await server.close();
    }
    expect(tracesIn(stream.text(), sealed)).toEqual([]);
    expect(seen.flatMap((text) => tracesIn(text, sealed))).toEqual([]);
    expect(tracesIn(parley.logLines.join(''), sealed)).toEqual([]);
    const after = await everyDocument();
    const leaks = Object.entries(after).flatMap(([name, text]) =>
      tracesIn(text, sealed).map((trace) => `${name}: ${trace}`),
    );
    expect(leaks).toEqual([]);
    // Nothing keyed elsewhere still ties the erased comments to their writer's post or token.
    for (const id of [ids.top, ids.zedReply, held.id]) {
      expect(after.idempotency_keys).not.toContain(id);
      expect(after.reader_pending ?? '').not.toContain(id);
    }
    // What was checked is really there: the collections a commenter's post touches.
    expect(Object.keys(after)).toEqual(
      expect.arrayContaining([
        'comments',
        'threads',
        'thread_chunks',
        'pending_comments',
        'job_queue',
        'audit',
        'idempotency_keys',
        'comment_reports',
        'commenter_entries',
      ]),
    );
  });
});
