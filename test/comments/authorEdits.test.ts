// A commenter's own edits and deletes (PATCH/DELETE /sites/{site}/comments/{id} with the
// Parley-Author-Token their post answered with): the refusals, the re-check for spam, the
// moderation again, the history moderators see, and the placeholders readers see.
import request from 'supertest';
import { listCommentAudit } from '../../src/audit/audit.model';
import type { Comment } from '../../src/comments/store/comment.types';
import { findComment } from '../../src/comments/store/reads';
import {
  claimNextSpamCheck,
  findSpamCheck,
  storeSpamCheckVerdict,
} from '../../src/comments/store/spamChecks';
import type { Site } from '../../src/sites/site.model';
import { updateSiteSetting } from '../../src/sites/site.model';
import type { SiteSettings } from '../../src/sites/site.schema';
import { useFakeAkismet } from '../fakes/akismet';
import { useTestDatabase } from '../helpers/db';
import { buildComment, buildSite, SITE_ORIGIN } from '../helpers/factories';
import { type Actor, as, buildActor } from '../moderation/helpers';
import { createSpamHarness } from '../spam/harness';

useTestDatabase();
const akismet = useFakeAkismet();

const PAGE = '/2026/01/story';
const MINUTE = 60_000;

async function setup(settings: Partial<SiteSettings> = {}) {
  const harness = createSpamHarness(akismet.current());
  const site = await buildSite({ settings: { moderation: 'none', ...settings } });
  const base = `/api/v1/sites/${site.id}/comments`;
  const { app } = harness;

  let sender = 0;
  async function post(fields: Record<string, unknown> = {}) {
    const res = await request(app)
      .post(base)
      .set('Origin', SITE_ORIGIN)
      .set('X-Forwarded-For', `203.0.113.${++sender}`)
      .send({
        pageId: PAGE,
        pageUrl: `${SITE_ORIGIN}${PAGE}`,
        author: 'Ann Example',
        email: 'ann@example.org',
        url: 'https://ann.example/',
        content: 'First thoughts.',
        ...fields,
      })
      .expect(201);
    return { id: res.body.comment.id as string, token: res.body.authorToken as string };
  }
  const edit = (id: string, token: string | undefined, body: object) => {
    const call = request(app).patch(`${base}/${id}`).set('Origin', SITE_ORIGIN);
    return (token ? call.set('Parley-Author-Token', token) : call).send(body);
  };
  const remove = (id: string, token: string | undefined) => {
    const call = request(app).delete(`${base}/${id}`).set('Origin', SITE_ORIGIN);
    return token ? call.set('Parley-Author-Token', token) : call;
  };
  const thread = async () => (await request(app).get(`${base}?pageId=${PAGE}`).expect(200)).body;
  return { harness, site, app, post, edit, remove, thread };
}

