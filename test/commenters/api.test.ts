// The block and trust list routes: who may call them, what they refuse, what they store (a hash
// and a masked form, never the email), what a comment's card can list without the email
// leaving the server, and the audit entry of every add and remove.
import mongoose from 'mongoose';
import request from 'supertest';
import { listListAudit } from '../../src/audit/audit.model';
import { createTestClock } from '../helpers/clock';
import { useTestDatabase } from '../helpers/db';
import { buildComment } from '../helpers/factories';
import { as, buildModerationApp, buildWorld } from '../moderation/helpers';

useTestDatabase();

const clock = createTestClock('2026-03-01T10:00:00Z');
const { app, vault, logLines } = buildModerationApp({ clock });
const EMAIL = 'Spammer.Joe@Example.org';
const ONE_OF = 'Give one of `email`, `ip`, `cidr`, `commentId`.';

const entries = () => mongoose.connection.collection('commenter_entries').find().toArray();
const summary = (site: string) =>
  mongoose.connection.collection('commenter_lists').findOne({ _id: site as never });

describe('POST /sites/:site/blocks', () => {
  it('blocks an email as its HMAC and a masked form, lists it, and audits it', async () => {
    const world = await buildWorld();
    const res = await as(app, world.newsModerator)
      .post('/sites/news/blocks', { email: EMAIL, note: 'link farm', expiresAt: '2026-04-01T00:00:00Z' })
      .expect(201);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.body.entry).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      site: 'news',
      list: 'block',
      kind: 'email',
      value: 'S•••@Example.org',
      note: 'link farm',
      addedBy: { id: world.newsModerator.user.id, name: expect.any(String) },
      commentId: null,
      createdAt: '2026-03-01T10:00:00.000Z',
      expiresAt: '2026-04-01T00:00:00.000Z',
      isExpired: false,
    });

    const stored = await entries();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.value).toBe(vault.hash(EMAIL));
    expect(JSON.stringify(stored).toLowerCase()).not.toContain('spammer.joe');
    expect((await summary('news'))?.blockedEmails).toEqual([
      { value: vault.hash(EMAIL), until: new Date('2026-04-01T00:00:00Z') },
    ]);

    const list = await as(app, world.newsModerator).get('/sites/news/blocks').expect(200);
    expect(list.body).toEqual({ entries: [res.body.entry] });
    expect(await listListAudit('news')).toEqual([
      {
        at: clock.now(),
        userId: world.newsModerator.user.id,
        action: 'block',
        site: 'news',
        detail: {
          entryId: res.body.entry.id,
          kind: 'email',
          value: 'S•••@Example.org',
          expiresAt: '2026-04-01T00:00:00.000Z',
          note: 'link farm',
        },
      },
    ]);
    expect(logLines.join('').toLowerCase()).not.toContain('spammer.joe');
  });

  it('blocks an IPv4 or IPv6 address and a range, written one way', async () => {
    const world = await buildWorld();
    const mod = as(app, world.newsModerator);
    const ip = await mod.post('/sites/news/blocks', { ip: ' 2001:DB8::7 ' }).expect(201);
    const v4 = await mod.post('/sites/news/blocks', { ip: '::ffff:198.51.100.4' }).expect(201);
    const range = await mod.post('/sites/news/blocks', { cidr: '203.0.113.0/24' }).expect(201);
    const range6 = await mod.post('/sites/news/blocks', { cidr: '2001:db8:aa::/48' }).expect(201);
    expect([ip, v4, range, range6].map((res) => [res.body.entry.kind, res.body.entry.value])).toEqual([
      ['ip', '2001:db8::7'],
      ['ip', '198.51.100.4'],
      ['cidr', '203.0.113.0/24'],
      ['cidr', '2001:db8:aa::/48'],
    ]);
    const stored = await summary('news');
    expect(stored?.blockedIps.map((rule: { value: string }) => rule.value)).toEqual([
      '2001:db8::7',
      '198.51.100.4',
    ]);
    expect(stored?.blockedRanges.map((rule: { value: string }) => rule.value)).toEqual([
      '203.0.113.0/24',
      '2001:db8:aa::/48',
    ]);
  });

  it('refuses bad input with a message per field', async () => {
    const world = await buildWorld();
    const mod = as(app, world.newsModerator);
    const cases: Array<[object, Record<string, string>]> = [
      [{}, Object.fromEntries(['email', 'ip', 'cidr', 'commentId'].map((field) => [field, ONE_OF]))],
      [
        { email: EMAIL, ip: '192.0.2.1' },
        { email: expect.stringMatching(/only one/), ip: expect.stringMatching(/only one/) },
      ],
      [{ email: 'not-an-email' }, { email: 'Not a valid email address.' }],
      [{ ip: '300.1.1.1' }, { ip: 'Not an IPv4 or IPv6 address.' }],
      [{ ip: '192.0.2.0/24' }, { ip: 'Not an IPv4 or IPv6 address.' }],
      [{ cidr: '192.0.2.0/33' }, { cidr: expect.stringMatching(/^Not a CIDR range/) }],
      [{ cidr: '192.0.2.1' }, { cidr: expect.stringMatching(/^Not a CIDR range/) }],
      [{ cidr: '10.0.0.0/4' }, { cidr: expect.stringMatching(/too wide/) }],
      [{ ip: '192.0.2.1', expiresAt: 'next week' }, { expiresAt: expect.stringMatching(/ISO 8601/) }],
      [
        { ip: '192.0.2.1', expiresAt: '2026-02-28T10:00:00Z' },
        { expiresAt: 'expiresAt must be in the future.' },
      ],
      [{ ip: '192.0.2.1', note: 'x'.repeat(201) }, { note: expect.stringMatching(/at most 200/) }],
      [{ commentId: 'abc', by: 'email' }, { commentId: 'Not a comment id.' }],
      [{ commentId: 'a'.repeat(24) }, { by: expect.stringMatching(/required/) }],
      [{ commentId: 'a'.repeat(24), by: 'name' }, { by: 'by must be "email" or "ip".' }],
    ];
    for (const [body, fields] of cases) {
      const res = await mod.post('/sites/news/blocks', body);
      expect({ body, status: res.status, code: res.body.error?.code }).toEqual({
        body,
        status: 422,
        code: 'validation_failed',
      });
      expect(res.body.error.fields).toEqual(fields);
    }
    expect(await entries()).toEqual([]);
  });

  it('refuses the same value twice, but replaces an expired entry', async () => {
    const world = await buildWorld();
    const mod = as(app, world.newsModerator);
    await mod.post('/sites/news/blocks', { email: EMAIL, expiresAt: '2026-03-02T00:00:00Z' }).expect(201);
    const twice = await mod.post('/sites/news/blocks', { email: EMAIL.toLowerCase() }).expect(409);
    expect(twice.body.error.code).toBe('already_listed');
    clock.advance(2 * 86_400_000);
    const again = await mod.post('/sites/news/blocks', { email: EMAIL }).expect(201);
    expect(again.body.entry.expiresAt).toBeNull();
    expect((await entries()).map((entry) => String(entry._id))).toEqual([again.body.entry.id]);
  });

  it('blocks the author of a comment by email or IP, without sending the email', async () => {
    const world = await buildWorld();
    const comment = await buildComment(world.news, { email: EMAIL, ip: '198.51.100.23' });
    const mod = as(app, world.newsModerator);
    const byEmail = await mod.post('/sites/news/blocks', { commentId: comment.id, by: 'email' }).expect(201);
    const byIp = await mod.post('/sites/news/blocks', { commentId: comment.id, by: 'ip' }).expect(201);
    expect(byEmail.body.entry).toMatchObject({
      kind: 'email',
      value: 'S•••@Example.org',
      commentId: comment.id,
    });
    expect(byIp.body.entry).toMatchObject({ kind: 'ip', value: '198.51.100.23', commentId: comment.id });
    expect(JSON.stringify([byEmail.body, byIp.body]).toLowerCase()).not.toContain('spammer.joe');
    expect((await summary('news'))?.blockedEmails[0].value).toBe(vault.hash(EMAIL));

    const elsewhere = await buildComment(world.blog, { email: EMAIL });
    const wrongSite = await mod.post('/sites/news/blocks', { commentId: elsewhere.id, by: 'email' });
    expect([wrongSite.status, wrongSite.body.error.code]).toEqual([404, 'comment_not_found']);
  });
});

