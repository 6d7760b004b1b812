// Every field, every wrong shape: a 4xx with a message, nothing stored, never a 500.
import request from 'supertest';
import { CommentModel } from '../../src/comments/store/comment.model';
import { PageModel } from '../../src/pages/page.model';
import { buildTestApp } from '../helpers/app';
import { createTestClock } from '../helpers/clock';
import { useTestDatabase } from '../helpers/db';
import { buildSite } from '../helpers/factories';

useTestDatabase();

const clock = createTestClock();
const { app, logLines } = buildTestApp({ clock });
const valid = {
  pageId: '/p',
  author: 'Ann',
  email: 'ann@example.org',
  content: 'Hello',
  url: 'https://ann.example',
};
const FIELDS = [
  'pageId',
  'pageUrl',
  'pageTitle',
  'parentId',
  'author',
  'email',
  'url',
  'content',
  'notifyReplies',
];
const WRONG_VALUES: Array<[string, unknown]> = [
  ['an array', ['a', 'b']],
  ['an operator object', { $gt: '' }],
  ['a nested object', { a: { b: 1 } }],
  ['a number', 42],
  ['a boolean', true],
  ['null (for required fields)', null],
];

let siteId: string;
beforeEach(async () => {
  siteId = (await buildSite()).id;
  clock.advance(60_000);
});

afterAll(() => {
  expect(logLines.join('')).not.toContain('"level":50');
});

describe.each(FIELDS)('field %s', (field) => {
  it.each(WRONG_VALUES)('answers %s with a 4xx naming the field', async (_label, value) => {
    const res = await request(app)
      .post(`/api/v1/sites/${siteId}/comments`)
      .send({ ...valid, [field]: value });
    const optionalAndEmpty = value === null && !['pageId', 'author', 'email', 'content'].includes(field);
    if (optionalAndEmpty) {
      // null on an optional field means "not given".
      expect(res.status).toBe(201);
      return;
    }
    if (field === 'notifyReplies' && value === true) {
      expect(res.status).toBe(201);
      return;
    }
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('validation_failed');
    expect(typeof res.body.error.fields[field]).toBe('string');
    expect(await CommentModel.countDocuments()).toBe(0);
    expect(await PageModel.countDocuments()).toBe(0);
  });
});

describe('strings that are not clean text', () => {
  it.each([
    ['a NUL byte', 'Hello\u0000world'],
    ['a lone surrogate', 'Hello \ud800 world'],
  ])('refuses %s in any text field', async (_label, text) => {
    for (const field of ['pageId', 'author', 'content', 'pageTitle']) {
      const res = await request(app)
        .post(`/api/v1/sites/${siteId}/comments`)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ ...valid, [field]: text }).replace('\\u0000', '\\u0000'));
      expect(res.status).toBe(422);
      expect(res.body.error.fields[field]).toMatch(/not allowed/);
    }
    expect(await CommentModel.countDocuments()).toBe(0);
  });

  it('accepts real unicode: accents, CJK, emoji, right-to-left text and combining marks', async () => {
    const content = 'Séoul 서울 東京 🇰🇷🤝🇯🇵 مرحبا e\u0301';
    const res = await request(app)
      .post(`/api/v1/sites/${siteId}/comments`)
      .send({ ...valid, author: '김민준 👩‍💻', content });
    expect(res.status).toBe(201);
    expect(res.body.comment.content).toBe(`<p>${content}</p>`);
    expect(res.body.comment.author.name).toBe('김민준 👩‍💻');
  });
});

describe('whole bodies that are wrong', () => {
  it.each([
    ['a JSON array', '[1,2,3]'],
    ['a JSON string', '"hello"'],
    ['JSON null', 'null'],
  ])('answers %s with 4xx', async (_label, body) => {
    const res = await request(app)
      .post(`/api/v1/sites/${siteId}/comments`)
      .set('Content-Type', 'application/json')
      .send(body);
    expect([400, 422]).toContain(res.status);
    expect(res.body.error.message).toEqual(expect.any(String));
  });

  it('answers malformed JSON with 400 and no stack trace', async () => {
    const res = await request(app)
      .post(`/api/v1/sites/${siteId}/comments`)
      .set('Content-Type', 'application/json')
      .send('{"pageId": "/p", "content": ');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_json');
    expect(res.text).not.toMatch(/\bat\b.*\(.*:\d+:\d+\)/);
  });

  it('answers a body over the limit with 413', async () => {
    const res = await request(app)
      .post(`/api/v1/sites/${siteId}/comments`)
      .send({ ...valid, content: 'x'.repeat(150 * 1024) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it.each([
    ['text/plain', 'hello'],
    ['application/xml', '<comment/>'],
    [
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="content"\r\n\r\nhi\r\n--x--',
    ],
  ])('answers %s with 415', async (type, body) => {
    const res = await request(app)
      .post(`/api/v1/sites/${siteId}/comments`)
      .set('Content-Type', type)
      .send(body);
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
  });

  it('answers a form post with repeated fields with 422', async () => {
    const res = await request(app)
      .post(`/api/v1/sites/${siteId}/comments`)
      .type('form')
      .send('pageId=/p&author=A&email=a@example.org&content=one&content=two');
    expect(res.status).toBe(422);
    expect(res.body.error.fields.content).toBeDefined();
  });

  it('answers an operator-shaped site id or query with 4xx, never a query injection', async () => {
    const res = await request(app).get(`/api/v1/sites/${siteId}/comments?pageId[$ne]=x`);
    expect(res.status).toBe(422);
    const counts = await request(app).get(`/api/v1/sites/${siteId}/counts?pageId[$gt]=`);
    expect(counts.status).toBe(422);
  });

  it('answers a malformed Idempotency-Key with 422', async () => {
    const res = await request(app)
      .post(`/api/v1/sites/${siteId}/comments`)
      .set('Idempotency-Key', 'x'.repeat(300))
      .send(valid);
    expect(res.status).toBe(422);
    expect(res.body.error.fields['Idempotency-Key']).toBeDefined();
    expect(await CommentModel.countDocuments()).toBe(0);
  });
});