describe('author edits', () => {
  it('edits with the right token, checks the new text for spam again, and marks it edited', async () => {
    const { harness, post, edit, thread } = await setup();
    const { id, token } = await post();
    await harness.drain();
    expect((await findComment(id))?.status).toBe('approved');
    const callsBefore = akismet.current().callsTo('comment-check').length;

    harness.clock.advance(2 * MINUTE);
    const res = await edit(id, token, { content: 'Second <b>thoughts</b>.\n\nWith more.' }).expect(200);
    expect(res.body.comment).toMatchObject({
      id,
      status: 'pending',
      content: '<p>Second <b>thoughts</b>.</p>\n<p>With more.</p>',
      editedAt: harness.clock.now().toISOString(),
    });
    // Held for its new check: gone from the public thread meanwhile (it has no replies).
    expect((await thread()).comments).toEqual([]);

    expect(await harness.drain()).toBe(1);
    const calls = akismet.current().callsTo('comment-check');
    expect(calls).toHaveLength(callsBefore + 1);
    expect(calls.at(-1)?.fields.comment_content).toBe('Second <b>thoughts</b>.\n\nWith more.');
    const stored = await findComment(id);
    expect(stored?.status).toBe('approved');
    expect(stored?.reasons.map((reason) => reason.code)).toContain('author_edited');
    const check = await findSpamCheck(id);
    expect(check?.attempts.map((attempt) => attempt.verdict)).toEqual(['approved', 'approved']);
    // One verdict per round, and nothing left to check.
    expect(await harness.drain()).toBe(0);

    const shown = (await thread()).comments[0];
    expect(shown).toMatchObject({ id, editedAt: harness.clock.now().toISOString() });
    expect(shown.content).toContain('Second');
  });

  it("under moderation 'all', an edited approved comment waits for a moderator again", async () => {
    const { harness, app, site, post, edit, thread } = await setup({ moderation: 'all' });
    const { id, token } = await post();
    await harness.drain();
    const moderator = await buildActor({ sites: [site.id] });
    await as(app, moderator).post(`/comments/${id}/approve`).expect(200);
    expect((await thread()).total).toBe(1);

    await edit(id, token, { content: 'Changed my mind.' }).expect(200);
    await harness.drain();
    expect((await findComment(id))?.status).toBe('pending');
    expect((await thread()).total).toBe(0);
    const pending = await as(app, moderator).get(`/comments?status=pending&site=${site.id}`).expect(200);
    expect(pending.body.comments.map((card: { id: string }) => card.id)).toEqual([id]);

    // Moderators see the earlier text with its times; readers never do.
    const detail = await as(app, moderator).get(`/comments/${id}`).expect(200);
    expect(detail.body.history).toEqual([
      {
        content: '<p>First thoughts.</p>',
        writtenAt: expect.any(String),
        replacedAt: harness.clock.now().toISOString(),
        by: 'author',
      },
    ]);
    expect(detail.body.comment.editedAt).toBe(harness.clock.now().toISOString());
    await as(app, moderator).post(`/comments/${id}/approve`).expect(200);
    const body = JSON.stringify(await thread());
    expect(body).toContain('Changed my mind.');
    expect(body).not.toContain('First thoughts');
    expect(body).not.toContain('history');
  });

  it('a re-check that finds the new text spam marks it spam', async () => {
    const { harness, post, edit } = await setup();
    const { id, token } = await post();
    await harness.drain();
    akismet.current().spamWords.add('casino');
    await edit(id, token, { content: 'Visit my casino.' }).expect(200);
    await harness.drain();
    expect((await findComment(id))?.status).toBe('spam');
  });

  describe('by a commenter blocked since posting', () => {
    const cards = async (app: Parameters<typeof as>[0], moderator: Actor, site: Site, status: string) =>
      (
        await as(app, moderator).get(`/comments?status=${status}&site=${site.id}`).expect(200)
      ).body.comments.map((card: { id: string }) => card.id);

    it('by email: the edit answers as any edit, and the comment is stored as spam, unchecked', async () => {
      const { harness, app, site, post, edit, thread } = await setup();
      const { id, token } = await post();
      const other = await post({ content: 'Someone else.', email: 'bob@example.org', author: 'Bob' });
      await harness.drain();
      const moderator = await buildActor({ sites: [site.id] });
      await as(app, moderator).post(`/sites/${site.id}/blocks`, { email: 'ANN@example.org' }).expect(201);
      const callsBefore = akismet.current().callsTo('comment-check').length;

      const blocked = await edit(id, token, { content: 'Now with a link to my shop.' }).expect(200);
      const normal = await edit(other.id, other.token, { content: 'A second thought.' }).expect(200);
      // The commenter learns nothing: the same answer, as pending, as anyone's edit.
      expect(blocked.body.comment.status).toBe('pending');
      expect(Object.keys(blocked.body.comment).sort()).toEqual(Object.keys(normal.body.comment).sort());

      const stored = await findComment(id);
      expect(stored?.status).toBe('spam');
      expect(stored?.reasons.map((reason) => reason.code)).toEqual(['author_edited', 'blocked_commenter']);
      expect(stored?.content).toBe('<p>Now with a link to my shop.</p>');
      expect((await findSpamCheck(id))?.state).toBe('done');
      // Only the other commenter's edit is checked; the blocked one is gone from the thread.
      expect(await harness.drain()).toBe(1);
      expect(akismet.current().callsTo('comment-check')).toHaveLength(callsBefore + 1);
      expect((await thread()).comments.map((comment: { id: string }) => comment.id)).toEqual([other.id]);
      expect(await cards(app, moderator, site, 'spam')).toEqual([id]);
    });

    it('by IP: a pending comment leaves the moderation queue, and its queued check is dropped unrun', async () => {
      const { harness, app, site, post } = await setup({ moderation: 'all' });
      const { id, token } = await post();
      const moderator = await buildActor({ sites: [site.id] });
      expect(await cards(app, moderator, site, 'pending')).toEqual([id]);
      await as(app, moderator).post(`/sites/${site.id}/blocks`, { cidr: '198.51.100.0/24' }).expect(201);

      // The block names the address the edit comes from, not the one the comment was posted from.
      await request(app)
        .patch(`/api/v1/sites/${site.id}/comments/${id}`)
        .set('Origin', SITE_ORIGIN)
        .set('X-Forwarded-For', '198.51.100.23')
        .set('Parley-Author-Token', token)
        .send({ content: 'Edited from elsewhere.' })
        .expect(200);

      expect((await findComment(id))?.status).toBe('spam');
      expect(await cards(app, moderator, site, 'pending')).toEqual([]);
      expect(await harness.drain()).toBe(0);
      expect(akismet.current().callsTo('comment-check')).toHaveLength(0);
      expect((await findComment(id))?.status).toBe('spam');
    });
  });

  it('an edit before the first check ran is checked once, with the new text', async () => {
    const { harness, post, edit } = await setup();
    const { id, token } = await post();
    await edit(id, token, { content: 'Quick fix before anyone saw it.' }).expect(200);
    await harness.drain();
    const calls = akismet.current().callsTo('comment-check');
    expect(calls.map((call) => call.fields.comment_content)).toEqual(['Quick fix before anyone saw it.']);
    expect((await findSpamCheck(id))?.attempts).toHaveLength(1);
    expect((await findComment(id))?.status).toBe('approved');
  });

  it('a check of the replaced text, still running when the edit lands, never decides', async () => {
    const { harness, post, edit } = await setup();
    const { id, token } = await post();
    const lease = harness.config.WORKER_LEASE_MS;
    const { claimed } = await claimNextSpamCheck('slow-worker', harness.clock.now(), lease);
    expect(claimed?.comment.id).toBe(id);
    await edit(id, token, { content: 'Changed while it was being checked.' }).expect(200);

    const attempt = {
      at: harness.clock.now(),
      outcome: 'ham' as const,
      durationMs: 5,
      verdict: 'approved' as const,
    };
    const stale = await storeSpamCheckVerdict(claimed?.comment as Comment, attempt, {
      status: 'approved',
      reasons: [],
      now: harness.clock.now(),
      round: claimed?.spamCheck.round,
    });
    expect(stale).toBeUndefined();
    // The edit's round is checked once, with the new text.
    expect(await harness.drain()).toBe(1);
    expect(
      akismet
        .current()
        .callsTo('comment-check')
        .map((call) => call.fields.comment_content),
    ).toEqual(['Changed while it was being checked.']);
    expect((await findComment(id))?.status).toBe('approved');
    // Once the slow worker's lease runs out, its item is dropped unchecked.
    harness.clock.advance(lease + 1000);
    expect(await harness.drain()).toBe(0);
    expect(akismet.current().callsTo('comment-check')).toHaveLength(1);
    expect((await findSpamCheck(id))?.attempts).toHaveLength(1);
  });

  it('refuses edits without a token (401), with the wrong one (403), after the window (403), unknown ids (404)', async () => {
    const { harness, post, edit } = await setup();
    const { id, token } = await post();
    const other = await post({ content: 'Someone else.', email: 'bob@example.org', author: 'Bob' });

    const missing = await edit(id, undefined, { content: 'x' }).expect(401);
    expect(missing.body.error.code).toBe('unauthorized');
    const wrong = await edit(id, other.token, { content: 'Hijacked.' }).expect(403);
    expect(wrong.body.error.code).toBe('not_your_comment');
    const unknown = await edit('0123456789abcdef01234567', token, { content: 'x' }).expect(404);
    expect(unknown.body.error.code).toBe('comment_not_found');
    await edit('not-an-id', token, { content: 'x' }).expect(404);

    harness.clock.advance(10 * MINUTE);
    const late = await edit(id, token, { content: 'Too late.' }).expect(403);
    expect(late.body.error).toMatchObject({ code: 'edit_window_closed' });
    expect(late.body.error.message).toContain('10 minutes');
    expect((await findComment(id))?.content).toBe('<p>First thoughts.</p>');
  });

  it('refuses deletes without a token (401), with the wrong one (403), after the window (403), unknown ids (404)', async () => {
    const { harness, post, remove } = await setup();
    const { id, token } = await post();
    const other = await post({ content: 'Someone else.', email: 'bob@example.org', author: 'Bob' });

    expect((await remove(id, undefined).expect(401)).body.error.code).toBe('unauthorized');
    expect((await remove(id, other.token).expect(403)).body.error.code).toBe('not_your_comment');
    expect((await remove('0123456789abcdef01234567', token).expect(404)).body.error.code).toBe(
      'comment_not_found',
    );

    harness.clock.advance(10 * MINUTE);
    const late = await remove(id, token).expect(403);
    expect(late.body.error).toMatchObject({ code: 'edit_window_closed' });
    expect(late.body.error.message).toContain('10 minutes');
    expect((await findComment(id))?.status).toBe('pending');
    // The other comment, posted at the same moment, is past its window too.
    await remove(other.id, other.token).expect(403);
  });

  it('answers bad content with a message on the field', async () => {
    const { post, edit } = await setup();
    const { id, token } = await post();
    const empty = await edit(id, token, { content: '   ' }).expect(422);
    expect(empty.body.error.fields).toEqual({ content: 'Please type your comment.' });
    const markup = await edit(id, token, { content: '<img src=x>' }).expect(422);
    expect(markup.body.error.fields.content).toContain('nothing readable');
    const missing = await edit(id, token, {}).expect(422);
    expect(missing.body.error.fields).toEqual({ content: 'Comment is required.' });
  });

  it('editWindowMinutes 0 turns author edits and deletes off', async () => {
    const { site, post, edit, remove } = await setup();
    const { id, token } = await post();
    await updateSiteSetting(site.id, 'editWindowMinutes', 0);
    expect((await edit(id, token, { content: 'No.' }).expect(403)).body.error.code).toBe(
      'edit_window_closed',
    );
    expect((await remove(id, token).expect(403)).body.error.code).toBe('edit_window_closed');
  });

  it('refuses a browser on an origin the site does not list', async () => {
    const { app, site, post } = await setup();
    const { id, token } = await post();
    const res = await request(app)
      .patch(`/api/v1/sites/${site.id}/comments/${id}`)
      .set('Origin', 'https://elsewhere.example')
      .set('Parley-Author-Token', token)
      .send({ content: 'From elsewhere.' })
      .expect(403);
    expect(res.body.error.code).toBe('origin_not_allowed');
  });

  it('lets the site origin preflight PATCH and DELETE with the author token', async () => {
    const { app, site } = await setup();
    const res = await request(app)
      .options(`/api/v1/sites/${site.id}/comments/0123456789abcdef01234567`)
      .set('Origin', SITE_ORIGIN)
      .set('Access-Control-Request-Method', 'PATCH')
      .set('Access-Control-Request-Headers', 'content-type,parley-author-token')
      .expect(204);
    expect(res.headers['access-control-allow-methods']).toContain('PATCH');
    expect(res.headers['access-control-allow-methods']).toContain('DELETE');
    expect(res.headers['access-control-allow-headers']).toContain('Parley-Author-Token');
  });
});

