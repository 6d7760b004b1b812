// The rule every public request keeps: it touches the database only through lookups by _id
// (find, update or delete whose filter is {_id: value}) and inserts, so its cost does not grow
// with what the database holds. FerretDB 1.24 reads a whole collection for any other filter.
// This watches every command the driver sends (not only mongoose's), for each public path:
// thread reads cold and warm, 304s, counts, posts of every kind and their refusals, a
// reader's view of their own pending comments (by author token, and by the moderation-hash a
// plain form post returns with), an author's own edits and deletes, and the unsubscribe link
// of reply emails.
import mongoose from 'mongoose';
import request from 'supertest';
import { CLI_ACTOR, createCommenterListService } from '../../src/commenters/commenters.service';
import { findComment } from '../../src/comments/store/reads';
import { createUnsubscribeToken } from '../../src/notify';
import { buildTestApp } from '../helpers/app';
import { commandsDuring, describeCommands, offending } from '../helpers/commands';
import { useTestDatabase } from '../helpers/db';
import { buildComment, buildSite, SITE_ORIGIN } from '../helpers/factories';

useTestDatabase({ monitorCommands: true });

async function seed() {
  const site = await buildSite({ settings: { perPage: 3, maxDepth: 5 } });
  for (const pageId of ['/short', '/long']) {
    const topLevel = pageId === '/short' ? 3 : 40;
    for (let i = 0; i < topLevel; i++) {
      const top = await buildComment(site, { pageId });
      if (i < 3) await buildComment(site, { parent: await buildComment(site, { parent: top }) });
    }
    await buildComment(site, { pageId, status: 'pending' });
  }
  return site;
}

const reader = (n: number, extra: Record<string, unknown> = {}) => ({
  pageId: '/long',
  pageUrl: `${SITE_ORIGIN}/long`,
  author: `Reader ${n}`,
  email: `reader-${n}@example.org`,
  content: `A reader's comment number ${n}.`,
  ...extra,
});

