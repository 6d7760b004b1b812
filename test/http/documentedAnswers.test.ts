// What the routes really answer is what the API reference says: each answer below, success or
// refusal, is parsed with the schema the document shows for its route and status, and each
// refusal's code is one the document lists for that route and status.
import request, { type Response } from 'supertest';
import type { z } from 'zod';
import { changeCommentStatus } from '../../src/comments/store/changes';
import { API_OPERATIONS, errorsOf } from '../../src/reference/document';
import { errorBodySchema } from '../../src/reference/operation';
import { buildUser, logIn } from '../auth/helpers';
import { buildTestApp } from '../helpers/app';
import { useTestDatabase } from '../helpers/db';
import { buildComment, buildSite } from '../helpers/factories';
import { as, buildActor } from '../moderation/helpers';

useTestDatabase();

const { app, clock } = buildTestApp();

/** Checks `res` against the document's answer for `route` ("post /api/v1/auth/login"). */
function expectDocumented(route: string, res: Response): void {
  const operation = API_OPERATIONS.find((candidate) => `${candidate.method} ${candidate.path}` === route);
  if (!operation) throw new Error(`${route} is not in the reference`);
  const answer = operation.responses[res.status];
  if (answer) {
    const media = answer.content?.['application/json'] as { schema: z.ZodType } | undefined;
    const schema = media?.schema;
    if (schema) schema.parse(res.body);
    return;
  }
  const codes = errorsOf(operation)
    .filter((error) => error.status === res.status)
    .map((error) => error.code);
  // Pages answer their errors in HTML, without the code.
  const code = res.type === 'text/html' ? codes[0] : errorBodySchema.parse(res.body).error.code;
  expect({ route, status: res.status, codes }).toEqual({
    route,
    status: res.status,
    codes: expect.arrayContaining([code]),
  });
}

it('the public comment API', async () => {
  const site = await buildSite();
  const post = (body: object) => request(app).post(`/api/v1/sites/${site.id}/comments`).send(body);
  const fields = { pageId: '/story', author: 'Ann', email: 'ann@example.org', content: 'Hello.' };

  const posted = await post(fields).expect(201);
  expectDocumented('post /api/v1/sites/:site/comments', posted);
  clock.advance(60_000);
  expectDocumented('post /api/v1/sites/:site/comments', await post({ ...fields, content: '' }).expect(422));
  expectDocumented('post /api/v1/sites/:site/comments', await post(fields).expect(409));
  expectDocumented(
    'post /api/v1/sites/:site/comments',
    await request(app).post('/api/v1/sites/nowhere/comments').send(fields).expect(404),
  );
  expectDocumented(
    'post /api/v1/sites/:site/comments',
    await post(fields).set('Origin', 'https://elsewhere.example').expect(403),
  );

  const approved = await buildComment(site, { pageId: '/story', status: 'approved' });
  await buildComment(site, { pageId: '/story', parent: approved, status: 'approved', byModerator: true });
  const thread = await request(app)
    .get(`/api/v1/sites/${site.id}/comments`)
    .query({ pageId: '/story', authorToken: posted.body.authorToken })
    .expect(200);
  expect(thread.body.comments).toHaveLength(2);
  expectDocumented('get /api/v1/sites/:site/comments', thread);
  expectDocumented(
    'get /api/v1/sites/:site/comments',
    await request(app)
      .get(`/api/v1/sites/${site.id}/comments`)
      .query({ pageId: '/story', page: 0 })
      .expect(422),
  );
  expectDocumented(
    'get /api/v1/sites/:site/counts',
    await request(app)
      .get(`/api/v1/sites/${site.id}/counts`)
      .query({ pageId: ['/story', '/other'] })
      .expect(200),
  );

  // An author's own edit and delete, and a thread with a placeholder in it.
  const own = `/api/v1/sites/${site.id}/comments/${posted.body.comment.id}`;
  const edit = (token?: string) => {
    const call = request(app).patch(own);
    return token ? call.set('Parley-Author-Token', token) : call;
  };
  const token = posted.body.authorToken as string;
  const editRoute = 'patch /api/v1/sites/:site/comments/:id';
  expectDocumented(editRoute, await edit(token).send({ content: 'Edited.' }).expect(200));
  expectDocumented(editRoute, await edit().send({ content: 'No token.' }).expect(401));
  expectDocumented(editRoute, await edit('b'.repeat(43)).send({ content: 'Not mine.' }).expect(403));
  expectDocumented(editRoute, await edit(token).send({ content: '' }).expect(422));
  const deleteRoute = 'delete /api/v1/sites/:site/comments/:id';
  expectDocumented(deleteRoute, await request(app).delete(own).set('Parley-Author-Token', token).expect(204));
  expectDocumented(deleteRoute, await request(app).delete(own).set('Parley-Author-Token', token).expect(404));
  await changeCommentStatus(approved.id, 'approved', 'trash', clock.now());
  const withPlaceholder = await request(app)
    .get(`/api/v1/sites/${site.id}/comments?pageId=/story`)
    .expect(200);
  expect(withPlaceholder.body.comments[0]).toMatchObject({ id: approved.id, deleted: true });
  expectDocumented('get /api/v1/sites/:site/comments', withPlaceholder);
});

