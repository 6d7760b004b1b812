// A post whose connection to the database is lost mid-insert (test/helpers/cuttingProxy.ts
// stands between Parley and the real database). When the database made the insert and only its
// answer was lost, the comment is stored whole: it keeps its queued spam check and its place in
// the moderation queue, and the reader gets the usual 201. When the insert never arrived, the
// reader gets a 503 and may post the same words again; the check and the record queued for the
// comment stay until the worker and the next listing find them without it.
import mongoose from 'mongoose';
import request from 'supertest';
import { CommentModel } from '../../src/comments/store/comment.model';
import { listModeratedComments } from '../../src/comments/store/moderation';
import { claimNextSpamCheck, ORPHAN_AFTER_MS } from '../../src/comments/store/spamChecks';
import { buildTestApp } from '../helpers/app';
import { createTestClock } from '../helpers/clock';
import { type CuttingProxy, isInsertInto, startCuttingProxy } from '../helpers/cuttingProxy';
import { testDatabaseUri } from '../helpers/db';
import { buildSite } from '../helpers/factories';

let proxy: CuttingProxy;
const dbName = `parley_test_lost_${process.pid}`;

beforeAll(async () => {
  const { hostname, port } = new URL(testDatabaseUri());
  proxy = await startCuttingProxy({ host: hostname, port: Number(port) });
  await mongoose.connect(`mongodb://127.0.0.1:${proxy.port}/`, { dbName, serverSelectionTimeoutMS: 10_000 });
  await Promise.all(Object.values(mongoose.models).map((model) => model.init()));
});
afterAll(async () => {
  await mongoose.connection.db?.dropDatabase();
  await mongoose.disconnect();
  await proxy.close();
});

const clock = createTestClock('2026-03-01T10:00:00Z');
const { app } = buildTestApp({ clock });
const body = {
  pageId: '/2019/11/gsomia',
  author: 'Min-jun',
  email: 'minjun@example.org',
  content: 'Seoul had little choice.',
};

async function leftovers(id: string) {
  const db = mongoose.connection.db as NonNullable<typeof mongoose.connection.db>;
  const byId = { _id: id as unknown as mongoose.mongo.BSON.ObjectId };
  return {
    comment: await CommentModel.exists({ _id: id }),
    spamCheck: await db.collection('spam_checks').findOne(byId),
    pending: await db.collection('pending_comments').findOne(byId),
  };
}

it('stores the comment whole and answers 201 when only the answer to its insert was lost', async () => {
  const site = await buildSite({ id: 'lost-answer' });
  clock.advance(60_000);
  const cut = proxy.loseAnswerTo(isInsertInto('comments'));
  const res = await request(app).post(`/api/v1/sites/${site.id}/comments`).send(body);
  await cut;

  expect(res.status).toBe(201);
  const id = res.body.comment.id as string;
  const stored = await leftovers(id);
  expect(stored.comment).toBeTruthy();
  expect(stored.spamCheck).toMatchObject({ _id: id });
  expect(stored.pending).toMatchObject({ _id: id, site: site.id });
  const doc = await CommentModel.findById(id).select('+spamCheck').lean();
  expect(doc?.spamCheck?.state).toBe('due');
});

it('lets the reader post again when the insert never arrived, and its leftovers go once found ownerless', async () => {
  const site = await buildSite({ id: 'lost-command' });
  clock.advance(60_000);
  const db = mongoose.connection.db as NonNullable<typeof mongoose.connection.db>;
  const queuedBefore = await db.collection('spam_checks').find().toArray();
  const cut = proxy.loseCommand(isInsertInto('comments'));
  const res = await request(app).post(`/api/v1/sites/${site.id}/comments`).send(body);
  await cut;

  expect(res.status).toBe(503);
  expect(res.body).toEqual({ error: { code: 'database_unavailable', message: expect.any(String) } });
  expect(await CommentModel.countDocuments({ site: site.id })).toBe(0);
  // The comment could still have landed: its queued check and moderation record stay for now.
  const known = new Set(queuedBefore.map((item) => String(item._id)));
  const orphans = (await db.collection('spam_checks').find().toArray()).filter(
    (item) => !known.has(String(item._id)),
  );
  expect(orphans).toHaveLength(1);
  const orphanId = String(orphans[0]?._id);
  expect(await leftovers(orphanId)).toMatchObject({ comment: null, pending: { _id: orphanId } });

  // The guards were given back: the same words go through.
  clock.advance(60_000);
  const again = await request(app).post(`/api/v1/sites/${site.id}/comments`).send(body);
  expect(again.status).toBe(201);

  // A listing of the queue drops the record; a worker drops the check once it is old enough.
  const listed = await listModeratedComments({
    status: 'pending',
    sites: [site.id],
    sort: 'newest',
    limit: 20,
  });
  expect(listed.map((moderated) => moderated.comment.id)).toEqual([again.body.comment.id]);
  const later = new Date(Date.now() + ORPHAN_AFTER_MS + 1000);
  while ((await claimNextSpamCheck('test-worker', later, 60_000)).claimed) {
    // Claims the stored comments' checks; passes over and drops the orphan.
  }
  expect(await leftovers(orphanId)).toEqual({ comment: null, spamCheck: null, pending: null });
});
