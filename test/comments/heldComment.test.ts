// A reader back from a plain form post: the return address names their comment and carries
// its moderation-hash (src/comments/moderationHash.ts), and a thread read with that hash
// shows them that comment, marked pending, while nobody else sees it.
import { Types } from 'mongoose';
import request from 'supertest';
import { moderationHash } from '../../src/comments/moderationHash';
import { changeCommentStatus } from '../../src/comments/store/changes';
import { CommentModel } from '../../src/comments/store/comment.model';
import { createEmailVault } from '../../src/privacy/emailVault';
import type { Site } from '../../src/sites/site.model';
import { buildTestApp } from '../helpers/app';
import { createTestClock } from '../helpers/clock';
import { useTestDatabase } from '../helpers/db';
import { buildComment, buildSite, SITE_ORIGIN } from '../helpers/factories';

useTestDatabase();

const clock = createTestClock();
const { app, vault, log, logLines } = buildTestApp({ clock });
const PAGE = '/2019/11/gsomia';
const PAGE_URL = `${SITE_ORIGIN}${PAGE}`;

interface Returned {
  id: string;
  hash: string;
  location: URL;
}

async function postByForm(site: Site, extra: Record<string, string> = {}): Promise<Returned> {
  // Well clear of the flood interval.
  clock.advance(60_000);
  const res = await request(app)
    .post(`/api/v1/sites/${site.id}/comments`)
    .type('form')
    .set('Accept', 'text/html')
    .send({
      comment_post_ID: PAGE,
      pageUrl: PAGE_URL,
      author: 'Soo-ah',
      email: 'sooah@example.org',
      comment: `Posted without JavaScript at ${clock.now().toISOString()}.`,
      ...extra,
    });
  expect(res.status).toBe(303);
  const location = new URL(res.headers.location as string);
  const id = location.searchParams.get('unapproved') as string;
  const hash = location.searchParams.get('moderation-hash') as string;
  expect(location.hash).toBe(`#comment-${id}`);
  return { id, hash, location };
}

function read(site: Site, query: string, hash?: string) {
  const req = request(app).get(
    `/api/v1/sites/${site.id}/comments?pageId=${encodeURIComponent(PAGE)}&${query}`,
  );
  return hash === undefined ? req : req.set('Parley-Moderation-Hash', hash);
}

const ids = (res: request.Response) =>
  (res.body.comments as Array<{ id: string; status: string }>).map((comment) => [comment.id, comment.status]);

