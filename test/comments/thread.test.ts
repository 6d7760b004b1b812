import request from 'supertest';
import { changeCommentStatus } from '../../src/comments/store/changes';
import { buildTestApp } from '../helpers/app';
import { createTestClock } from '../helpers/clock';
import { useTestDatabase } from '../helpers/db';
import { buildComment, buildSite } from '../helpers/factories';

useTestDatabase();

const PAGE = '/2019/11/gsomia';
const clock = createTestClock('2026-03-01T10:00:00Z');
const { app } = buildTestApp({ clock });

function read(siteId: string, query: string) {
  return request(app).get(`/api/v1/sites/${siteId}/comments?${query}`);
}

type Node = { id: string; status: string; replies: Node[] };

describe('GET /api/v1/sites/:site/comments', () => {
  it('returns approved comments only, with replies nested under their parent in time order', async () => {
    const site = await buildSite();
    const first = await buildComment(site, { pageId: PAGE });
    const second = await buildComment(site, { pageId: PAGE });
    const replyA = await buildComment(site, { parent: first });
    const replyB = await buildComment(site, { parent: first });
    const nested = await buildComment(site, { parent: replyA });
    await buildComment(site, { parent: second, status: 'pending' });
    await buildComment(site, { pageId: PAGE, status: 'spam' });
    await buildComment(site, { pageId: PAGE, status: 'trash' });
    await buildComment(site, { pageId: '/other-article' });

    const res = await read(site.id, `pageId=${PAGE}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      pageId: PAGE,
      sort: 'oldest',
      page: 1,
      total: 5,
      topLevelTotal: 2,
      totalPages: 1,
    });
    const shape = (nodes: Node[]): unknown => nodes.map((node) => [node.id, shape(node.replies)]);
    expect(shape(res.body.comments)).toEqual([
      [
        first.id,
        [
          [replyA.id, [[nested.id, []]]],
          [replyB.id, []],
        ],
      ],
      [second.id, []],
    ]);
    expect(JSON.stringify(res.body)).not.toMatch(/pending|spam|trash/);
  });

  it('paginates top-level comments, newest or oldest first', async () => {
    const site = await buildSite({ settings: { perPage: 2 } });
    const tops = [];
    for (let i = 0; i < 5; i++) tops.push(await buildComment(site, { pageId: PAGE }));
    const reply = await buildComment(site, { parent: tops[4] });

    const ids = (res: request.Response) => res.body.comments.map((c: Node) => c.id);
    const page1 = await read(site.id, `pageId=${PAGE}&page=1`);
    expect(page1.body).toMatchObject({ perPage: 2, totalPages: 3, topLevelTotal: 5, total: 6 });
    expect(ids(page1)).toEqual([tops[0]?.id, tops[1]?.id]);
    expect(ids(await read(site.id, `pageId=${PAGE}&page=3`))).toEqual([tops[4]?.id]);

    const newest = await read(site.id, `pageId=${PAGE}&sort=newest&page=1`);
    expect(ids(newest)).toEqual([tops[4]?.id, tops[3]?.id]);
    expect(newest.body.comments[0].replies.map((c: Node) => c.id)).toEqual([reply.id]);

    const asked = await read(site.id, `pageId=${PAGE}&perPage=4&page=2`);
    expect(ids(asked)).toEqual([tops[4]?.id]);
    expect(asked.body.totalPages).toBe(2);
  });

  it('answers an unknown page with an empty thread', async () => {
    const site = await buildSite();
    const res = await read(site.id, 'pageId=/never-commented');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 0, comments: [], totalPages: 1 });
  });

  it('validates the query', async () => {
    const site = await buildSite();
    const res = await read(site.id, 'sort=sideways&page=0&perPage=1000');
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.error.fields).sort()).toEqual(['page', 'pageId', 'perPage', 'sort']);
  });

  describe('caching', () => {
    it('sends a public Cache-Control and an ETag, and 304 while the thread is unchanged', async () => {
      const site = await buildSite();
      const comment = await buildComment(site, { pageId: PAGE });
      const first = await read(site.id, `pageId=${PAGE}`);
      expect(first.headers['cache-control']).toBe('public, max-age=10, stale-while-revalidate=60');
      expect(first.headers.vary).toMatch(/Parley-Author-Token/i);
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^W\/".+"$/);

      const again = await read(site.id, `pageId=${PAGE}`).set('If-None-Match', etag);
      expect(again.status).toBe(304);
      expect(again.text).toBe('');

      // Another page of the same thread is another representation.
      expect((await read(site.id, `pageId=${PAGE}&sort=newest`).set('If-None-Match', etag)).status).toBe(200);

      // A comment leaving the public thread changes the version, so the old ETag no longer matches.
      await changeCommentStatus(comment.id, 'approved', 'trash', clock.now());
      const changed = await read(site.id, `pageId=${PAGE}`).set('If-None-Match', etag);
      expect(changed.status).toBe(200);
      expect(changed.headers.etag).not.toBe(etag);
      expect(changed.body.comments).toEqual([]);
    });

    it('does not change the ETag when a pending comment arrives', async () => {
      const site = await buildSite();
      await buildComment(site, { pageId: PAGE });
      const before = (await read(site.id, `pageId=${PAGE}`)).headers.etag;
      await buildComment(site, { pageId: PAGE, status: 'pending' });
      expect((await read(site.id, `pageId=${PAGE}`)).headers.etag).toBe(before);
    });
  });

  describe("a reader's own pending comments", () => {
    it('shows them, in place and marked pending, only to the holder of the author token', async () => {
      const site = await buildSite();
      const approved = await buildComment(site, { pageId: PAGE });
      const posted = await request(app).post(`/api/v1/sites/${site.id}/comments`).send({
        pageId: PAGE,
        parentId: approved.id,
        author: 'Ji-woo',
        email: 'jiwoo@example.org',
        content: 'A reply',
      });
      const token = posted.body.authorToken;
      clock.advance(30_000);
      const top = await request(app)
        .post(`/api/v1/sites/${site.id}/comments`)
        .set('Parley-Author-Token', token)
        .send({ pageId: PAGE, author: 'Ji-woo', email: 'jiwoo@example.org', content: 'A new thought' });
      expect(top.status).toBe(201);

      const mine = await read(site.id, `pageId=${PAGE}&authorToken=${token}`);
      expect(mine.headers['cache-control']).toBe('private, no-store');
      expect(mine.headers.vary).toMatch(/Parley-Author-Token/i);
      expect(mine.headers.etag).toBeUndefined();
      expect(mine.body.comments.map((c: Node) => [c.id, c.status])).toEqual([
        [approved.id, 'approved'],
        [top.body.comment.id, 'pending'],
      ]);
      expect(mine.body.comments[0].replies).toEqual([
        expect.objectContaining({ id: posted.body.comment.id, status: 'pending' }),
      ]);

      const byHeader = await read(site.id, `pageId=${PAGE}`).set('Parley-Author-Token', token);
      expect(byHeader.body.comments).toHaveLength(2);

      const anyoneElse = await read(site.id, `pageId=${PAGE}`);
      expect(anyoneElse.body.comments.map((c: Node) => c.id)).toEqual([approved.id]);
      expect(anyoneElse.body.comments[0].replies).toEqual([]);
      const otherToken = await read(site.id, `pageId=${PAGE}&authorToken=${'x'.repeat(43)}`);
      expect(otherToken.body.comments[0].replies).toEqual([]);
      expect(otherToken.body.comments).toHaveLength(1);
    });

    it('no longer shows a comment as pending once it was marked spam', async () => {
      const site = await buildSite();
      const posted = await request(app)
        .post(`/api/v1/sites/${site.id}/comments`)
        .send({ pageId: PAGE, author: 'Bot', email: 'bot@example.org', content: 'Buy now' });
      await changeCommentStatus(posted.body.comment.id, 'pending', 'spam', clock.now());
      const mine = await read(site.id, `pageId=${PAGE}&authorToken=${posted.body.authorToken}`);
      expect(mine.body.comments).toEqual([]);
    });
  });
});

describe('GET /api/v1/sites/:site/counts', () => {
  it('returns approved counts for each page asked, zero for unknown pages', async () => {
    const site = await buildSite();
    const top = await buildComment(site, { pageId: '/a' });
    await buildComment(site, { parent: top });
    await buildComment(site, { pageId: '/a', status: 'pending' });
    await buildComment(site, { pageId: '/b' });
    const res = await request(app).get(`/api/v1/sites/${site.id}/counts?pageId=/a&pageId=/b&pageId=/c`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ counts: { '/a': 2, '/b': 1, '/c': 0 } });
    expect(res.headers['cache-control']).toContain('public');
  });

  it('needs at least one pageId and at most 100', async () => {
    const site = await buildSite();
    expect((await request(app).get(`/api/v1/sites/${site.id}/counts`)).status).toBe(422);
    const many = Array.from({ length: 101 }, (_, i) => `pageId=/p${i}`).join('&');
    expect((await request(app).get(`/api/v1/sites/${site.id}/counts?${many}`)).status).toBe(422);
  });
});
