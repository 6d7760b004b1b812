// Bringing a database written by the previous Parley over, at start-up: its spam checks and
// pending comments were flags on the comments, its jobs one `jobs` collection, its pages held
// counts. After the migration the queues hold the outstanding work, every page has its
// precomputed thread, and a second start does nothing. A migration stopped midway resumes.
import { Writable } from 'node:stream';
import mongoose, { Types } from 'mongoose';
import request from 'supertest';
import { hashAuthorToken } from '../../src/comments/authorToken';
import { findReaderCommentIds } from '../../src/comments/readerPending.model';
import { hasApprovedAuthor } from '../../src/comments/store/approvedAuthors.model';
import { CommentModel } from '../../src/comments/store/comment.model';
import { MigrationModel, migrateDatabase } from '../../src/db/migrate';
import { createLogger } from '../../src/logger';
import { findJobByKey } from '../../src/queue';
import { findSite, type Site } from '../../src/sites/site.model';
import { computeThreadDirectly } from '../../src/threads/direct';
import { findThreadRecord, ThreadModel } from '../../src/threads/thread.model';
import { buildTestApp } from '../helpers/app';
import { useTestDatabase } from '../helpers/db';
import { buildSite } from '../helpers/factories';

useTestDatabase();

const AT = new Date('2025-06-01T10:00:00Z');

function oldComment(site: string, pageId: string, fields: Record<string, unknown>) {
  const _id = (fields._id as Types.ObjectId | undefined) ?? new Types.ObjectId();
  return {
    _id,
    site,
    pageId,
    parentId: null,
    ancestorIds: [],
    threadId: _id,
    depth: 0,
    author: 'Old Reader',
    avatarSeed: 'seed',
    content: `<p>Written before the upgrade, ${_id.toHexString()}.</p>`,
    rawContent: 'Written before the upgrade.',
    reasons: [],
    notifyReplies: false,
    request: { ip: '198.51.100.1' },
    createdAt: AT,
    updatedAt: AT,
    ...fields,
  };
}

async function seedOldDatabase(site: string) {
  const topId = new Types.ObjectId();
  const pendingId = new Types.ObjectId();
  const docs = [
    oldComment(site, '/a', { _id: topId, status: 'approved', emailHash: 'hash-of-an-author' }),
    oldComment(site, '/a', {
      status: 'approved',
      parentId: topId,
      ancestorIds: [topId],
      threadId: topId,
      depth: 1,
      createdAt: new Date(AT.getTime() + 1000),
    }),
    oldComment(site, '/b', { status: 'approved' }),
    oldComment(site, '/b', {
      _id: pendingId,
      status: 'pending',
      authorTokenHash: hashAuthorToken('a'.repeat(43)),
      // The previous version kept the spam-check queue on the comment, with a lease slot.
      spamCheck: { state: 'due', dueAt: AT, slot: 2, attempts: [], attemptCount: 0, firstQueuedAt: AT },
    }),
  ];
  await CommentModel.collection.insertMany(docs as never[]);
  await mongoose.connection.collection('pages').insertMany([
    { _id: `${site}:/a`, site, pageId: '/a', closed: false, approvedCount: 2, version: 7, createdAt: AT },
    { _id: `${site}:/b`, site, pageId: '/b', closed: false, approvedCount: 1, version: 3, createdAt: AT },
  ] as never[]);
  await mongoose.connection.collection('jobs').insertMany([
    {
      type: 'notify',
      key: 'notify:queued:old-due',
      payload: {},
      state: 'due',
      dueAt: AT,
      slot: 0,
      createdAt: AT,
    },
    { type: 'notify', key: 'notify:queued:old-done', payload: {}, state: 'done', dueAt: AT, createdAt: AT },
  ] as never[]);
  return { pendingId: pendingId.toHexString() };
}

function capturingLogger() {
  const lines: string[] = [];
  const log = createLogger({
    level: 'info',
    destination: new Writable({
      write(chunk, _encoding, callback) {
        lines.push(JSON.parse(chunk.toString()).msg);
        callback();
      },
    }),
  });
  return { log, lines };
}

async function expectThreadsMatch(site: Site): Promise<void> {
  const { app } = buildTestApp();
  for (const pageId of ['/a', '/b']) {
    const res = await request(app).get(`/api/v1/sites/${site.id}/comments`).query({ pageId }).expect(200);
    expect(res.body).toEqual(await computeThreadDirectly(site, { pageId, sort: 'oldest', page: 1 }));
  }
}

it('builds the queues, moves the jobs, writes every thread, and does nothing the second time', async () => {
  const site = await buildSite();
  const { pendingId } = await seedOldDatabase(site.id);
  const { log, lines } = capturingLogger();

  await migrateDatabase(log);
  expect(lines).toEqual(expect.arrayContaining(['migration: queues built', 'migration: done']));
  expect(
    await mongoose.connection.collection('spam_checks').findOne({ _id: pendingId as never }),
  ).not.toBeNull();
  expect(await mongoose.connection.collection('pending_comments').countDocuments()).toBe(1);
  expect(await findReaderCommentIds(site.id, '/b', hashAuthorToken('a'.repeat(43)))).toEqual([pendingId]);
  expect(await findJobByKey('notify:queued:old-due')).toMatchObject({ state: 'due' });
  expect(await findJobByKey('notify:queued:old-done')).toMatchObject({ state: 'done' });
  expect(await mongoose.connection.collection('jobs').countDocuments()).toBe(0);
  expect(await hasApprovedAuthor(site.id, 'hash-of-an-author')).toBe(true);
  expect(await findThreadRecord(site.id, '/a')).toMatchObject({ approvedCount: 2, approvedTopLevelCount: 1 });
  await expectThreadsMatch((await findSite(site.id)) as Site);

  const again = capturingLogger();
  const version = (await findThreadRecord(site.id, '/a'))?.version;
  await migrateDatabase(again.log);
  expect(again.lines).toEqual([]);
  expect((await findThreadRecord(site.id, '/a'))?.version).toBe(version);
});

it('resumes a migration stopped while writing threads after the last page it recorded', async () => {
  const site = await buildSite();
  await seedOldDatabase(site.id);
  await migrateDatabase(capturingLogger().log);
  // As if it had stopped right after writing /a: /b's thread is not there yet.
  await ThreadModel.deleteMany({});
  await MigrationModel.replaceOne(
    { _id: 'outstanding-work-1' },
    { step: 'threads', lastPage: JSON.stringify([site.id, '/a']), done: false, at: new Date() },
  );
  await migrateDatabase(capturingLogger().log);
  expect(await findThreadRecord(site.id, '/a')).toBeUndefined();
  expect(await findThreadRecord(site.id, '/b')).toMatchObject({ approvedCount: 1 });
  expect(await MigrationModel.findById('outstanding-work-1').lean()).toMatchObject({ done: true });
});

it('marks a database with no comments as migrated at once', async () => {
  await migrateDatabase(capturingLogger().log);
  expect(await MigrationModel.findById('outstanding-work-1').lean()).toMatchObject({
    done: true,
    step: 'done',
  });
});
