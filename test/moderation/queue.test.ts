// Reading the moderation queue: the cards, filters, search, cursor pagination, counts and
// the detail view of one comment.
import request from 'supertest';
import { CommentModel } from '../../src/comments/store/comment.model';
import { useTestDatabase } from '../helpers/db';
import { buildComment, SITE_ORIGIN } from '../helpers/factories';
import { as, buildModerationApp, buildWorld, PAGE, type World } from './helpers';

useTestDatabase();

const { app, clock } = buildModerationApp();

type Card = { id: string; [key: string]: unknown };
const ids = (res: request.Response) => res.body.comments.map((card: Card) => card.id);

let world: World;

beforeEach(async () => {
  world = await buildWorld();
});

describe('GET /moderation/comments', () => {
  it('lists pending comments newest first by default, as cards with the private data', async () => {
    const parent = await buildComment(world.news, {
      pageId: PAGE,
      author: 'Parent Author',
      content: 'The parent says hello.',
    });
    const older = await buildComment(world.news, {
      pageId: PAGE,
      status: 'pending',
      email: 'Older@Example.org',
    });
    const reply = await buildComment(world.news, {
      parent,
      status: 'pending',
      author: 'Replier',
      email: 'replier@example.org',
      ip: '192.0.2.7',
      content: 'I **disagree**\n\nstrongly.',
    });
    await buildComment(world.news, { pageId: PAGE, status: 'spam' });

    const res = await as(app, world.newsModerator).get('/comments');

    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(ids(res)).toEqual([reply.id, older.id]);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.comments[0]).toEqual({
      id: reply.id,
      site: 'news',
      pageId: PAGE,
      page: { url: `${SITE_ORIGIN}${PAGE}`, title: null },
      parentId: parent.id,
      parent: {
        id: parent.id,
        author: 'Parent Author',
        excerpt: 'The parent says hello.',
        status: 'approved',
        byModerator: false,
      },
      depth: 1,
      author: { name: 'Replier', email: 'replier@example.org', url: null },
      ip: '192.0.2.7',
      content: reply.content,
      status: 'pending',
      reasons: [],
      byModerator: false,
      spamCheck: null,
      createdAt: reply.createdAt.toISOString(),
      updatedAt: reply.updatedAt.toISOString(),
    });
    expect(res.body.comments[1].author.email).toBe('Older@Example.org');
    expect(res.body.comments[1].parent).toBeNull();
    // The stored forms of the email never leave the building, even for moderators.
    expect(res.text).not.toMatch(/emailSealed|emailHash|authorTokenHash|v1:/);
  });

  it('filters by status, site and page, and sorts oldest first on request', async () => {
    const a = await buildComment(world.news, { pageId: PAGE, status: 'trash' });
    const b = await buildComment(world.news, { pageId: '/other', status: 'trash' });
    await buildComment(world.blog, { pageId: PAGE, status: 'trash' });
    await buildComment(world.news, { pageId: PAGE, status: 'pending' });

    const trash = await as(app, world.admin).get('/comments?status=trash&site=news&sort=oldest');
    expect(ids(trash)).toEqual([a.id, b.id]);
    const onePage = await as(app, world.admin).get(
      `/comments?status=trash&site=news&pageId=${encodeURIComponent(PAGE)}`,
    );
    expect(ids(onePage)).toEqual([a.id]);
    const everywhere = await as(app, world.admin).get('/comments?status=trash');
    expect(ids(everywhere)).toHaveLength(3);
  });

  it('refuses bad filters with a message per field', async () => {
    const res = await as(app, world.admin).get('/comments?status=deleted&sort=sideways&limit=0&cursor=nope');
    expect(res.status).toBe(422);
    expect(res.body.error.fields).toEqual({
      status: 'status must be one of pending, approved, spam, trash.',
      sort: 'sort must be "newest" or "oldest".',
      limit: 'limit must be at least 1.',
      cursor: 'cursor is not one this API gave out.',
    });
    const tooMany = await as(app, world.admin).get('/comments?limit=101&status=pending&status=spam&site=');
    expect(tooMany.status).toBe(422);
    expect(Object.keys(tooMany.body.error.fields).sort()).toEqual(['limit', 'site', 'status']);
  });

  describe('cursor pagination', () => {
    async function buildQueue() {
      const built = [];
      // Several comments share a timestamp, so the id breaks ties.
      for (let n = 0; n < 23; n += 1) {
        const createdAt = new Date(Date.UTC(2026, 0, 2, 0, 0, Math.floor(n / 3)));
        built.push(await buildComment(world.news, { pageId: PAGE, status: 'pending', createdAt }));
      }
      return built;
    }

    async function readAll(sort: 'newest' | 'oldest', limit: number) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `/comments?sort=${sort}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await as(app, world.newsModerator).get(query).expect(200);
        expect(res.body.comments.length).toBeLessThanOrEqual(limit);
        seen.push(...ids(res));
        cursor = res.body.nextCursor;
        pages += 1;
      } while (cursor && pages < 50);
      return { seen, pages };
    }

    it.each([
      ['newest', 5],
      ['oldest', 5],
      ['newest', 1],
      ['oldest', 23],
    ] as const)(
      'walks the whole queue %s first, %i at a time, with no duplicates or gaps',
      async (sort, limit) => {
        const built = await buildQueue();
        const expected = [...built]
          .sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime() || x.id.localeCompare(y.id))
          .map((comment) => comment.id);
        if (sort === 'newest') expected.reverse();

        const { seen, pages } = await readAll(sort, limit);
        expect(seen).toEqual(expected);
        expect(pages).toBe(Math.ceil(23 / limit));
      },
    );

    it('a comment moderated between pages neither repeats nor hides the others', async () => {
      const built = await buildQueue();
      const first = await as(app, world.newsModerator).get('/comments?sort=oldest&limit=10').expect(200);
      // Approve the first of the next page before reading it.
      const next = built.map((c) => c.id).find((id) => !ids(first).includes(id)) as string;
      await as(app, world.newsModerator).post(`/comments/${next}/approve`).expect(200);
      const second = await as(app, world.newsModerator)
        .get(`/comments?sort=oldest&limit=100&cursor=${first.body.nextCursor}`)
        .expect(200);
      expect([...ids(first), ...ids(second)].sort()).toEqual(
        built
          .map((c) => c.id)
          .filter((id) => id !== next)
          .sort(),
      );
    });

    it('refuses a cursor made for the other sort order', async () => {
      await buildQueue();
      const first = await as(app, world.newsModerator).get('/comments?sort=newest&limit=5').expect(200);
      const res = await as(app, world.newsModerator).get(
        `/comments?sort=oldest&cursor=${first.body.nextCursor}`,
      );
      expect(res.status).toBe(422);
      expect(res.body.error.fields).toEqual({ cursor: 'This cursor belongs to the other sort order.' });
    });
  });

  describe('search', () => {
    it('matches content and author, whatever the case', async () => {
      const byContent = await buildComment(world.news, {
        pageId: PAGE,
        status: 'pending',
        content: 'The GSOMIA deal',
      });
      const byAuthor = await buildComment(world.news, {
        pageId: PAGE,
        status: 'pending',
        author: 'Gsomia Watcher',
      });
      await buildComment(world.news, { pageId: PAGE, status: 'pending', content: 'Unrelated' });
      const res = await as(app, world.newsModerator).get('/comments?q=gsomia&sort=oldest').expect(200);
      expect(ids(res)).toEqual([byContent.id, byAuthor.id]);
    });

    it.each(['.*', '(', '[a-z]+', 'a|b', '^R', '\\', '$1.00?'])(
      'takes %p literally: metacharacters match only themselves',
      async (q) => {
        const literal = await buildComment(world.news, {
          pageId: PAGE,
          status: 'pending',
          content: `costs ${q} here`,
        });
        await buildComment(world.news, { pageId: PAGE, status: 'pending', content: 'Reader text a b R 100' });
        const res = await as(app, world.newsModerator).get(`/comments?q=${encodeURIComponent(q)}`);
        expect(res.status).toBe(200);
        expect(ids(res)).toEqual([literal.id]);
      },
    );

    it('finds a commenter by their exact email address', async () => {
      const theirs = await buildComment(world.news, {
        pageId: PAGE,
        status: 'pending',
        email: 'Sam@Example.org',
      });
      await buildComment(world.news, { pageId: PAGE, status: 'pending', email: 'other@example.org' });
      const res = await as(app, world.newsModerator).get(
        `/comments?q=${encodeURIComponent('sam@example.org')}`,
      );
      expect(ids(res)).toEqual([theirs.id]);
    });
  });
});

describe('GET /moderation/counts', () => {
  it('counts every status, in all and per site', async () => {
    await buildComment(world.news, { pageId: PAGE, status: 'pending' });
    await buildComment(world.news, { pageId: PAGE, status: 'pending' });
    await buildComment(world.news, { pageId: PAGE, status: 'approved' });
    await buildComment(world.news, { pageId: PAGE, status: 'spam' });
    await buildComment(world.blog, { pageId: PAGE, status: 'trash' });

    const all = await as(app, world.admin).get('/counts').expect(200);
    expect(all.body).toEqual({
      counts: { pending: 2, approved: 1, spam: 1, trash: 1 },
      sites: {
        news: { pending: 2, approved: 1, spam: 1, trash: 0 },
        blog: { pending: 0, approved: 0, spam: 0, trash: 1 },
      },
    });
    const news = await as(app, world.admin).get('/counts?site=news').expect(200);
    expect(news.body.counts).toEqual({ pending: 2, approved: 1, spam: 1, trash: 0 });
    expect(Object.keys(news.body.sites)).toEqual(['news']);
  });
});

describe('GET /moderation/comments/:id', () => {
  it('shows one comment with its request data, spam-check state and audit history', async () => {
    const posted = await request(app)
      .post('/api/v1/sites/news/comments')
      .set('Origin', SITE_ORIGIN)
      .set('User-Agent', 'ReaderBrowser/1.0')
      .set('Referer', `${SITE_ORIGIN}${PAGE}`)
      .send({
        pageId: PAGE,
        pageUrl: `${SITE_ORIGIN}${PAGE}`,
        pageTitle: 'A moderated story',
        author: 'Ann',
        email: 'ann@example.org',
        content: 'Raw <b>bold</b> words',
        notifyReplies: true,
      })
      .expect(201);
    const id = posted.body.comment.id as string;
    clock.advance(60_000);
    await as(app, world.newsModerator).post(`/comments/${id}/spam`).expect(200);
    clock.advance(60_000);
    await as(app, world.admin).post(`/comments/${id}/restore`).expect(200);

    const res = await as(app, world.newsModerator).get(`/comments/${id}`).expect(200);

    const stored = await CommentModel.findById(id).select('+request').lean();
    expect(res.body.comment).toMatchObject({
      id,
      page: { url: `${SITE_ORIGIN}${PAGE}`, title: 'A moderated story' },
      author: { name: 'Ann', email: 'ann@example.org', url: null },
      ip: stored?.request?.ip,
      userAgent: 'ReaderBrowser/1.0',
      referrer: `${SITE_ORIGIN}${PAGE}`,
      rawContent: 'Raw <b>bold</b> words',
      content: '<p>Raw <b>bold</b> words</p>',
      status: 'pending',
      notifyReplies: true,
      replyCount: 0,
      spamCheck: { state: 'due', attemptCount: 0, lastAttempt: null },
    });
    expect(res.body.spamCheck).toMatchObject({ state: 'due', attemptCount: 0, attempts: [] });
    expect(res.body.audit).toEqual([
      {
        id: expect.any(String),
        at: new Date(Date.parse('2026-01-15T12:01:00Z')).toISOString(),
        userId: world.newsModerator.user.id,
        action: 'spam',
        from: 'pending',
        to: 'spam',
        detail: null,
      },
      {
        id: expect.any(String),
        at: '2026-01-15T12:02:00.000Z',
        userId: world.admin.user.id,
        action: 'restore',
        from: 'spam',
        to: 'pending',
        detail: null,
      },
    ]);
  });

  it('answers 404 for a comment that does not exist', async () => {
    const res = await as(app, world.admin).get('/comments/0123456789abcdef01234567');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('comment_not_found');
  });
});