describe("a plain form post's return address", () => {
  it('shows the reader their comment, pending, privately, and only with the right hash', async () => {
    const site = await buildSite();
    const approved = await buildComment(site, { pageId: PAGE });
    const held = await postByForm(site);
    const stored = await CommentModel.findById(held.id).lean();
    expect(stored?.status).toBe('pending');
    expect(held.hash).toBe(moderationHash(vault, held.id));

    const mine = await read(site, `unapproved=${held.id}`, held.hash);
    expect(mine.status).toBe(200);
    expect(ids(mine)).toEqual([
      [approved.id, 'approved'],
      [held.id, 'pending'],
    ]);
    expect(mine.headers['cache-control']).toBe('private, no-store');
    expect(mine.headers.vary).toMatch(/Parley-Moderation-Hash/i);
    expect(mine.headers.etag).toBeUndefined();

    // Without the hash, with another comment's hash, or with one character changed: the public thread.
    const other = await postByForm(site, { author: 'Someone else', email: 'else@example.org' });
    const flipped = `${held.hash.slice(0, -1)}${held.hash.endsWith('0') ? '1' : '0'}`;
    for (const hash of [undefined, other.hash, flipped, 'not-a-hash']) {
      const res = await read(site, `unapproved=${held.id}`, hash);
      expect({ hash, shown: ids(res) }).toEqual({ hash, shown: [[approved.id, 'approved']] });
    }
    // The hash does not work as a query parameter, where access logs would keep it.
    const inQuery = await read(site, `unapproved=${held.id}&moderation-hash=${held.hash}`);
    expect(ids(inQuery)).toEqual([[approved.id, 'approved']]);
    expect(inQuery.headers['cache-control']).toMatch(/^public/);
  });

  it('is made from the comment id with a server key: not the author token nor anything stored', async () => {
    const site = await buildSite();
    const first = await postByForm(site);
    const second = await postByForm(site, { comment: 'A second thought.' });
    expect(second.hash).not.toBe(first.hash);
    expect(first.hash).toMatch(/^[0-9a-f]{32}$/);
    // Every field, the private ones too.
    const stored = await CommentModel.collection.findOne({ _id: new Types.ObjectId(first.id) });
    expect(stored?.authorTokenHash).toMatch(/^[0-9a-f]{64}$/);
    const storedText = JSON.stringify(stored);
    expect(storedText).not.toContain(first.hash);
    expect(first.location.href).not.toContain(stored?.authorTokenHash as string);
    // Another server key gives another hash: it cannot be computed without EMAIL_KEY.
    expect(moderationHash(createEmailVault(Buffer.alloc(32, 9)), first.id)).not.toBe(first.hash);

    await read(site, `unapproved=${first.id}`, first.hash).expect(200);
    // Not logged: the access log has the URL, and the logger masks the header wherever it goes.
    log.info({ req: { headers: { 'parley-moderation-hash': first.hash } } }, 'a request logged in full');
    expect(logLines.join('')).not.toContain(first.hash);
    expect(logLines.at(-1)).toContain('[redacted]');
  });

  it('keeps the page address’s own query, and shows the comment on its own site and page only', async () => {
    const site = await buildSite();
    const held = await postByForm(site, { pageUrl: `${PAGE_URL}?edition=asia` });
    expect(held.location.search).toBe(`?edition=asia&unapproved=${held.id}&moderation-hash=${held.hash}`);

    const otherSite = await buildSite();
    const elsewhere = await request(app)
      .get(`/api/v1/sites/${otherSite.id}/comments?pageId=${encodeURIComponent(PAGE)}&unapproved=${held.id}`)
      .set('Parley-Moderation-Hash', held.hash);
    expect(elsewhere.body.comments).toEqual([]);
    const otherPage = await request(app)
      .get(`/api/v1/sites/${site.id}/comments?pageId=/another-story&unapproved=${held.id}`)
      .set('Parley-Moderation-Hash', held.hash);
    expect(otherPage.body.comments).toEqual([]);
  });

  it('shows nothing more once the comment is decided, and nothing for a bot’s spam', async () => {
    const site = await buildSite();
    const approvedLater = await postByForm(site);
    const trashedLater = await postByForm(site, { author: 'Ji-woo', email: 'jiwoo@example.org' });
    await changeCommentStatus(approvedLater.id, 'pending', 'approved', clock.now());
    await changeCommentStatus(trashedLater.id, 'pending', 'trash', clock.now());
    expect(ids(await read(site, `unapproved=${approvedLater.id}`, approvedLater.hash))).toEqual([
      [approvedLater.id, 'approved'],
    ]);
    expect(ids(await read(site, `unapproved=${trashedLater.id}`, trashedLater.hash))).toEqual([
      [approvedLater.id, 'approved'],
    ]);

    // A bot that fills the honeypot gets the same kind of address; its comment is never shown.
    const bot = await postByForm(site, {
      author: 'Bot',
      email: 'bot@example.org',
      homepage: 'http://x.example',
    });
    expect((await CommentModel.findById(bot.id).lean())?.status).toBe('spam');
    expect(ids(await read(site, `unapproved=${bot.id}`, bot.hash))).toEqual([[approvedLater.id, 'approved']]);
  });

  it('refuses an unapproved value that is not a comment id', async () => {
    const site = await buildSite();
    const res = await read(site, 'unapproved=12', 'a'.repeat(32));
    expect(res.status).toBe(422);
    expect(res.body.error.fields).toEqual({ unapproved: 'unapproved must be a comment id.' });
  });

  it('lets the site’s origins send the hash header', async () => {
    const site = await buildSite();
    const preflight = await request(app)
      .options(`/api/v1/sites/${site.id}/comments`)
      .set('Origin', SITE_ORIGIN)
      .set('Access-Control-Request-Method', 'GET')
      .set('Access-Control-Request-Headers', 'parley-moderation-hash');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-headers']).toMatch(/Parley-Moderation-Hash/i);
  });
});
