// GET /demo: the sample article with the embed, under a strict CSP, and its plain form
// working without JavaScript.
import request from 'supertest';
import { moderationHash } from '../../src/comments/moderationHash';
import { CommentModel } from '../../src/comments/store/comment.model';
import { ensureDemoSite } from '../../src/sites/site.model';
import { buildTestApp } from '../helpers/app';
import { useTestDatabase } from '../helpers/db';
import { BROWSER_ACCEPT, readPlainForm } from './formFields';

useTestDatabase();

const { app, config, clock, vault } = buildTestApp();

describe('GET /demo', () => {
  it('serves the sample article with the embed snippet under it', async () => {
    const res = await request(app).get('/demo');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toContain(
      '<h1 class="entry-title">South Korea Withdraws from Intelligence Sharing Pact with Japan</h1>',
    );
    expect(res.text).toContain('<p>In a new salvo in the diplomatic tension between South Korea and Japan,');
    expect(res.text).toContain('makes it difficult to believe the official assertion that the GSOMIA');
    expect(res.text).toContain('Gary Johnson');
    expect(res.text).toContain(`<link rel="canonical" href="${config.PUBLIC_URL}/demo">`);
    expect(res.text).toMatch(/<div id="parley" data-site="demo" data-page-id="\/demo"[^>]* class="parley">/);
    expect(res.text).toContain('<script src="/embed.js" async></script>');
    expect(res.text).toContain('<link rel="stylesheet" href="/demo/demo.css">');
  });

  it('links the embed’s own stylesheet, so the plain form is styled without the script', async () => {
    const res = await request(app).get('/demo');
    const href = /<link rel="stylesheet" href="(\/embed\/embed\.[0-9a-f]{12}\.css)">/.exec(res.text)?.[1];
    expect(href).toBeDefined();
    const styles = await request(app).get(href as string);
    expect(styles.status).toBe(200);
    expect(styles.text).toContain('.parley .submit');
    // The loader adds that stylesheet too, unless the page already links it.
    const loader = await request(app).get('/embed.js');
    expect(loader.text).toContain(href?.slice(1));
  });

  it('has no inline script or style, under a CSP that would refuse them', async () => {
    const res = await request(app).get('/demo');
    const scripts = res.text.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts).toEqual(['<script src="/embed.js" async>']);
    expect(res.text).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    // A form post must carry the page's origin, which "no-referrer" would turn into "null".
    expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  });

  it('serves its stylesheet', async () => {
    const res = await request(app).get('/demo/demo.css');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(res.text).toContain('.entry-title');
  });

  it('holds a plain form that posts without JavaScript and returns to the article', async () => {
    await ensureDemoSite(config.PUBLIC_URL, clock.now());
    const form = readPlainForm((await request(app).get('/demo')).text);
    expect(form.method).toBe('post');
    expect(form.required.sort()).toEqual(['author', 'comment', 'email']);
    const res = await request(app)
      .post(new URL(form.action).pathname)
      .type('form')
      .set('Accept', BROWSER_ACCEPT)
      .set('Origin', config.PUBLIC_URL)
      .send({ ...form.fields, comment: 'No script needed.', author: 'Yuna', email: 'yuna@example.org' });
    expect(res.status).toBe(303);
    const stored = await CommentModel.findOne().lean();
    const id = stored?._id.toHexString() as string;
    expect(res.headers.location).toBe(
      `${config.PUBLIC_URL}/demo?unapproved=${id}&moderation-hash=${moderationHash(vault, id)}#comment-${id}`,
    );
    expect(stored).toMatchObject({ site: 'demo', pageId: '/demo', status: 'pending', author: 'Yuna' });
  });

  it('is not served in production, where the demo site does not exist', async () => {
    const production = buildTestApp({ config: { NODE_ENV: 'production' } });
    expect((await request(production.app).get('/demo')).status).toBe(404);
    expect((await request(production.app).get('/embed.js')).status).toBe(200);
  });
});