describe('author deletes and placeholders', () => {
  async function withReply(site: Site, parentId: string) {
    const parent = await findComment(parentId);
    return buildComment(site, { parent, content: 'A reply to it.' });
  }

  it('deletes to the trash; a deleted comment with replies stays as a placeholder without author data', async () => {
    const { harness, app, site, post, remove, thread } = await setup();
    const { id, token } = await post();
    await harness.drain();
    const reply = await withReply(site, id);

    await remove(id, undefined).expect(401);
    await remove(id, token).expect(204);
    const stored = await findComment(id);
    expect(stored?.status).toBe('trash');
    expect(stored?.reasons.map((reason) => reason.code)).toContain('author_deleted');
    // Not a moderator's act: nothing in the moderation audit.
    expect(await listCommentAudit(id)).toEqual([]);

    const body = await thread();
    expect(body.total).toBe(1);
    expect(body.comments).toEqual([
      {
        id,
        parentId: null,
        depth: 0,
        createdAt: stored?.createdAt.toISOString(),
        deleted: true,
        replies: [expect.objectContaining({ id: reply.id, content: '<p>A reply to it.</p>' })],
      },
    ]);
    const text = JSON.stringify(body);
    for (const secret of ['Ann Example', 'ann.example', 'First thoughts']) expect(text).not.toContain(secret);
    await remove(id, token).expect(404);

    // The last reply goes: the placeholder goes with it.
    const admin = await buildActor({ role: 'admin' });
    await as(app, admin).post(`/comments/${reply.id}/trash`).expect(200);
    expect((await thread()).comments).toEqual([]);
  });

  it('a deleted comment without replies simply disappears', async () => {
    const { harness, post, remove, thread } = await setup();
    const { id, token } = await post();
    await harness.drain();
    await remove(id, token).expect(204);
    expect(await thread()).toMatchObject({ comments: [], total: 0, topLevelTotal: 0 });
  });

  it("a moderator's trash of a reply with replies leaves a placeholder in the middle of the thread", async () => {
    const { app, site, thread } = await setup();
    const top = await buildComment(site, { pageId: PAGE });
    const middle = await buildComment(site, { parent: top, author: 'Middle Author' });
    const leaf = await buildComment(site, { parent: middle });
    const moderator = await buildActor({ sites: [site.id] });
    await as(app, moderator).post(`/comments/${middle.id}/trash`).expect(200);
    const body = await thread();
    expect(body.total).toBe(2);
    const placeholder = body.comments[0].replies[0];
    expect(placeholder).toEqual({
      id: middle.id,
      parentId: top.id,
      depth: 1,
      createdAt: middle.createdAt.toISOString(),
      deleted: true,
      replies: [expect.objectContaining({ id: leaf.id })],
    });
    expect(JSON.stringify(body)).not.toContain('Middle Author');
    // Restored and approved again, it is shown in full.
    await as(app, moderator).post(`/comments/${middle.id}/restore`).expect(200);
    await as(app, moderator).post(`/comments/${middle.id}/approve`).expect(200);
    expect((await thread()).comments[0].replies[0]).toMatchObject({
      id: middle.id,
      author: { name: 'Middle Author' },
    });
  });

  it('an edited comment with replies is held in place; its author sees it there, others a placeholder', async () => {
    const { harness, site, app, post, edit, thread } = await setup({ moderation: 'all' });
    const { id, token } = await post();
    await harness.drain();
    const moderator = await buildActor({ sites: [site.id] });
    await as(app, moderator).post(`/comments/${id}/approve`).expect(200);
    const reply = await withReply(site, id);
    await edit(id, token, { content: 'Edited with a reply below.' }).expect(200);

    const body = await thread();
    expect(body.comments[0]).toMatchObject({ id, held: true, replies: [{ id: reply.id }] });
    expect(body.comments[0].author).toBeUndefined();
    const own = await request(app)
      .get(`/api/v1/sites/${site.id}/comments?pageId=${PAGE}`)
      .set('Parley-Author-Token', token)
      .expect(200);
    expect(own.body.comments).toHaveLength(1);
    expect(own.body.comments[0]).toMatchObject({
      id,
      status: 'pending',
      content: '<p>Edited with a reply below.</p>',
      replies: [{ id: reply.id }],
    });
  });

  it('a held comment with replies shows as deleted once its author deletes it or a moderator trashes it', async () => {
    const { harness, site, app, post, edit, remove, thread } = await setup({ moderation: 'all' });
    const moderator = await buildActor({ sites: [site.id] });
    const held = async (author: string, email: string) => {
      const { id, token } = await post({ author, email, content: `${author} thinks.` });
      await harness.drain();
      await as(app, moderator).post(`/comments/${id}/approve`).expect(200);
      await withReply(site, id);
      await edit(id, token, { content: 'Edited with a reply below.' }).expect(200);
      return { id, token };
    };
    const first = await held('Ann Example', 'ann@example.org');
    const second = await held('Bo Example', 'bo@example.org');
    const placeholderOf = async (id: string) =>
      (await thread()).comments.find((comment: { id: string }) => comment.id === id);
    expect(await placeholderOf(first.id)).toMatchObject({ held: true });

    await remove(first.id, first.token).expect(204);
    await as(app, moderator).post(`/comments/${second.id}/trash`).expect(200);
    for (const { id } of [first, second]) {
      const placeholder = await placeholderOf(id);
      expect(placeholder).toMatchObject({ deleted: true, replies: [expect.objectContaining({ depth: 1 })] });
      expect(placeholder.held).toBeUndefined();
    }
  });

  it('the rebuilt thread agrees with the synced one, placeholders included', async () => {
    const { app, site, thread } = await setup();
    const top = await buildComment(site, { pageId: PAGE });
    const middle = await buildComment(site, { parent: top });
    await buildComment(site, { parent: middle });
    const moderator = await buildActor({ sites: [site.id] });
    await as(app, moderator).post(`/comments/${top.id}/trash`).expect(200);
    await as(app, moderator).post(`/comments/${middle.id}/spam`).expect(200);
    const synced = await thread();
    const { rebuildThread } = await import('../../src/threads/thread.rebuild');
    await rebuildThread(site.id, PAGE);
    expect(await thread()).toEqual(synced);
    expect(synced.comments[0]).toMatchObject({ deleted: true, replies: [{ deleted: true }] });
  });
});
