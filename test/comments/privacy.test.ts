// "Your email address will not be published": post comments with unique addresses, use
// every public endpoint in every way it answers, and look for the addresses everywhere.
import request from 'supertest';
import { CommentModel } from '../../src/comments/store/comment.model';
import { buildTestApp } from '../helpers/app';
import { createTestClock } from '../helpers/clock';
import { useTestDatabase } from '../helpers/db';
import { buildSite, SITE_ORIGIN } from '../helpers/factories';

useTestDatabase();

const clock = createTestClock();
const { app, logLines } = buildTestApp({ clock });
const PAGE = '/2019/11/gsomia';

function traces(email: string): string[] {
  const [local = '', domain = ''] = email.split('@');
  return [email, email.toLowerCase(), encodeURIComponent(email), local, domain];
}

it('never shows a commenter’s email in a response, header, redirect or log line', async () => {
  const site = await buildSite({ settings: { maxDepth: 3 } });
  const emails = [
    'Unique.Reader.7f3a9@privacy-check.example',
    'second.reader.b81c2@privacy-check.example',
    'third.reader.c55d1@privacy-check.example',
  ];
  const seen: string[] = [];
  const record = (res: request.Response) => {
    seen.push(JSON.stringify(res.headers), res.text ?? '');
    return res;
  };

  // Posting: JSON, form, replies, a duplicate, a flood, a validation error that echoes nothing.
  const first = record(
    await request(app)
      .post(`/api/v1/sites/${site.id}/comments?email=${encodeURIComponent(emails[0] as string)}`)
      .send({
        pageId: PAGE,
        pageUrl: `${SITE_ORIGIN}${PAGE}`,
        author: 'One',
        email: emails[0],
        content: 'First',
      }),
  );
  const token = first.body.authorToken as string;
  await CommentModel.updateOne({ _id: first.body.comment.id }, { $set: { status: 'approved' } });
  clock.advance(60_000);
  record(
    await request(app)
      .post(`/api/v1/sites/${site.id}/comments`)
      .type('form')
      .set('Accept', 'text/html')
      .send({
        comment_post_ID: PAGE,
        author: 'Two',
        email: emails[1],
        comment: 'Second',
        comment_parent: first.body.comment.id,
      }),
  );
  record(
    await request(app)
      .post(`/api/v1/sites/${site.id}/comments`)
      .type('form')
      .set('Accept', 'text/html')
      .send({ comment_post_ID: PAGE, author: 'Two', email: emails[1], comment: 'Second again' }),
  );
  record(
    await request(app)
      .post(`/api/v1/sites/${site.id}/comments`)
      .send({ pageId: PAGE, author: 'Three', email: emails[2], content: '' }),
  );
  record(
    await request(app)
      .post(`/api/v1/sites/${site.id}/comments`)
      .send({ pageId: PAGE, author: 'Three', email: `${emails[2]}x@`, content: 'bad email' }),
  );
  clock.advance(60_000);
  record(
    await request(app).post(`/api/v1/sites/${site.id}/comments`).set('Idempotency-Key', 'k1').send({
      pageId: PAGE,
      author: 'Three',
      email: emails[2],
      content: 'Third',
      parentId: first.body.comment.id,
    }),
  );
  record(
    await request(app).post(`/api/v1/sites/${site.id}/comments`).set('Idempotency-Key', 'k1').send({
      pageId: PAGE,
      author: 'Three',
      email: emails[2],
      content: 'Third',
      parentId: first.body.comment.id,
    }),
  );

  // Reading: public, with the author token, conditional, counts, CORS preflight.
  const thread = record(await request(app).get(`/api/v1/sites/${site.id}/comments?pageId=${PAGE}`));
  record(await request(app).get(`/api/v1/sites/${site.id}/comments?pageId=${PAGE}&authorToken=${token}`));
  record(
    await request(app)
      .get(`/api/v1/sites/${site.id}/comments?pageId=${PAGE}`)
      .set('If-None-Match', thread.headers.etag as string),
  );
  record(await request(app).get(`/api/v1/sites/${site.id}/counts?pageId=${PAGE}`));
  record(
    await request(app)
      .options(`/api/v1/sites/${site.id}/comments`)
      .set('Origin', SITE_ORIGIN)
      .set('Access-Control-Request-Method', 'POST'),
  );

  expect(await CommentModel.countDocuments()).toBe(3);
  const everything = [...seen, ...logLines].join('\n');
  expect(logLines.length).toBeGreaterThan(5);
  for (const email of emails) {
    for (const trace of traces(email)) expect(everything).not.toContain(trace);
  }
  // The stored document keeps it only sealed.
  const raw = JSON.stringify(await CommentModel.find().select('+emailSealed +emailHash').lean());
  for (const email of emails) expect(raw.toLowerCase()).not.toContain(email.toLowerCase());
});
