import request from 'supertest';
import { IdempotencyModel } from '../../src/comments/idempotency.model';
import { changeCommentStatus } from '../../src/comments/store/changes';
import { CommentModel } from '../../src/comments/store/comment.model';
import { PageModel, setPageClosed, upsertPage } from '../../src/pages/page.model';
import { findThreadRecord } from '../../src/threads/thread.model';
import { buildTestApp } from '../helpers/app';
import { createTestClock } from '../helpers/clock';
import { useTestDatabase } from '../helpers/db';
import { buildComment, buildSite, SITE_ORIGIN } from '../helpers/factories';

useTestDatabase();

const PAGE = '/2019/11/gsomia';
const clock = createTestClock('2026-03-01T10:00:00Z');
const { app, vault } = buildTestApp({ clock });

function reply(fields: Record<string, unknown>) {
  return {
    pageId: PAGE,
    author: 'Min-jun',
    email: 'minjun@example.org',
    content: 'Seoul had little choice.',
    ...fields,
  };
}

function post(siteId: string, body: Record<string, unknown>) {
  return request(app).post(`/api/v1/sites/${siteId}/comments`).send(body);
}

beforeEach(() => clock.advance(60_000));

describe('POST /api/v1/sites/:site/comments', () => {
  it('stores a pending comment with the email encrypted and answers with the public view', async () => {
    const site = await buildSite();
    const res = await post(
      site.id,
      reply({ url: 'https://minjun.example', pageUrl: `${SITE_ORIGIN}${PAGE}` }),
    );

    expect(res.status).toBe(201);
    expect(res.body.authorToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.body.comment).toEqual({
      id: expect.any(String),
      parentId: null,
      depth: 0,
      author: {
        name: 'Min-jun',
        url: 'https://minjun.example',
        avatar: { kind: 'identicon', seed: expect.any(String) },
      },
      content: '<p>Seoul had little choice.</p>',
      status: 'pending',
      createdAt: clock.now().toISOString(),
    });

    const stored = await CommentModel.findById(res.body.comment.id)
      .select('+emailSealed +emailHash +request +rawContent')
      .lean();
    expect(stored).toMatchObject({
      site: site.id,
      pageId: PAGE,
      status: 'pending',
      depth: 0,
      author: 'Min-jun',
    });
    expect(stored?.emailSealed).not.toContain('minjun');
    expect(vault.decrypt(stored?.emailSealed as string)).toBe('minjun@example.org');
    expect(stored?.emailHash).toBe(vault.hash('MinJun@Example.org '));
    expect(stored?.rawContent).toBe('Seoul had little choice.');
    expect(stored?.request?.ip).toBeDefined();

    const page = await PageModel.findById(`${site.id}:${PAGE}`).lean();
    expect(page).toMatchObject({ url: `${SITE_ORIGIN}${PAGE}` });
    // Nothing public yet: the page's thread has not been written.
    expect(await findThreadRecord(site.id, PAGE)).toBeUndefined();
  });

  it('accepts a WordPress comment form post with its own field names', async () => {
    const site = await buildSite();
    const parent = await buildComment(site, { pageId: PAGE });
    const res = await request(app).post(`/api/v1/sites/${site.id}/comments`).type('form').send({
      comment: 'Posted from the old form.',
      author: 'Hiroshi',
      email: 'hiroshi@example.jp',
      url: '',
      comment_post_ID: PAGE,
      comment_parent: parent.id,
      'wp-comment-cookies-consent': 'yes',
      submit: 'Post Comment',
    });
    expect(res.status).toBe(201);
    expect(res.body.comment).toMatchObject({
      parentId: parent.id,
      depth: 1,
      content: '<p>Posted from the old form.</p>',
    });
    expect(await CommentModel.countDocuments({ pageId: PAGE, status: 'pending' })).toBe(1);
  });

  it('treats comment_parent=0 as a top-level comment', async () => {
    const site = await buildSite();
    const res = await post(site.id, {
      comment: 'Top level',
      author: 'A',
      email: 'a@example.org',
      comment_post_ID: PAGE,
      comment_parent: '0',
    });
    expect(res.status).toBe(201);
    expect(res.body.comment.parentId).toBeNull();
  });

  it('reports every problem at once, one message per field, and stores nothing', async () => {
    const site = await buildSite();
    const res = await post(site.id, {
      pageId: PAGE,
      email: 'not-an-email',
      url: 'ftp://files.example',
      content: '   ',
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.fields).toEqual({
      author: expect.any(String),
      email: 'Please enter a valid email address.',
      url: expect.stringContaining('http'),
      content: 'Please type your comment.',
    });
    expect(await CommentModel.countDocuments()).toBe(0);
    expect(await PageModel.countDocuments()).toBe(0);
  });

  it('requires name and email only when the site says so', async () => {
    const strict = await buildSite();
    const relaxed = await buildSite({ settings: { requireNameEmail: false } });
    const missing = { pageId: PAGE, content: 'Anonymous thought.' };
    const refused = await post(strict.id, missing);
    expect(refused.status).toBe(422);
    expect(Object.keys(refused.body.error.fields).sort()).toEqual(['author', 'email']);
    const accepted = await post(relaxed.id, missing);
    expect(accepted.status).toBe(201);
    expect(accepted.body.comment.author.name).toBe('');
  });

  it('enforces WordPress length limits', async () => {
    const site = await buildSite();
    const res = await post(site.id, {
      pageId: PAGE,
      author: 'a'.repeat(246),
      email: `${'e'.repeat(95)}@example.org`,
      url: `https://example.org/${'u'.repeat(190)}`,
      content: 'é'.repeat(32763), // 65526 bytes
    });
    expect(res.status).toBe(422);
    expect(res.body.error.fields).toEqual({
      author: 'Your name is too long.',
      email: 'Your email address is too long.',
      url: 'Website is too long.',
      content: 'Your comment is too long.',
    });
    const fits = await post(site.id, reply({ author: 'a'.repeat(245), content: 'é'.repeat(32762) }));
    expect(fits.status).toBe(201);
  });

  it('refuses an unknown site with 404 site_not_found', async () => {
    const res = await post('no-such-site', reply({}));
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('site_not_found');
  });

  it('stores a filled honeypot as spam but answers like any other comment', async () => {
    const site = await buildSite();
    const res = await post(site.id, reply({ homepage: 'http://spam.example' }));
    expect(res.status).toBe(201);
    expect(res.body.comment.status).toBe('pending');
    const stored = await CommentModel.findById(res.body.comment.id).lean();
    expect(stored?.status).toBe('spam');
    expect(stored?.reasons).toEqual([{ code: 'honeypot', message: expect.stringMatching(/hidden/) }]);
  });

  it('refuses a page that is closed, or older than closeAfterDays', async () => {
    const site = await buildSite({ settings: { closeAfterDays: 14 } });
    const first = await post(site.id, reply({}));
    expect(first.status).toBe(201);
    clock.advance(13 * 86_400_000);
    expect((await post(site.id, reply({ content: 'Still open' }))).status).toBe(201);
    clock.advance(2 * 86_400_000);
    const late = await post(site.id, reply({ content: 'Too late' }));
    expect(late.status).toBe(403);
    expect(late.body.error.code).toBe('comments_closed');

    await upsertPage(site.id, '/closed', {}, clock.now());
    expect(await setPageClosed(site.id, '/closed', true)).toBe(true);
    const closed = await post(site.id, reply({ pageId: '/closed' }));
    expect(closed.status).toBe(403);
    expect(closed.body.error.code).toBe('comments_closed');
  });

  describe('replies', () => {
    it('refuses a reply to a missing comment or one on another site', async () => {
      const site = await buildSite();
      const other = await buildSite();
      const foreign = await buildComment(other, { pageId: PAGE });
      for (const parentId of ['0123456789abcdef01234567', foreign.id]) {
        const res = await post(site.id, reply({ parentId }));
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe('parent_not_found');
      }
    });

    it('refuses a reply to a comment that is not approved, or on another page', async () => {
      const site = await buildSite();
      const pending = await buildComment(site, { pageId: PAGE, status: 'pending' });
      const elsewhere = await buildComment(site, { pageId: '/another-article' });
      for (const parentId of [pending.id, elsewhere.id]) {
        const res = await post(site.id, reply({ parentId }));
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('parent_not_approved');
      }
      expect(await CommentModel.countDocuments({ depth: 1 })).toBe(0);
    });

    it('threads down to maxDepth and refuses a reply beyond it', async () => {
      const site = await buildSite({ settings: { maxDepth: 3 } });
      const level0 = await buildComment(site, { pageId: PAGE });
      const level1 = await buildComment(site, { parent: level0 });
      const level2 = await buildComment(site, { parent: level1 });
      expect(level2.depth).toBe(2);
      expect(level2.ancestorIds).toEqual([level0.id, level1.id]);

      const ok = await post(site.id, reply({ parentId: level1.id }));
      expect(ok.status).toBe(201);
      expect(ok.body.comment.depth).toBe(2);
      const tooDeep = await post(site.id, reply({ parentId: level2.id, content: 'One level too far' }));
      expect(tooDeep.status).toBe(422);
      expect(tooDeep.body.error.code).toBe('too_deep');
    });
  });

  describe('repeats', () => {
    it('refuses the same comment twice with 409, unless the first was trashed', async () => {
      const site = await buildSite();
      const first = await post(site.id, reply({}));
      clock.advance(60_000);
      const again = await post(site.id, reply({}));
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('duplicate_comment');

      await changeCommentStatus(first.body.comment.id, 'pending', 'trash', clock.now());
      expect((await post(site.id, reply({}))).status).toBe(201);
    });

    it('refuses a second comment from the same IP or email within 15 s, with Retry-After', async () => {
      const site = await buildSite();
      expect((await post(site.id, reply({}))).status).toBe(201);
      clock.advance(5_000);
      const sameIp = await post(site.id, reply({ email: 'other@example.org', content: 'Different words' }));
      expect(sameIp.status).toBe(429);
      expect(sameIp.body.error.code).toBe('too_fast');
      expect(sameIp.headers['retry-after']).toBe('10');

      const sameEmail = await request(app)
        .post(`/api/v1/sites/${site.id}/comments`)
        .set('X-Forwarded-For', '203.0.113.9')
        .send(reply({ content: 'Yet other words' }));
      expect(sameEmail.status).toBe(429);

      clock.advance(10_001);
      expect((await post(site.id, reply({ content: 'Patience pays' }))).status).toBe(201);
      expect(await CommentModel.countDocuments()).toBe(2);
    });
  });

  describe('Idempotency-Key', () => {
    it('returns the first result for a retried POST and creates nothing new', async () => {
      const site = await buildSite();
      const send = () =>
        request(app)
          .post(`/api/v1/sites/${site.id}/comments`)
          .set('Idempotency-Key', 'retry-1')
          .send(reply({}));
      const first = await send();
      clock.advance(1_000);
      const second = await send();
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.body).toEqual(first.body);
      expect(await CommentModel.countDocuments()).toBe(1);
    });

    it('refuses the same key with a different comment', async () => {
      const site = await buildSite();
      const key = 'retry-2';
      await request(app)
        .post(`/api/v1/sites/${site.id}/comments`)
        .set('Idempotency-Key', key)
        .send(reply({}));
      clock.advance(60_000);
      const res = await request(app)
        .post(`/api/v1/sites/${site.id}/comments`)
        .set('Idempotency-Key', key)
        .send(reply({ content: 'Something else' }));
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('idempotency_key_reused');
      expect(await CommentModel.countDocuments()).toBe(1);
    });

    it('answers 409 while the first request is under way, and frees a key whose request died', async () => {
      const site = await buildSite();
      const send = () =>
        request(app)
          .post(`/api/v1/sites/${site.id}/comments`)
          .set('Idempotency-Key', 'retry-4')
          .send(reply({}));
      // A first request that claimed the key and died before storing its comment.
      const first = await send();
      await CommentModel.deleteOne({ _id: first.body.comment.id });
      await IdempotencyModel.updateOne(
        { _id: `${site.id}:retry-4` },
        { $unset: { commentId: 1, authorToken: 1 } },
      );

      clock.advance(30_000);
      const busy = await send();
      expect(busy.status).toBe(409);
      expect(busy.body.error.code).toBe('idempotency_in_progress');
      clock.advance(31_000);
      const retried = await send();
      expect(retried.status).toBe(201);
      expect(await CommentModel.countDocuments()).toBe(1);
    });

    it('lets a corrected retry through after a refused request', async () => {
      const site = await buildSite();
      const key = 'retry-3';
      await post(site.id, reply({ content: 'first' }));
      const refused = await request(app)
        .post(`/api/v1/sites/${site.id}/comments`)
        .set('Idempotency-Key', key)
        .send(reply({ content: 'second' }));
      expect(refused.status).toBe(429);
      clock.advance(20_000);
      const retried = await request(app)
        .post(`/api/v1/sites/${site.id}/comments`)
        .set('Idempotency-Key', key)
        .send(reply({ content: 'second' }));
      expect(retried.status).toBe(201);
    });
  });

  it('reuses the reader’s author token when they already hold one', async () => {
    const site = await buildSite();
    const first = await post(site.id, reply({}));
    clock.advance(20_000);
    const second = await request(app)
      .post(`/api/v1/sites/${site.id}/comments`)
      .set('Parley-Author-Token', first.body.authorToken)
      .send(reply({ content: 'And another thing.' }));
    expect(second.body.authorToken).toBe(first.body.authorToken);
  });

  it('refuses posts from a browser on another origin', async () => {
    const site = await buildSite();
    const res = await request(app)
      .post(`/api/v1/sites/${site.id}/comments`)
      .set('Origin', 'https://evil.example')
      .send(reply({}));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('origin_not_allowed');
    expect(await CommentModel.countDocuments()).toBe(0);
  });
});
