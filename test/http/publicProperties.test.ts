// Property tests of every public route (issue 13, point 4): fast-check generates JSON and form
// bodies, raw bodies of any type, query strings, path parameters and headers, and after every
// request these hold:
// - never a 5xx;
// - every 4xx in JSON has the error model ({error: {code, message, fields?}}), and no answer
//   carries a stack trace;
// - no answer contains a commenter's email: the seeded ones, nor one the request sent;
// - no input makes a non-approved comment public: the seeded hidden texts never appear, and
//   every comment shown in full in the public threads is approved in the database.
// PARLEY_PROPERTY_RUNS runs more cases (CI runs the default); PARLEY_PROPERTY_STATS=1 prints
// each request's route and status, to see what the generators reach (1000 runs: about 50
// comments stored, and answers from 200 to 429).
import type { IncomingMessage } from 'node:http';
import fc from 'fast-check';
import request from 'supertest';
import { findComment } from '../../src/comments/store/reads';
import type { Site } from '../../src/sites/site.model';
import { buildTestApp } from '../helpers/app';
import { useTestDatabase } from '../helpers/db';
import { buildComment, buildSite, SITE_ORIGIN } from '../helpers/factories';

useTestDatabase();

const RUNS = Number(process.env.PARLEY_PROPERTY_RUNS ?? 150);
const PAGES = ['/p', '/q'];
const AUTHOR_TOKEN = 'a-known-author-token-of-the-approved-comment-0001';
const SEEDED_EMAILS = [
  'approved.reader@example.org',
  'pending.reader@example.org',
  'spam.reader@example.org',
];
const HIDDEN_TEXTS = ['Hidden-pending-text', 'Hidden-spam-text', 'Hidden-trash-text', 'Hidden-reply-text'];

interface Generated {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, unknown>;
  headers: Record<string, string>;
  body?:
    | { kind: 'json'; value: unknown }
    | { kind: 'form'; value: Record<string, string> }
    | { kind: 'raw'; type: string; value: string };
  /** Emails the request sent in an email field, which no answer may echo. */
  emails: string[];
}

const awkward = fc.constantFrom(
  '',
  ' ',
  '0',
  '-1',
  '1e309',
  'null',
  '[]',
  '{}',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '../../etc/passwd',
  '%00',
  '\u0000',
  'Zoë 日本語 🎉',
  '0123456789abcdef01234567',
  'x'.repeat(5000),
  ...PAGES,
);
const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme', maxLength: 40 }), awkward);
const headerText = fc.oneof(
  fc.string({ maxLength: 60 }),
  awkward.filter((value) => /^[\x20-\x7e]*$/.test(value)),
);
const scalar = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const value = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 6 }), scalar, { maxKeys: 3 }) },
);
const email = fc.oneof(fc.emailAddress(), text, fc.constantFrom(...SEEDED_EMAILS));

const COMMENT_KEYS = [
  'pageId',
  'pageUrl',
  'pageTitle',
  'author',
  'url',
  'content',
  'parentId',
  'notifyReplies',
  'website',
  'comment',
  'comment_post_ID',
  'comment_parent',
  'reason',
  'note',
  'token',
  'sort',
  'page',
  'perPage',
];
const fields = fc
  .record({
    known: fc.dictionary(fc.constantFrom(...COMMENT_KEYS), value, { maxKeys: 8 }),
    pageId: fc.option(fc.constantFrom(...PAGES), { nil: undefined }),
    email: fc.option(email, { nil: undefined }),
    extra: fc.dictionary(fc.string({ maxLength: 8 }), value, { maxKeys: 2 }),
  })
  .map(({ known, pageId, email, extra }) => ({
    ...extra,
    ...known,
    ...(pageId !== undefined && { pageId }),
    ...(email !== undefined && { email }),
  }));

const asForm = (body: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(body).map(([key, entry]) => [
      key,
      typeof entry === 'string' ? entry : JSON.stringify(entry),
    ]),
  );

