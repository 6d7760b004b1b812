// An erasure and what else is going on: a thread a process serves from its read cache shows
// it at once, and a comment another change holds at that moment is counted as skipped, left
// alone, and erased by the next run.
import request from 'supertest';
import { takeChangeTicket } from '../../src/comments/store/changeTicket.model';
import { CommentModel } from '../../src/comments/store/comment.model';
import { buildTestApp } from '../helpers/app';
import { useTestDatabase } from '../helpers/db';
import { buildComment } from '../helpers/factories';
import { as, buildModerationApp, buildWorld, type World } from '../moderation/helpers';

useTestDatabase();

const { app } = buildModerationApp();
const EMAIL = 'Ada.Lovelace@Example.org';
const NAME = 'Ada Lovelace';
const PAGE = '/2026/05/engines';

let world: World;
beforeEach(async () => {
  world = await buildWorld();
});

const authorOf = async (id: string) => (await CommentModel.findById(id).lean())?.author;

describe('what readers are served from caches', () => {
  it('a warm thread read shows the erasure at once', async () => {
    const cached = buildTestApp({ config: { READ_CACHE_REVALIDATE_MS: '60000' } });
    await buildComment(world.news, { pageId: PAGE, email: EMAIL, author: NAME });
    const read = () =>
      request(cached.listener)
        .get(`/api/v1/sites/news/comments?pageId=${encodeURIComponent(PAGE)}`)
        .expect(200);
    expect((await read()).text).toContain(NAME);
    expect((await read()).text).toContain(NAME);
    await as(cached.app, world.admin).post('/privacy/erase', { email: EMAIL, mode: 'anonymize' }).expect(200);
    const after = await read();
    expect(after.text).not.toContain(NAME);
    expect(after.body.total).toBe(1);
  });
});

it('counts a comment another change holds as skipped, leaves it alone, and finishes it when run again', async () => {
  const comment = await buildComment(world.news, { pageId: PAGE, email: EMAIL, author: NAME });
  const held = await CommentModel.findById(comment.id).lean();
  const now = new Date();
  expect(await takeChangeTicket(comment.id, held?.changeSeq ?? 0, 'a moderator', now)).toBe(true);
  const first = await as(app, world.admin)
    .post('/privacy/erase', { email: EMAIL, mode: 'anonymize' })
    .expect(200);
  expect(first.body).toMatchObject({ found: 1, anonymized: 0, skipped: 1, sites: [] });
  expect(await authorOf(comment.id)).toBe(NAME);
  // The holder wrote its change (the ticket is spent): the next run goes through.
  await CommentModel.updateOne({ _id: comment.id }, { $inc: { changeSeq: 1 } });
  const second = await as(app, world.admin)
    .post('/privacy/erase', { email: EMAIL, mode: 'anonymize' })
    .expect(200);
  expect(second.body).toMatchObject({ found: 1, anonymized: 1, skipped: 0 });
  expect(await authorOf(comment.id)).toBe('');
});
