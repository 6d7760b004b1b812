// What the lists do to a reader's post: a blocked commenter (by email, IP or range) is answered
// exactly as anyone whose comment waits for a moderator, and the comment is stored as spam
// with reason blocked_commenter, never checked by Akismet, queued or announced; an expired block
// no longer applies. A trusted commenter skips the hold rules and the moderation mode, not the
// spam check.
import request from 'supertest';
import type { CommentListener } from '../../src/comments/events';
import { CommentModel } from '../../src/comments/store/comment.model';
import type { SiteSettings } from '../../src/sites/site.schema';
import { SPAM_AUTHOR, useFakeAkismet } from '../fakes/akismet';
import { createTestClock } from '../helpers/clock';
import { useTestDatabase } from '../helpers/db';
import { buildSite, SITE_ORIGIN } from '../helpers/factories';
import { as, buildActor } from '../moderation/helpers';
import { createSpamHarness } from '../spam/harness';

useTestDatabase();
const akismet = useFakeAkismet();

const PAGE = '/2026/03/blocked';
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const SPAMMER = 'spammer@example.org';

function setUp(settings: Partial<SiteSettings> = {}) {
  const clock = createTestClock('2026-03-01T10:00:00Z');
  const events: string[] = [];
  const hooks: CommentListener = {
    onQueued: async (comment) => {
      events.push(`queued ${comment.id}`);
    },
    onStatusChanged: async (comment, _from, to) => {
      events.push(`${to} ${comment.id}`);
    },
  };
  const harness = createSpamHarness(akismet.current(), { clock, hooks });
  return {
    harness,
    clock,
    events,
    async site() {
      const site = await buildSite({ settings });
      const moderator = await buildActor({ sites: [site.id] });
      return { site, mod: as(harness.app, moderator) };
    },
    post(siteId: string, fields: Record<string, string>, ip = '192.0.2.50') {
      clock.advance(60_000);
      return request(harness.app)
        .post(`/api/v1/sites/${siteId}/comments`)
        .set('Origin', SITE_ORIGIN)
        .set('X-Forwarded-For', ip)
        .send({
          pageId: PAGE,
          pageUrl: `${SITE_ORIGIN}${PAGE}`,
          author: 'Someone',
          content: 'Hello',
          ...fields,
        });
    },
    formPost(siteId: string, fields: Record<string, string>, ip = '192.0.2.50') {
      clock.advance(60_000);
      return request(harness.app)
        .post(`/api/v1/sites/${siteId}/comments`)
        .type('form')
        .set('Accept', BROWSER_ACCEPT)
        .set('X-Forwarded-For', ip)
        .send({
          pageId: PAGE,
          pageUrl: `${SITE_ORIGIN}${PAGE}`,
          author: 'Someone',
          comment: 'Hello',
          ...fields,
        });
    },
  };
}

/** An answer with what differs between any two posts (ids, times, tokens, seeds) taken out. */
function shapeOf(res: request.Response) {
  const { comment, authorToken } = res.body;
  const headers = Object.keys(res.headers)
    .filter((name) => !['date', 'x-request-id', 'content-length', 'etag'].includes(name))
    .sort();
  return {
    status: res.status,
    headers,
    contentType: res.headers['content-type'],
    body: {
      ...res.body,
      authorToken: typeof authorToken,
      comment: {
        ...comment,
        id: typeof comment.id,
        content: typeof comment.content,
        createdAt: typeof comment.createdAt,
        author: { ...comment.author, avatar: comment.author.avatar.kind },
      },
    },
  };
}

async function stored(id: string) {
  return CommentModel.findById(id).select('+spamCheck').lean();
}