const bodyOf = fc.oneof(
  fields.map((body) => ({ kind: 'json' as const, value: body as unknown })),
  fc.jsonValue().map((body) => ({ kind: 'json' as const, value: body })),
  fields.map((body) => ({ kind: 'form' as const, value: asForm(body) })),
  fc.record({
    kind: fc.constant('raw' as const),
    type: fc.constantFrom(
      'application/json',
      'application/x-www-form-urlencoded',
      'text/plain',
      'multipart/form-data; boundary=x',
      'application/xml',
      'application/json; charset=latin1',
    ),
    value: fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.constantFrom('{"a":', '[1,2', 'a=1&a=2&a[b]=3', '\u0000'),
    ),
  }),
);

const headers = fc
  .record(
    {
      Origin: fc.oneof(fc.constantFrom(SITE_ORIGIN, 'https://evil.example', 'null'), headerText),
      Accept: fc.oneof(
        fc.constantFrom('application/json', 'text/html', '*/*', 'text/event-stream'),
        headerText,
      ),
      'Accept-Encoding': fc.constantFrom('gzip', 'br', 'identity', 'gzip;q=0, br'),
      'Parley-Author-Token': fc.oneof(fc.constant(AUTHOR_TOKEN), headerText),
      'Idempotency-Key': headerText,
      'If-None-Match': fc.oneof(fc.constant('*'), headerText),
      'X-Forwarded-For': fc.oneof(fc.constant('203.0.113.9'), headerText),
    },
    { requiredKeys: [] },
  )
  .map(
    (chosen) =>
      Object.fromEntries(Object.entries(chosen).filter(([, entry]) => entry !== undefined)) as Record<
        string,
        string
      >,
  );

