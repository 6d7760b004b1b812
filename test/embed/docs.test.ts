// docs/embed.md's plain form is what sites copy: it must post through the form path and
// carry the same fields as the form the embed draws.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { moderationHash } from '../../src/comments/moderationHash';
import { CommentModel } from '../../src/comments/store/comment.model';
import { commentFormHtml } from '../../src/embed/client/formMarkup';
import { stringsFor } from '../../src/embed/client/locale';
import { createSite } from '../../src/sites/site.model';
import { buildTestApp } from '../helpers/app';
import { useTestDatabase } from '../helpers/db';
import { BROWSER_ACCEPT, readPlainForm } from './formFields';

useTestDatabase();

const { app, clock, vault } = buildTestApp();
const SITE_ORIGIN = 'https://newssemi.example';

function documentedForm(): string {
  const doc = readFileSync(path.join(__dirname, '..', '..', 'docs', 'embed.md'), 'utf8');
  const block = Array.from(doc.matchAll(/```html\n([\s\S]*?)```/g), (match) => match[1] ?? '').find((html) =>
    html.includes('<form'),
  );
  if (!block) throw new Error('docs/embed.md has no html block with a <form>');
  return block;
}

describe('the documented no-JavaScript form', () => {
  it('has the same fields as the form the embed draws', () => {
    const documented = readPlainForm(documentedForm());
    const embedded = readPlainForm(
      commentFormHtml({
        action: 'https://comments.example.com/api/v1/sites/newssemi/comments',
        pageId: '/2019/11/gsomia',
        pageUrl: `${SITE_ORIGIN}/2019/11/gsomia`,
        pageTitle: 'South Korea Withdraws from Intelligence Sharing Pact with Japan',
        idPrefix: '',
        strings: stringsFor('en'),
        withCookieConsent: false,
      }),
    );
    expect(documented).toEqual(embedded);
  });

  it('posts a comment and sends the reader back to it on the article', async () => {
    await createSite(
      { id: 'newssemi', name: 'NewsSemi Conductor', url: `${SITE_ORIGIN}/`, allowedOrigins: [SITE_ORIGIN] },
      clock.now(),
    );
    const form = readPlainForm(documentedForm());
    const res = await request(app)
      .post(new URL(form.action).pathname)
      .type('form')
      .set('Accept', BROWSER_ACCEPT)
      .set('Origin', SITE_ORIGIN)
      .send({
        ...form.fields,
        comment: 'From the documented form.',
        author: 'Gary',
        email: 'gary@example.org',
      });
    expect(res.status).toBe(303);
    const stored = await CommentModel.findOne().lean();
    const id = stored?._id.toHexString() as string;
    expect(res.headers.location).toBe(
      `${SITE_ORIGIN}/2019/11/gsomia?unapproved=${id}&moderation-hash=${moderationHash(vault, id)}#comment-${id}`,
    );
    expect(stored).toMatchObject({
      site: 'newssemi',
      pageId: '/2019/11/gsomia',
      status: 'pending',
      content: '<p>From the documented form.</p>',
    });
  });

  it('stores a filled honeypot as spam', async () => {
    await createSite(
      { id: 'newssemi', name: 'NewsSemi Conductor', url: `${SITE_ORIGIN}/`, allowedOrigins: [SITE_ORIGIN] },
      clock.now(),
    );
    const form = readPlainForm(documentedForm());
    const res = await request(app)
      .post(new URL(form.action).pathname)
      .type('form')
      .set('Accept', BROWSER_ACCEPT)
      .send({
        ...form.fields,
        comment: 'Buy now',
        author: 'Bot',
        email: 'bot@example.org',
        homepage: 'http://spam.example',
      });
    expect(res.status).toBe(303);
    expect((await CommentModel.findOne().lean())?.status).toBe('spam');
  });
});