it('logging in, and API tokens', async () => {
  const user = await buildUser();
  const login = await request(app).post('/api/v1/auth/login').send({ email: user.email, password: 'wrong' });
  expectDocumented('post /api/v1/auth/login', login);
  expect(login.status).toBe(401);
  const session = await logIn(app, user.email);
  const me = await request(app).get('/api/v1/auth/me').set('Cookie', session.cookie).expect(200);
  expectDocumented('get /api/v1/auth/me', me);
  expectDocumented('get /api/v1/auth/me', await request(app).get('/api/v1/auth/me').expect(401));

  const created = await request(app)
    .post('/api/v1/auth/tokens')
    .set('Cookie', session.cookie)
    .set('X-CSRF-Token', session.csrfToken)
    .send({ name: 'ci' })
    .expect(201);
  expectDocumented('post /api/v1/auth/tokens', created);
  expectDocumented(
    'post /api/v1/auth/tokens',
    await request(app).post('/api/v1/auth/tokens').set('Cookie', session.cookie).send({}).expect(403),
  );
  expectDocumented(
    'post /api/v1/auth/tokens',
    await request(app)
      .post('/api/v1/auth/tokens')
      .set('Authorization', `Bearer ${created.body.token}`)
      .send({})
      .expect(403),
  );
  expectDocumented(
    'get /api/v1/auth/tokens',
    await request(app).get('/api/v1/auth/tokens').set('Cookie', session.cookie).expect(200),
  );
  const revoke = (id: string) =>
    request(app)
      .delete(`/api/v1/auth/tokens/${id}`)
      .set('Cookie', session.cookie)
      .set('X-CSRF-Token', session.csrfToken);
  expectDocumented('delete /api/v1/auth/tokens/:id', await revoke(created.body.apiToken.id).expect(204));
  expectDocumented('delete /api/v1/auth/tokens/:id', await revoke(created.body.apiToken.id).expect(404));
});

