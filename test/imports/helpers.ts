// Shared by the import tests: running an import command in process with the test's email key,
// reading what readers see through the real app, and proving nothing of a post's side effects
// (spam check, jobs, markers) was left behind.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import request from 'supertest';
import { findSite, type Site } from '../../src/sites/site.model';
import { computeThreadDirectly } from '../../src/threads/direct';
import { buildTestApp, TEST_EMAIL_KEY } from '../helpers/app';
import { runCliHere } from '../helpers/cli';

export const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'imports');

export function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

const tempDir = mkdtempSync(path.join(os.tmpdir(), 'parley-import-test-'));

/** Writes `text` to a temporary file; answers its path. */
export function tempFile(name: string, text: string): string {
  const file = path.join(tempDir, name);
  writeFileSync(file, text);
  return file;
}

/** The test's email key for commands run in process (they read it from the environment). */
export function useTestEmailKey(): void {
  const saved = process.env.EMAIL_KEY;
  beforeAll(() => {
    process.env.EMAIL_KEY = TEST_EMAIL_KEY;
  });
  afterAll(() => {
    process.env.EMAIL_KEY = saved;
  });
}

export const importFile = (command: string, file: string, site: string) =>
  runCliHere([command, file, '--site', site]);

export const { app, vault, clock } = buildTestApp();

/** The public thread as a reader fetches it. */
export async function publicThread(site: string, pageId: string) {
  const res = await request(app).get(`/api/v1/sites/${site}/comments`).query({ pageId }).expect(200);
  return res.body;
}

/** The public thread equals the one computed from the comments themselves, the slow way. */
export async function expectThreadConsistent(siteId: string, pageId: string): Promise<void> {
  const site = (await findSite(siteId)) as Site;
  expect(await publicThread(siteId, pageId)).toEqual(
    await computeThreadDirectly(site, { pageId, sort: 'oldest', page: 1 }),
  );
}

export async function publicCount(site: string, pageId: string): Promise<number> {
  const res = await request(app).get(`/api/v1/sites/${site}/counts`).query({ pageId }).expect(200);
  return res.body.counts[pageId];
}

const count = (name: string) => mongoose.connection.collection(name).countDocuments();

/** No spam check queued, no job (email, webhook), no thread left owing a sync. */
export async function expectNoSideEffects(): Promise<void> {
  for (const name of ['spam_checks', 'spam_checks_later', 'job_queue', 'job_queue_later', 'thread_syncs']) {
    expect([name, await count(name)]).toEqual([name, 0]);
  }
}

/** Every document of every collection, as text: for proving an email is stored nowhere in clear. */
export async function everythingStored(): Promise<string> {
  const db = mongoose.connection.db as NonNullable<typeof mongoose.connection.db>;
  const parts: string[] = [];
  for (const collection of await db.collections()) {
    parts.push(JSON.stringify(await collection.find({}).toArray()));
  }
  return parts.join('\n');
}