describe('who may change a list', () => {
  it('answers 401 without a session and 403 to a moderator of another site', async () => {
    const world = await buildWorld();
    const anonymous = await request(app)
      .post('/api/v1/moderation/sites/news/blocks')
      .send({ ip: '192.0.2.1' });
    expect([anonymous.status, anonymous.body.error.code]).toEqual([401, 'unauthorized']);
    expect((await request(app).get('/api/v1/moderation/sites/news/trusts')).status).toBe(401);

    const other = as(app, world.blogModerator);
    for (const res of [
      await other.post('/sites/news/blocks', { ip: '192.0.2.1' }),
      await other.get('/sites/news/blocks'),
      await other.post('/sites/news/trusts', { email: EMAIL }),
      await other.get('/sites/news/trusts'),
      await other.delete(`/sites/news/blocks/${'a'.repeat(24)}`),
    ]) {
      expect([res.status, res.body.error.code]).toEqual([403, 'forbidden_site']);
    }
    expect(await entries()).toEqual([]);

    const missing = await as(app, world.admin).get('/sites/nowhere/blocks');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'site_not_found']);
  });
});

describe('DELETE /sites/:site/blocks/:id', () => {
  it('removes the entry and its rule, audits it, and 404s an id of another list or site', async () => {
    const world = await buildWorld();
    const mod = as(app, world.newsModerator);
    const added = await mod.post('/sites/news/blocks', { cidr: '203.0.113.0/24' }).expect(201);
    const id = added.body.entry.id as string;

    expect((await mod.delete(`/sites/news/trusts/${id}`)).body.error.code).toBe('entry_not_found');
    const blogAdded = await as(app, world.blogModerator)
      .post('/sites/blog/blocks', { ip: '192.0.2.9' })
      .expect(201);
    expect((await as(app, world.admin).delete(`/sites/news/blocks/${blogAdded.body.entry.id}`)).status).toBe(
      404,
    );
    expect((await mod.delete('/sites/news/blocks/nope')).status).toBe(422);

    await mod.delete(`/sites/news/blocks/${id}`).expect(204);
    expect((await mod.get('/sites/news/blocks').expect(200)).body).toEqual({ entries: [] });
    expect((await summary('news'))?.blockedRanges).toEqual([]);
    expect((await mod.delete(`/sites/news/blocks/${id}`)).status).toBe(404);
    expect((await listListAudit('news')).map((entry) => [entry.action, entry.detail.value])).toEqual([
      ['unblock', '203.0.113.0/24'],
      ['block', '203.0.113.0/24'],
    ]);
  });
});