it('thread reads, 304s, counts, posts and own-pending views look things up by _id only', async () => {
  // No response cache and no revalidation delay: every request goes to the database.
  const { app, clock, vault } = buildTestApp({
    config: { READ_CACHE_MB: '0', READ_CACHE_REVALIDATE_MS: '0' },
  });
  const site = await seed();
  const base = `/api/v1/sites/${site.id}`;
  const reply = await buildComment(site, { pageId: '/long' });
  // An author's approved comments, one with a reply (its delete leaves a placeholder).
  const authorToken = 'a'.repeat(43);
  const ownApproved = await buildComment(site, { pageId: '/long', authorToken, createdAt: clock.now() });
  const ownWithReply = await buildComment(site, { pageId: '/long', authorToken, createdAt: clock.now() });
  await buildComment(site, { parent: ownWithReply });
  // A reader blocked after posting, whose edit is then stored as spam.
  const blockedLater = await request(app)
    .post(`${base}/comments`)
    .send(reader(9, { email: 'blocked@example.org' }))
    .expect(201);
  clock.advance(20_000); // past the flood interval, for the posts below
  // The site has a block list (src/commenters/): every post and edit reads its summary by _id.
  await createCommenterListService({ vault, clock }).addEntry(CLI_ACTOR, site.id, 'block', {
    target: { kind: 'email', email: 'blocked@example.org' },
  });

  const paths: Array<[string, () => Promise<unknown>]> = [];
  const shapes: string[][] = [];
  for (const pageId of ['/short', '/long']) {
    paths.push([
      `thread read ${pageId}`,
      async () => {
        const commands = await commandsDuring(() =>
          request(app).get(`${base}/comments?pageId=${pageId}&sort=newest`).expect(200),
        );
        shapes.push(commands.map((command) => `${command.collection}.${command.name}`));
        return commands;
      },
    ]);
  }
  const first = await request(app).get(`${base}/comments?pageId=/long`).expect(200);
  expect(first.body.comments).toHaveLength(3);
  paths.push(
    [
      '304',
      () =>
        request(app)
          .get(`${base}/comments?pageId=/long`)
          .set('If-None-Match', first.headers.etag as string)
          .expect(304),
    ],
    [
      'counts for 20 pages',
      () =>
        request(app)
          .get(
            `${base}/counts?${Array.from({ length: 20 }, (_, i) => `pageId=/p${i}`).join('&')}&pageId=/long`,
          )
          .expect(200),
    ],
    [
      'post',
      () => request(app).post(`${base}/comments`).set('Origin', SITE_ORIGIN).send(reader(1)).expect(201),
    ],
    [
      'an author editing and deleting their own comments, pending and approved (thread synced)',
      async () => {
        clock.advance(20_000);
        const posted = await request(app).post(`${base}/comments`).send(reader(7)).expect(201);
        const own = (id: string) => `${base}/comments/${id}`;
        const token = posted.body.authorToken as string;
        await request(app)
          .patch(own(posted.body.comment.id))
          .set('Parley-Author-Token', token)
          .send({ content: 'Edited while pending.' })
          .expect(200);
        await request(app).delete(own(posted.body.comment.id)).set('Parley-Author-Token', token).expect(204);
        await request(app)
          .patch(own(ownApproved.id))
          .set('Parley-Author-Token', authorToken)
          .send({ content: 'Edited once approved.' })
          .expect(200);
        await request(app).delete(own(ownWithReply.id)).set('Parley-Author-Token', authorToken).expect(204);
        await request(app)
          .patch(own(ownApproved.id))
          .set('Parley-Author-Token', 'b'.repeat(43))
          .send({ content: 'Not theirs.' })
          .expect(403);
        // Blocked since posting: stored as spam, taken out of the moderation queue.
        await request(app)
          .patch(own(blockedLater.body.comment.id))
          .set('Parley-Author-Token', blockedLater.body.authorToken)
          .send({ content: 'Edited once blocked.' })
          .expect(200);
        expect((await findComment(blockedLater.body.comment.id))?.status).toBe('spam');
      },
    ],
    [
      'post a reply, with an Idempotency-Key',
      async () => {
        clock.advance(60_000);
        await request(app)
          .post(`${base}/comments`)
          .set('Idempotency-Key', 'retry-me')
          .send(reader(2, { parentId: reply.id }))
          .expect(201);
        await request(app)
          .post(`${base}/comments`)
          .set('Idempotency-Key', 'retry-me')
          .send(reader(2, { parentId: reply.id }))
          .expect(201);
      },
    ],
    [
      'post as a plain form',
      async () => {
        clock.advance(60_000);
        await request(app)
          .post(`${base}/comments`)
          .type('form')
          .set('Accept', 'text/html')
          .send({
            comment_post_ID: '/long',
            author: 'Form reader',
            email: 'form@example.org',
            comment: 'By form.',
          })
          .expect(303);
      },
    ],
    [
      'a duplicate and a flood, refused',
      async () => {
        clock.advance(60_000);
        await request(app).post(`${base}/comments`).send(reader(1)).expect(409);
        await request(app).post(`${base}/comments`).send(reader(3)).expect(201);
        await request(app)
          .post(`${base}/comments`)
          .send(reader(3, { content: 'Again, quickly.' }))
          .expect(429);
      },
    ],
    [
      'a refused post with an Idempotency-Key, and its corrected retry',
      async () => {
        clock.advance(60_000);
        await request(app)
          .post(`${base}/comments`)
          .set('Idempotency-Key', 'refused')
          .send(reader(1))
          .expect(409);
        await request(app)
          .post(`${base}/comments`)
          .set('Idempotency-Key', 'refused')
          .send(reader(5))
          .expect(201);
      },
    ],
    [
      'unsubscribing from reply emails for every comment on the site',
      async () => {
        const token = createUnsubscribeToken(vault, reply.id);
        await request(app)
          .get(`/unsubscribe?token=${encodeURIComponent(token)}`)
          .expect(200);
        await request(app).post('/unsubscribe').type('form').send({ token, scope: 'site' }).expect(200);
      },
    ],
    [
      'a reader reading their own pending comments',
      async () => {
        clock.advance(60_000);
        const posted = await request(app).post(`${base}/comments`).send(reader(4)).expect(201);
        const own = await request(app)
          .get(`${base}/comments?pageId=/long&page=14`)
          .set('Parley-Author-Token', posted.body.authorToken)
          .expect(200);
        expect(own.body.comments.map((comment: { id: string }) => comment.id)).toContain(
          posted.body.comment.id,
        );
      },
    ],
    [
      'a reader back from a plain form post, shown their comment by its moderation-hash',
      async () => {
        clock.advance(60_000);
        const posted = await request(app)
          .post(`${base}/comments`)
          .type('form')
          .set('Accept', 'text/html')
          .send({ ...reader(6), comment_post_ID: '/long' })
          .expect(303);
        const back = new URL(posted.headers.location as string);
        const id = back.searchParams.get('unapproved') as string;
        const own = await request(app)
          .get(`${base}/comments?pageId=/long&page=14&unapproved=${id}`)
          .set('Parley-Moderation-Hash', back.searchParams.get('moderation-hash') as string)
          .expect(200);
        expect(own.body.comments.map((comment: { id: string }) => comment.id)).toContain(id);
      },
    ],
    [
      "a blocked commenter's post, stored as spam",
      async () => {
        clock.advance(60_000);
        const posted = await request(app)
          .post(`${base}/comments`)
          .send(reader(7, { email: 'blocked@example.org' }))
          .expect(201);
        expect(posted.body.comment.status).toBe('pending');
      },
    ],
  );

  for (const [name, run] of paths) {
    const commands = await commandsDuring(run);
    expect({ path: name, offending: describeCommands(offending(commands)) }).toEqual({
      path: name,
      offending: [],
    });
    expect(commands.length).toBeGreaterThan(0);
  }
  // A page of 3 top-level comments costs the same in a thread of 3 as in one of 40.
  expect(shapes[1]).toEqual(shapes[0]);
});

it('a warm read, and its 304, make no database round trip at all', async () => {
  const { app } = buildTestApp({ config: { READ_CACHE_REVALIDATE_MS: '60000' } });
  const site = await seed();
  const url = `/api/v1/sites/${site.id}/comments?pageId=/long`;
  const cold = await request(app).get(url).expect(200);
  const warm = await commandsDuring(async () => {
    const again = await request(app).get(url).set('Accept-Encoding', 'gzip').expect(200);
    expect(again.body).toEqual(cold.body);
    await request(app)
      .get(url)
      .set('If-None-Match', cold.headers.etag as string)
      .expect(304);
    await request(app).get(`/api/v1/sites/${site.id}/counts?pageId=/long`).expect(200);
  });
  expect(describeCommands(warm)).toEqual([]);
});

it('catches a query that is not by _id (the check itself can fail)', async () => {
  const site = await buildSite();
  const commands = await commandsDuring(async () => {
    await mongoose.connection.collection('comments').findOne({ site: site.id });
    await mongoose.connection.collection('comments').findOne({ _id: { $in: ['a', 'b'] } as never });
    await mongoose.connection.collection('comments').findOne({ _id: 'x' as never });
  });
  expect(offending(commands)).toHaveLength(2);
});