function generated(siteId: string, commentIds: string[]): fc.Arbitrary<Generated> {
  const site = fc.oneof({ weight: 5, arbitrary: fc.constant(siteId) }, { weight: 1, arbitrary: text });
  const commentId = fc.oneof(fc.constantFrom(...commentIds), text);
  const query = fc.oneof(
    fields,
    fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(text, fc.array(text, { maxLength: 2 })), {
      maxKeys: 4,
    }),
  );
  const at = (...parts: string[]) => parts.map((part) => encodeURIComponent(part)).join('/');
  // Bodies close to a real reader's, from the site's origin, so posts, edits and reports get
  // past the first checks (and many are stored) rather than all stopping at the origin check.
  const mostly = <T>(valid: fc.Arbitrary<T>, other: fc.Arbitrary<T>) =>
    fc.oneof({ weight: 9, arbitrary: valid }, { weight: 1, arbitrary: other });
  const nearlyValid = fc.record(
    {
      pageId: mostly(fc.constant('/p'), fc.constantFrom(...PAGES)),
      author: mostly(fc.constantFrom('Reader', 'Zoë Ødegård', '読者'), text),
      email: mostly(
        fc.nat(1_000_000).map((n) => `reader${n}@example.org`),
        fc.oneof(fc.emailAddress(), text),
      ),
      content: mostly(
        text.map((extra) => `A fine comment. ${extra}`),
        text,
      ),
      // The first id is the approved comment on /p: the one a reply may go to.
      parentId: mostly(fc.constant(commentIds[0] as string), fc.oneof(fc.constantFrom(...commentIds), text)),
      url: mostly(fc.constant('https://reader.example/'), text),
      notifyReplies: mostly<boolean | string>(fc.boolean(), text),
      reason: mostly(fc.constantFrom('spam', 'abuse', 'off_topic', 'other'), text),
      note: text,
    },
    { requiredKeys: ['pageId', 'author', 'email', 'content'] },
  );
  const readerBody = fc
    .tuple(nearlyValid, fc.boolean())
    .map(([body, isForm]) =>
      isForm
        ? { kind: 'form' as const, value: asForm(body) }
        : { kind: 'json' as const, value: body as unknown },
    );
  const fromSite = fc.ipV4().map((ip) => ({ Origin: SITE_ORIGIN, 'X-Forwarded-For': ip }));
  const route = fc.oneof(
    fc.record({
      method: fc.constant('POST' as const),
      path: fc.constant(`/api/v1/sites/${siteId}/comments`),
      body: readerBody,
      forced: fromSite,
    }),
    fc.record({
      method: fc.constant('POST' as const),
      path: fc.constant(`/api/v1/sites/${siteId}/comments`),
      body: readerBody,
      forced: fromSite,
    }),
    fc.record({
      method: fc.constantFrom('PATCH' as const, 'DELETE' as const, 'POST' as const),
      path: fc
        .tuple(commentId, fc.boolean())
        .map(([id, isReport]) => `/api/v1/sites/${siteId}/comments/${at(id)}${isReport ? '/reports' : ''}`),
      body: readerBody,
      forced: fromSite.map((forced) => ({ ...forced, 'Parley-Author-Token': AUTHOR_TOKEN })),
    }),
    fc.record({
      method: fc.constant('POST' as const),
      path: site.map((s) => `/api/v1/sites/${at(s)}/comments`),
      body: bodyOf,
    }),
    fc.record({
      method: fc.constant('GET' as const),
      path: site.map((s) => `/api/v1/sites/${at(s)}/comments`),
      query,
    }),
    fc.record({
      method: fc.constant('GET' as const),
      path: site.map((s) => `/api/v1/sites/${at(s)}/counts`),
      query,
    }),
    fc.record({
      method: fc.constant('GET' as const),
      path: site.map((s) => `/api/v1/sites/${at(s)}/stream`),
      query,
    }),
    fc.record({
      method: fc.constantFrom('PATCH' as const, 'DELETE' as const),
      path: fc.tuple(site, commentId).map(([s, id]) => `/api/v1/sites/${at(s)}/comments/${at(id)}`),
      body: bodyOf,
    }),
    fc.record({
      method: fc.constant('POST' as const),
      path: fc.tuple(site, commentId).map(([s, id]) => `/api/v1/sites/${at(s)}/comments/${at(id)}/reports`),
      body: bodyOf,
    }),
    fc.record({
      method: fc.constantFrom('GET' as const, 'POST' as const),
      path: fc.constant('/unsubscribe'),
      query,
      body: bodyOf,
    }),
    fc.record({
      method: fc.constantFrom('GET' as const, 'POST' as const),
      path: fc.constant('/moderate/email-action'),
      query,
      body: bodyOf,
    }),
    fc.record({
      method: fc.constant('POST' as const),
      path: fc.constant('/api/v1/auth/login'),
      body: bodyOf,
    }),
    fc.record({
      method: fc.constant('GET' as const),
      path: fc
        .tuple(fc.constantFrom('/embed/', '/docs/assets/', '/moderate/assets/', '/'), text)
        .map(([prefix, file]) => `${prefix}${encodeURIComponent(file)}`),
    }),
  );
  return fc.tuple(route, headers).map(([chosen, chosenHeaders]) => {
    const sent = (chosen as { body?: Generated['body'] }).body;
    const bodyEmail =
      sent && sent.kind !== 'raw' ? (sent.value as Record<string, unknown> | null)?.email : undefined;
    const queryEmail = (chosen as { query?: Record<string, unknown> }).query?.email;
    const emails = [bodyEmail, queryEmail].filter(
      (entry): entry is string => typeof entry === 'string' && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(entry),
    );
    const forced = (chosen as { forced?: Record<string, string> }).forced ?? {};
    return { ...chosen, headers: { ...chosenHeaders, ...forced }, emails } as Generated;
  });
}

async function send(app: Parameters<typeof request>[0], input: Generated) {
  let call = request(app)[input.method.toLowerCase() as 'get'](input.path);
  if (input.query) call = call.query(input.query as Record<string, string>);
  for (const [name, entry] of Object.entries(input.headers)) call = call.set(name, entry);
  const body = input.body;
  if (body && input.method !== 'GET') {
    if (body.kind === 'json')
      call = call.set('Content-Type', 'application/json').send(JSON.stringify(body.value));
    else if (body.kind === 'form') call = call.type('form').send(body.value);
    else call = call.set('Content-Type', body.type).send(body.value);
  }
  // An event stream stays open: a short timeout ends it, and whatever came so far is checked.
  return call
    .timeout({ response: 5000, deadline: 8000 })
    .buffer(true)
    .parse((res, done) => {
      let raw = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        raw += chunk;
        if (raw.length > 0 && /text\/event-stream/.test(String(res.headers['content-type'])))
          (res as unknown as IncomingMessage).destroy();
      });
      res.on('close', () => done(null, raw));
      res.on('end', () => done(null, raw));
    });
}