describe('/sites/:site/trusts', () => {
  it('trusts emails only, typed or from a comment, and lists them apart from blocks', async () => {
    const world = await buildWorld();
    const comment = await buildComment(world.news, { email: 'regular@example.org' });
    const mod = as(app, world.newsModerator);
    const typed = await mod.post('/sites/news/trusts', { email: EMAIL }).expect(201);
    const fromCard = await mod.post('/sites/news/trusts', { commentId: comment.id }).expect(201);
    expect(typed.body.entry).toMatchObject({ list: 'trust', kind: 'email', value: 'S•••@Example.org' });
    expect(fromCard.body.entry).toMatchObject({ list: 'trust', kind: 'email', value: 'r•••@example.org' });

    const ip = await mod.post('/sites/news/trusts', { ip: '192.0.2.1' });
    expect(ip.status).toBe(422);
    const oneOf = 'Give one of `email`, `commentId`.';
    expect(ip.body.error.fields).toEqual({ email: oneOf, commentId: oneOf });
    const byIp = await mod.post('/sites/news/trusts', { commentId: comment.id, by: 'ip' });
    expect(byIp.body.error.fields).toEqual({ by: 'by must be "email".' });

    expect((await mod.get('/sites/news/trusts')).body.entries).toHaveLength(2);
    expect((await mod.get('/sites/news/blocks')).body.entries).toEqual([]);
    expect((await summary('news'))?.trustedEmails).toHaveLength(2);

    await mod.delete(`/sites/news/trusts/${typed.body.entry.id}`).expect(204);
    expect((await listListAudit('news')).map((entry) => entry.action)).toEqual(['untrust', 'trust', 'trust']);
  });
});