it('the moderation API', async () => {
  const site = await buildSite({ id: 'news' });
  const other = await buildSite({ id: 'blog' });
  const moderator = await buildActor({ sites: ['news'] });
  const held = await buildComment(site, { pageId: '/story', status: 'pending' });
  const elsewhere = await buildComment(other, { pageId: '/story' });
  const call = as(app, moderator);

  expectDocumented('get /api/v1/moderation/comments', await call.get('/comments?site=news').expect(200));
  expectDocumented('get /api/v1/moderation/comments', await call.get('/comments?site=blog').expect(403));
  expectDocumented('get /api/v1/moderation/comments', await as(app).get('/comments').expect(401));
  expectDocumented('get /api/v1/moderation/counts', await call.get('/counts').expect(200));
  expectDocumented('get /api/v1/moderation/comments/:id', await call.get(`/comments/${held.id}`).expect(200));
  expectDocumented('get /api/v1/moderation/comments/:id', await call.get('/comments/nope').expect(422));
  expectDocumented(
    'get /api/v1/moderation/comments/:id',
    await call.get(`/comments/${elsewhere.id}`).expect(403),
  );
  expectDocumented(
    'post /api/v1/moderation/comments/:id/approve',
    await call.post(`/comments/${held.id}/approve`).expect(200),
  );
  expectDocumented(
    'post /api/v1/moderation/comments/:id/approve',
    await call.post(`/comments/${held.id}/approve`).expect(409),
  );
  expectDocumented(
    'patch /api/v1/moderation/comments/:id',
    await call.patch(`/comments/${held.id}`, { content: 'Edited.' }).expect(200),
  );
  expectDocumented(
    'post /api/v1/moderation/comments/:id/reply',
    await call.post(`/comments/${held.id}/reply`, { content: 'Thanks.' }).expect(201),
  );
  expectDocumented(
    'delete /api/v1/moderation/comments/:id',
    await call.delete(`/comments/${held.id}`).expect(403),
  );
  expectDocumented(
    'post /api/v1/moderation/comments/bulk',
    await call.post('/comments/bulk', { ids: [held.id, '0'.repeat(24)], action: 'trash' }).expect(200),
  );
});

it('the block and trust lists', async () => {
  const site = await buildSite({ id: 'news' });
  await buildSite({ id: 'blog' });
  const held = await buildComment(site, { pageId: '/story', status: 'pending' });
  const call = as(app, await buildActor({ sites: ['news'] }));
  const blocks = '/sites/news/blocks';
  const route = (method: string, path = '') => `${method} /api/v1/moderation/sites/:site/${path}`;
  const added = await call.post(blocks, { commentId: held.id, by: 'ip' }).expect(201);
  expectDocumented(route('post', 'blocks'), added);
  expectDocumented(
    route('post', 'blocks'),
    await call.post(blocks, { commentId: held.id, by: 'ip' }).expect(409),
  );
  expectDocumented(route('post', 'blocks'), await call.post(blocks, { ip: 'nope' }).expect(422));
  expectDocumented(
    route('post', 'blocks'),
    await call.post('/sites/blog/blocks', { ip: '192.0.2.1' }).expect(403),
  );
  expectDocumented(route('get', 'blocks'), await call.get(blocks).expect(200));
  expectDocumented(
    route('delete', 'blocks/:id'),
    await call.delete(`${blocks}/${added.body.entry.id}`).expect(204),
  );
  expectDocumented(
    route('delete', 'blocks/:id'),
    await call.delete(`${blocks}/${added.body.entry.id}`).expect(404),
  );
  expectDocumented(
    route('post', 'trusts'),
    await call.post('/sites/news/trusts', { commentId: held.id }).expect(201),
  );
  expectDocumented(route('get', 'trusts'), await call.get('/sites/news/trusts').expect(200));
});

it('operations and the unsubscribe page', async () => {
  expectDocumented('get /healthz', await request(app).get('/healthz').expect(200));
  expectDocumented('get /readyz', await request(app).get('/readyz').expect(200));
  expectDocumented('get /unsubscribe', await request(app).get('/unsubscribe').expect(422));
  expectDocumented('get /unsubscribe', await request(app).get('/unsubscribe?token=forged').expect(400));
});

it('the live thread stream', async () => {
  const site = await buildSite();
  const route = 'get /api/v1/sites/:site/stream';
  expectDocumented(route, await request(app).get(`/api/v1/sites/${site.id}/stream`).expect(422));
  expectDocumented(route, await request(app).get('/api/v1/sites/nowhere/stream?pageId=/a').expect(404));
  const off = buildTestApp({ config: { LIVE_MAX_STREAMS: '0' } }).app;
  expectDocumented(route, await request(off).get(`/api/v1/sites/${site.id}/stream?pageId=/a`).expect(503));
});
