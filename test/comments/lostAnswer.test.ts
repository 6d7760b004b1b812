// A post whose connection to the database is lost mid-insert (test/helpers/cuttingProxy.ts
// stands between Parley and the real database). When the database made the insert and only its
// answer was lost, the comment is stored whole: it keeps its queued spam check and its place in
// the moderation queue, and the reader gets the usual 201. When the insert never arrived,
// nothing is left behind and the reader may post the same words again.
import mongoose from 'mongoose';
import request from 'supertest';
import { CommentModel } from '../../src/comments/store/comment.model';
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

it('leaves nothing behind and lets the reader post again when the insert never arrived', async () => {
  const site = await buildSite({ id: 'lost-command' });
  clock.advance(60_000);
  const db = mongoose.connection.db as NonNullable<typeof mongoose.connection.db>;
  const queuedBefore = await db.collection('spam_checks').countDocuments();
  const cut = proxy.loseCommand(isInsertInto('comments'));
  const res = await request(app).post(`/api/v1/sites/${site.id}/comments`).send(body);
  await cut;

  expect(res.status).toBe(503);
  expect(res.body).toEqual({ error: { code: 'database_unavailable', message: expect.any(String) } });
  expect(await CommentModel.countDocuments({ site: site.id })).toBe(0);
  expect(await db.collection('spam_checks').countDocuments()).toBe(queuedBefore);
  expect(await db.collection('pending_comments').countDocuments({ site: site.id })).toBe(0);

  clock.advance(60_000);
  const again = await request(app).post(`/api/v1/sites/${site.id}/comments`).send(body);
  expect(again.status).toBe(201);
});
