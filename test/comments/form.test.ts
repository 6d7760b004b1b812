import request from 'supertest';
import { moderationHash } from '../../src/comments/moderationHash';
import { CommentModel } from '../../src/comments/store/comment.model';
import { buildTestApp } from '../helpers/app';
import { createTestClock } from '../helpers/clock';
import { useTestDatabase } from '../helpers/db';
import { buildSite, SITE_ORIGIN } from '../helpers/factories';

useTestDatabase();

const clock = createTestClock();
const { app, vault } = buildTestApp({ clock });
const PAGE_URL = `${SITE_ORIGIN}/2019/11/gsomia`;
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

function formPost(siteId: string, fields: Record<string, string>) {
  return request(app)
    .post(`/api/v1/sites/${siteId}/comments`)
    .type('form')
    .set('Accept', BROWSER_ACCEPT)
    .send(fields);
}

const fields = {
  pageId: '/2019/11/gsomia',
  pageUrl: PAGE_URL,
  author: 'Soo-ah',
  email: 'sooah@example.org',
  url: '',
  comment: 'Posted without JavaScript.',
};

beforeEach(() => clock.advance(60_000));

describe('classic form posts', () => {
  it('redirects back to the article at the new comment with 303, naming it as WordPress does', async () => {
    const site = await buildSite();
    const res = await formPost(site.id, fields);
    expect(res.status).toBe(303);
    const stored = await CommentModel.findOne().lean();
    const id = stored?._id.toHexString() as string;
    expect(res.headers.location).toBe(
      `${PAGE_URL}?unapproved=${id}&moderation-hash=${moderationHash(vault, id)}#comment-${id}`,
    );
    expect(stored?.status).toBe('pending');
  });

  it('refuses a page URL on a foreign origin and never redirects there', async () => {
    const site = await buildSite();
    const res = await formPost(site.id, { ...fields, pageUrl: 'https://evil.example/phish' });
    expect(res.status).toBe(422);
    expect(res.headers.location).toBeUndefined();
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('Page URL must be on this site.');
    expect(res.text).not.toContain('evil.example');
    expect(await CommentModel.countDocuments()).toBe(0);
  });

  it('falls back to the site address rather than a foreign Referer', async () => {
    const site = await buildSite();
    const { pageUrl: _omit, ...withoutPageUrl } = fields;
    const res = await formPost(site.id, withoutPageUrl).set('Referer', 'https://evil.example/');
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(
      new RegExp(`^${SITE_ORIGIN}/\\?unapproved=([0-9a-f]{24})&moderation-hash=[0-9a-f]{32}#comment-\\1$`),
    );
  });

  it('answers a failed post with a small HTML page listing the problems and a link back', async () => {
    const site = await buildSite();
    const res = await formPost(site.id, { ...fields, email: 'nope', comment: '', author: '<b>x</b>' });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('<strong>Email:</strong> Please enter a valid email address.');
    expect(res.text).toContain('<strong>Comment:</strong> Please type your comment.');
    expect(res.text).toContain(`<a href="${PAGE_URL}">`);
    expect(res.text).not.toContain('<b>x</b>');
  });

  it('shows other refusals as HTML too', async () => {
    const site = await buildSite();
    await formPost(site.id, fields);
    const res = await formPost(site.id, fields);
    expect(res.status).toBe(409);
    expect(res.text).toContain('already said that');
    const missingSite = await formPost('nope', fields);
    expect(missingSite.status).toBe(404);
    expect(missingSite.headers['content-type']).toMatch(/text\/html/);
  });
});

describe('CORS', () => {
  it('allows only the site’s origins', async () => {
    const site = await buildSite({ allowedOrigins: [SITE_ORIGIN, 'https://www.news.example'] });
    const allowed = await request(app)
      .options(`/api/v1/sites/${site.id}/comments`)
      .set('Origin', 'https://www.news.example')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type,parley-author-token');
    expect(allowed.status).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://www.news.example');
    expect(allowed.headers['access-control-allow-headers']).toMatch(/Parley-Author-Token/i);

    const refused = await request(app)
      .get(`/api/v1/sites/${site.id}/comments?pageId=/x`)
      .set('Origin', 'https://evil.example');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('sanitising', () => {
  const payloads: Array<[string, string]> = [
    ['<script>alert(1)</script>Hi', '<p>Hi</p>'],
    ['<img src=x onerror=alert(1)>Hi', '<p>Hi</p>'],
    ['<a href="javascript:alert(1)">x</a>', '<p><a rel="nofollow ugc noopener">x</a></p>'],
    ['<a href="JaVaScRiPt:alert(1)">x</a>', '<p><a rel="nofollow ugc noopener">x</a></p>'],
    [
      '<a href="data:text/html,<script>alert(1)</script>">x</a>',
      '<p><a rel="nofollow ugc noopener">x</a></p>',
    ],
    [
      '<a href="https://ok.example" onclick="steal()" rel="dofollow">ok</a>',
      '<p><a href="https://ok.example" rel="nofollow ugc noopener">ok</a></p>',
    ],
    ['<svg><script>alert(1)</script></svg>Hi', '<p>Hi</p>'],
    [
      '<b onmouseover="x()">bold</b> <i>it</i> <strong>s</strong>',
      '<p><b>bold</b> <i>it</i> <strong>s</strong></p>',
    ],
    ['<blockquote cite="javascript:x">q</blockquote>', '<blockquote>q</blockquote>'],
    [
      '<blockquote cite="https://ok.example/src">q</blockquote>',
      '<blockquote cite="https://ok.example/src">q</blockquote>',
    ],
    ['<iframe src="https://evil.example"></iframe>ok', '<p>ok</p>'],
    ['<style>body{display:none}</style>ok', '<p>ok</p>'],
    [
      '<a href="mailto:desk@news.example">mail</a>',
      '<p><a href="mailto:desk@news.example" rel="nofollow ugc noopener">mail</a></p>',
    ],
    ['line one\nline two\n\nsecond paragraph', '<p>line one<br />\nline two</p>\n<p>second paragraph</p>'],
  ];

  it.each(payloads)('stores %j inert', async (content, expected) => {
    const site = await buildSite();
    const res = await request(app)
      .post(`/api/v1/sites/${site.id}/comments`)
      .send({ pageId: '/x', author: 'X', email: 'x@example.org', content });
    expect(res.status).toBe(201);
    expect(res.body.comment.content).toBe(expected);
    const stored = await CommentModel.findById(res.body.comment.id).lean();
    expect(stored?.content).toBe(expected);
    expect(stored?.content).not.toMatch(/<script|onerror|onclick|onmouseover|javascript:|data:/i);
  });

  it('refuses a comment with nothing readable left once markup is removed', async () => {
    const site = await buildSite();
    const res = await request(app).post(`/api/v1/sites/${site.id}/comments`).send({
      pageId: '/x',
      author: 'X',
      email: 'x@example.org',
      content: '<img src=x onerror=alert(1)><script>x</script>',
    });
    expect(res.status).toBe(422);
    expect(res.body.error.fields.content).toMatch(/Please type your comment/);
    expect(await CommentModel.countDocuments()).toBe(0);
  });

  it('keeps the author name as plain text, to be escaped where it is rendered', async () => {
    const site = await buildSite();
    const res = await request(app)
      .post(`/api/v1/sites/${site.id}/comments`)
      .send({ pageId: '/x', author: '<img src=x onerror=alert(1)>', email: 'x@example.org', content: 'hi' });
    expect(res.body.comment.author.name).toBe('<img src=x onerror=alert(1)>');
    expect(res.headers['content-type']).toMatch(/application\/json/);
  });
});