describe('a blocked commenter', () => {
  it.each([
    ['email', { email: SPAMMER.toUpperCase() }, {}],
    ['IP', { ip: '198.51.100.7' }, {}],
    ['IPv4 range', { cidr: '198.51.100.0/24' }, {}],
    ['IPv6 range', { cidr: '2001:db8:bad::/48' }, { ip: '2001:db8:bad::1234' }],
  ])(
    'by %s: the same 201 as any pending post, stored as spam with blocked_commenter',
    async (_name, block, who) => {
      const world = setUp();
      const { site, mod } = await world.site();
      await mod.post(`/sites/${site.id}/blocks`, block).expect(201);
      const ip = (who as { ip?: string }).ip ?? '198.51.100.7';

      const normal = await world.post(
        site.id,
        { email: 'reader@example.org', content: 'A fair point' },
        '192.0.2.8',
      );
      const blocked = await world.post(site.id, { email: SPAMMER, content: 'Buy now' }, ip);
      expect(blocked.status).toBe(201);
      expect(shapeOf(blocked)).toEqual(shapeOf(normal));
      expect(blocked.body.comment.status).toBe('pending');

      const comment = await stored(blocked.body.comment.id);
      expect(comment?.status).toBe('spam');
      expect(comment?.reasons).toEqual([
        { code: 'blocked_commenter', message: expect.stringMatching(/block list/) },
      ]);
      expect(comment?.spamCheck).toBeUndefined();

      // Only the normal comment is checked; nothing is said of the blocked one.
      expect(await world.harness.drain()).toBe(1);
      expect(akismet.current().callsTo('comment-check')).toHaveLength(1);
      expect(world.events.filter((event) => event.includes(blocked.body.comment.id))).toEqual([]);
      expect((await stored(normal.body.comment.id))?.status).toBe('pending');
    },
  );

  it('gets the same 303 as anyone for a plain form post', async () => {
    const world = setUp();
    const { site, mod } = await world.site();
    await mod.post(`/sites/${site.id}/blocks`, { ip: '198.51.100.7' }).expect(201);
    const normal = await world.formPost(
      site.id,
      { email: 'reader@example.org', comment: 'Fine' },
      '192.0.2.8',
    );
    const blocked = await world.formPost(site.id, { email: SPAMMER, comment: 'Buy now' }, '198.51.100.7');
    expect([normal.status, blocked.status]).toEqual([303, 303]);
    const pattern =
      /^https:\/\/news\.example\/2026\/03\/blocked\?unapproved=([0-9a-f]{24})&moderation-hash=[0-9a-f]+#comment-\1$/;
    expect(normal.headers.location).toMatch(pattern);
    expect(blocked.headers.location).toMatch(pattern);
    const id = pattern.exec(String(blocked.headers.location))?.[1] as string;
    expect((await stored(id))?.status).toBe('spam');
  });

  it('is answered as anyone else is when refused for another reason (a duplicate)', async () => {
    const world = setUp();
    const { site, mod } = await world.site();
    await mod.post(`/sites/${site.id}/blocks`, { email: SPAMMER }).expect(201);
    await world.post(site.id, { email: SPAMMER, content: 'Same words' }).expect(201);
    const again = await world.post(site.id, { email: SPAMMER, content: 'Same words' });
    expect([again.status, again.body.error.code]).toEqual([409, 'duplicate_comment']);
  });

  it('is no longer blocked once the block expired, nor once it is removed', async () => {
    const world = setUp();
    const { site, mod } = await world.site();
    await mod
      .post(`/sites/${site.id}/blocks`, { email: SPAMMER, expiresAt: '2026-03-01T11:00:00Z' })
      .expect(201);
    const ranged = await mod.post(`/sites/${site.id}/blocks`, { cidr: '198.51.100.0/24' }).expect(201);

    const during = await world.post(site.id, { email: SPAMMER, content: 'During' }, '192.0.2.1');
    expect((await stored(during.body.comment.id))?.status).toBe('spam');
    world.clock.advance(60 * 60_000);
    const after = await world.post(site.id, { email: SPAMMER, content: 'After' }, '192.0.2.1');
    expect((await stored(after.body.comment.id))?.status).toBe('pending');
    expect((await stored(after.body.comment.id))?.spamCheck).toMatchObject({ state: 'due' });

    const inRange = await world.post(
      site.id,
      { email: 'other@example.org', content: 'In range' },
      '198.51.100.200',
    );
    expect((await stored(inRange.body.comment.id))?.status).toBe('spam');
    await mod.delete(`/sites/${site.id}/blocks/${ranged.body.entry.id}`).expect(204);
    const unblocked = await world.post(
      site.id,
      { email: 'other@example.org', content: 'Unblocked' },
      '198.51.100.200',
    );
    expect((await stored(unblocked.body.comment.id))?.status).toBe('pending');
  });

  it('is blocked on its own site only', async () => {
    const world = setUp();
    const { site, mod } = await world.site();
    const { site: other } = await world.site();
    await mod.post(`/sites/${site.id}/blocks`, { email: SPAMMER }).expect(201);
    const elsewhere = await world.post(other.id, { email: SPAMMER });
    expect((await stored(elsewhere.body.comment.id))?.status).toBe('pending');
  });
});

describe('a trusted commenter', () => {
  it("skips the site's moderation 'all' and the hold rules after a ham verdict", async () => {
    const world = setUp({ moderation: 'all', maxLinks: 1, moderationKeywords: ['refund'] });
    const { site, mod } = await world.site();
    await mod.post(`/sites/${site.id}/trusts`, { email: 'Regular@Example.org' }).expect(201);
    const trusted = await world.post(site.id, {
      email: 'regular@example.org',
      content: 'A refund? https://a.example',
    });
    const stranger = await world.post(site.id, { email: 'new@example.org', content: 'Hello there' });
    expect(await world.harness.drain()).toBe(2);

    const { comment } = await world.harness.read(trusted.body.comment.id);
    expect(comment.status).toBe('approved');
    expect(comment.reasons).toEqual([
      { code: 'trusted_commenter', message: expect.stringMatching(/trust list/) },
    ]);
    expect((await world.harness.read(stranger.body.comment.id)).comment.status).toBe('pending');
    expect(akismet.current().callsTo('comment-check')).toHaveLength(2);
  });

  it('is still marked spam by Akismet and by a blocked word', async () => {
    const world = setUp({ moderation: 'all', blockedKeywords: ['casino'] });
    const { site, mod } = await world.site();
    await mod.post(`/sites/${site.id}/trusts`, { email: 'regular@example.org' }).expect(201);
    const byAkismet = await world.post(site.id, { email: 'regular@example.org', author: SPAM_AUTHOR });
    const byWord = await world.post(site.id, {
      email: 'regular@example.org',
      content: 'Best casino in town',
    });
    await world.harness.drain();
    expect((await world.harness.read(byAkismet.body.comment.id)).codes).toEqual(['akismet_spam']);
    expect((await world.harness.read(byAkismet.body.comment.id)).comment.status).toBe('spam');
    expect((await world.harness.read(byWord.body.comment.id)).comment).toMatchObject({
      status: 'spam',
      reasons: [{ code: 'blocked_keyword', message: 'Contains the blocked word "casino".' }],
    });
  });

  it('is held like anyone when the trust expired', async () => {
    const world = setUp({ moderation: 'all' });
    const { site, mod } = await world.site();
    await mod.post(`/sites/${site.id}/trusts`, {
      email: 'regular@example.org',
      expiresAt: '2026-03-01T10:30:00Z',
    });
    world.clock.advance(60 * 60_000);
    const late = await world.post(site.id, { email: 'regular@example.org' });
    await world.harness.drain();
    expect((await world.harness.read(late.body.comment.id)).codes).toEqual(['moderation_all']);
  });
});