/** Whether a text some other field of the request carried contains this string (then it may be echoed). */
function sentElsewhere(input: Generated, email: string): boolean {
  const all = JSON.stringify([input.path, input.query, input.headers, input.body]);
  return all.split(email).length - 1 > 1;
}

async function expectPublicThreadsApproved(app: Parameters<typeof request>[0], site: Site): Promise<void> {
  for (const pageId of PAGES) {
    const res = await request(app)
      .get(`/api/v1/sites/${site.id}/comments`)
      .query({ pageId, perPage: 50 })
      .expect(200);
    const shown: string[] = [];
    const walk = (nodes: Array<{ id: string; content?: string; replies?: unknown[] }>) => {
      for (const node of nodes) {
        if (node.content !== undefined) shown.push(node.id);
        walk((node.replies ?? []) as typeof nodes);
      }
    };
    walk(res.body.comments);
    for (const id of shown) expect([id, (await findComment(id))?.status]).toEqual([id, 'approved']);
  }
}

it('public routes answer any input without a 5xx, with the error model, without emails or unapproved comments', async () => {
  const { app } = buildTestApp({ config: { TRUST_PROXY: 'true' } });
  const site = await buildSite({ settings: { moderation: 'all' } });
  const approved = await buildComment(site, {
    pageId: '/p',
    email: SEEDED_EMAILS[0],
    content: 'Visible approved text',
    authorToken: AUTHOR_TOKEN,
    createdAt: new Date(),
  });
  const hidden = await Promise.all([
    buildComment(site, {
      pageId: '/p',
      status: 'pending',
      email: SEEDED_EMAILS[1],
      content: HIDDEN_TEXTS[0],
    }),
    buildComment(site, { pageId: '/p', status: 'spam', email: SEEDED_EMAILS[2], content: HIDDEN_TEXTS[1] }),
    buildComment(site, { pageId: '/q', status: 'trash', content: HIDDEN_TEXTS[2] }),
    buildComment(site, { parent: approved, status: 'pending', content: HIDDEN_TEXTS[3] }),
  ]);
  const ids = [approved.id, ...hidden.map((comment) => comment.id)];

  await fc.assert(
    fc.asyncProperty(generated(site.id, ids), async (input) => {
      const res = await send(app, input);
      if (process.env.PARLEY_PROPERTY_STATS)
        process.stderr.write(
          `STAT ${input.method} ${input.path
            .replace(/sites\/[^/]*/, 'sites/S')
            .replace(/comments\/[^/]+/, 'comments/ID')
            .slice(0, 40)} ${res.status} ${String(res.body).slice(0, 200)}\n`,
        );
      const raw = typeof res.body === 'string' ? res.body : '';
      expect(res.status).toBeLessThan(500);
      expect(raw).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
      if (res.status >= 400 && /json/.test(String(res.headers['content-type']))) {
        const answer = JSON.parse(raw);
        expect(answer).toEqual({
          error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
        });
        expect(
          Object.keys(answer.error).filter((key) => !['code', 'message', 'fields'].includes(key)),
        ).toEqual([]);
        if (answer.error.fields !== undefined) {
          for (const message of Object.values(answer.error.fields)) expect(typeof message).toBe('string');
        }
      }
      for (const secret of [...SEEDED_EMAILS, ...input.emails]) {
        if (input.emails.includes(secret) && sentElsewhere(input, secret)) continue;
        expect(raw.toLowerCase()).not.toContain(secret.toLowerCase());
      }
      for (const hiddenText of HIDDEN_TEXTS) expect(raw).not.toContain(hiddenText);
      await expectPublicThreadsApproved(app, site);
    }),
    { numRuns: RUNS },
  );
}, 600_000);
