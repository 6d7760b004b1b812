// Post guards: duplicates and floods are refused by inserts under unique _ids, which closes
// the race where two identical posts in the same instant both passed; guards expire, by the
// worker's sweep where the server has no TTL indexes.
import request from 'supertest';
import {
  DUPLICATE_WINDOW_MS,
  DuplicateGuardModel,
  ensureGuardExpiry,
  FLOOD_INTERVAL_MS,
  FloodGuardModel,
  pruneGuards,
} from '../../src/comments/guards.model';
import { CommentModel } from '../../src/comments/store/comment.model';
import { buildTestApp } from '../helpers/app';
import { useTestDatabase } from '../helpers/db';
import { buildSite, SITE_ORIGIN } from '../helpers/factories';

useTestDatabase();

const body = (extra: Record<string, unknown> = {}) => ({
  pageId: '/2026/01/race',
  pageUrl: `${SITE_ORIGIN}/2026/01/race`,
  author: 'Quick Finger',
  email: 'quick@example.org',
  content: 'Clicked twice.',
  ...extra,
});

it('two identical posts at the same instant: one is stored, the other refused', async () => {
  const { app } = buildTestApp({ config: { TRUST_PROXY: 'true' } });
  const site = await buildSite();
  const send = (ip: string) =>
    request(app).post(`/api/v1/sites/${site.id}/comments`).set('X-Forwarded-For', ip).send(body());
  for (let round = 0; round < 5; round++) {
    const content = `Clicked twice, round ${round}.`;
    const answers = await Promise.all(
      [`203.0.113.${round}`, `198.51.100.${round}`].map((ip) =>
        request(app)
          .post(`/api/v1/sites/${site.id}/comments`)
          .set('X-Forwarded-For', ip)
          .send(body({ content, email: `quick${round}@example.org` })),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    expect(await CommentModel.countDocuments({ content: `<p>${content}</p>` })).toBe(1);
  }
  // And from one address at once: one is stored, the other is too fast (or a duplicate).
  const same = await Promise.all([send('192.0.2.7'), send('192.0.2.7')]);
  expect(same.filter((answer) => answer.status === 201)).toHaveLength(1);
});

it('refusing a post for flooding frees its duplicate guard, so the same words go through later', async () => {
  const { app, clock } = buildTestApp();
  const site = await buildSite();
  const post = (extra: Record<string, unknown>) =>
    request(app).post(`/api/v1/sites/${site.id}/comments`).send(body(extra));
  expect((await post({ content: 'First words.' })).status).toBe(201);
  clock.advance(1000);
  expect((await post({ content: 'Second words.' })).status).toBe(429);
  clock.advance(FLOOD_INTERVAL_MS);
  expect((await post({ content: 'Second words.' })).status).toBe(201);
});

it('a duplicate is refused for DUPLICATE_WINDOW_MS, then accepted again', async () => {
  const { app, clock } = buildTestApp();
  const site = await buildSite();
  const post = () => request(app).post(`/api/v1/sites/${site.id}/comments`).send(body());
  expect((await post()).status).toBe(201);
  clock.advance(DUPLICATE_WINDOW_MS - 60_000);
  expect((await post()).status).toBe(409);
  clock.advance(120_000);
  expect((await post()).status).toBe(201);
});

it('sweeps expired guards and keeps live ones (FerretDB has no TTL indexes)', async () => {
  const now = new Date('2026-03-01T12:00:00Z');
  const guard = (id: string, ageMs: number, ttlMs: number) => ({
    _id: id,
    at: new Date(now.getTime() - ageMs),
    expiresAt: new Date(now.getTime() - ageMs + ttlMs),
  });
  await FloodGuardModel.insertMany([
    guard('old-1', 120_000, 30_000),
    guard('old-2', 90_000, 30_000),
    guard('live', 5_000, 30_000),
  ]);
  await DuplicateGuardModel.insertMany([guard('dup-old', 2 * DUPLICATE_WINDOW_MS, DUPLICATE_WINDOW_MS)]);
  await DuplicateGuardModel.insertMany([guard('dup-live', 1000, DUPLICATE_WINDOW_MS)]);
  expect(await pruneGuards(now)).toBe(3);
  expect((await FloodGuardModel.find().lean()).map((doc) => doc._id)).toEqual(['live']);
  expect((await DuplicateGuardModel.find().lean()).map((doc) => doc._id)).toEqual(['dup-live']);
});

it('asks for a TTL index, and says whether the server took it', async () => {
  const took = await ensureGuardExpiry();
  const indexes = await FloodGuardModel.collection.indexes().catch(() => []);
  const ttl = indexes.find((index) => index.name === 'expiresAt_ttl');
  // MongoDB takes it; FerretDB 1.x refuses the option, and the sweep above does the work.
  expect(took).toBe(ttl !== undefined);
});
