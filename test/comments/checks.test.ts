// The checks before a comment is stored, one at a time against the real database: each
// refuses with the code it states, the honeypot marks spam without refusing, and what the
// guard checks take is given back by their undo, so the same post passes again.
import { Types } from 'mongoose';
import {
  type Check,
  type CheckContext,
  MODERATOR_REPLY_CHECKS,
  NEW_COMMENT_CHECKS,
  remember,
  runChecks,
} from '../../src/comments/checks';
import { contentNotEmpty, moderatorContentNotEmpty } from '../../src/comments/checks/contentNotEmpty';
import { depth } from '../../src/comments/checks/depth';
import { duplicate } from '../../src/comments/checks/duplicate';
import { flood } from '../../src/comments/checks/flood';
import { honeypot } from '../../src/comments/checks/honeypot';
import { pageOpen } from '../../src/comments/checks/pageOpen';
import { moderatorParentApproved, parentApproved } from '../../src/comments/checks/parentApproved';
import { parentExists } from '../../src/comments/checks/parentExists';
import { DuplicateGuardModel, FLOOD_INTERVAL_MS, FloodGuardModel } from '../../src/comments/guards.model';
import { sanitizeContent } from '../../src/comments/sanitize';
import { findComment } from '../../src/comments/store/reads';
import { AppError } from '../../src/errors';
import { findPage, setPageClosed, upsertPage } from '../../src/pages/page.model';
import type { Site } from '../../src/sites/site.model';
import { useTestDatabase } from '../helpers/db';
import { buildComment, buildSite } from '../helpers/factories';

useTestDatabase();

const PAGE = '/2026/02/checks';
const NOW = new Date('2026-03-01T10:00:00Z');

/** A reader's post of `site` as the comment service would describe it to the checks. */
function draft(site: Site, overrides: Partial<CheckContext> = {}): CheckContext {
  return {
    site: async () => site,
    now: NOW,
    commentId: new Types.ObjectId().toHexString(),
    pageId: PAGE,
    page: remember(() => findPage(site.id, PAGE)),
    parent: async () => undefined,
    author: 'Quick Finger',
    emailHash: 'email-hash-of-quick',
    ip: '203.0.113.9',
    content: '<p>Clicked twice.</p>',
    ...overrides,
  };
}

function replyTo(site: Site, parentId: string, overrides: Partial<CheckContext> = {}): CheckContext {
  return draft(site, { parentId, parent: remember(() => findComment(parentId)), ...overrides });
}

/** The AppError `check` refuses with; it must carry the code the check states. */
async function refusal<C>(check: Check<C>, context: C): Promise<AppError> {
  const error = await Promise.resolve()
    .then(() => check.run(context))
    .then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(check.code);
  return error as AppError;
}

describe('refusing checks', () => {
  it('pageOpen refuses a closed page and one older than closeAfterDays, not a new one', async () => {
    const site = await buildSite({ settings: { closeAfterDays: 14 } });
    expect(await pageOpen.run(draft(site))).toEqual({});
    await upsertPage(site.id, PAGE, {}, new Date(NOW.getTime() - 13 * 86_400_000));
    expect(await pageOpen.run(draft(site))).toEqual({});
    expect(
      (await refusal(pageOpen, draft(site, { now: new Date(NOW.getTime() + 2 * 86_400_000) }))).status,
    ).toBe(403);
    await setPageClosed(site.id, PAGE, true);
    expect((await refusal(pageOpen, draft(site))).message).toBe('Comments are closed on this page.');
  });

  it('parentExists refuses an id that names no comment, or a comment of another site', async () => {
    const site = await buildSite();
    const foreign = await buildComment(await buildSite(), { pageId: PAGE });
    for (const parentId of ['0123456789abcdef01234567', foreign.id]) {
      expect((await refusal(parentExists, replyTo(site, parentId))).status).toBe(404);
    }
    expect(await parentExists.run(replyTo(site, (await buildComment(site, { pageId: PAGE })).id))).toEqual(
      {},
    );
    expect(await parentExists.run(draft(site))).toEqual({});
  });

  it('parentApproved refuses a pending parent or one on another page, a reader with 403 and a moderator with 409', async () => {
    const site = await buildSite();
    const pending = await buildComment(site, { pageId: PAGE, status: 'pending' });
    const elsewhere = await buildComment(site, { pageId: '/another-article' });
    for (const parent of [pending, elsewhere]) {
      expect((await refusal(parentApproved, replyTo(site, parent.id))).status).toBe(403);
    }
    const moderator = await refusal(moderatorParentApproved, replyTo(site, pending.id));
    expect(moderator).toMatchObject({ status: 409, message: 'Approve the comment before replying to it.' });
    const approved = await buildComment(site, { pageId: PAGE });
    expect(await parentApproved.run(replyTo(site, approved.id))).toEqual({});
  });

  it('depth lets a reply sit at maxDepth - 1 and refuses one at maxDepth', async () => {
    const site = await buildSite({ settings: { maxDepth: 3 } });
    const level0 = await buildComment(site, { pageId: PAGE });
    const level1 = await buildComment(site, { parent: level0 });
    const level2 = await buildComment(site, { parent: level1 });
    expect(await depth.run(replyTo(site, level1.id))).toEqual({});
    expect((await refusal(depth, replyTo(site, level2.id))).status).toBe(422);
    expect(await depth.run(draft(site))).toEqual({});
  });

  it('contentNotEmpty refuses content with nothing readable, each path with its own words', async () => {
    // Markup only: the schema lets it through, and nothing is left once it is sanitised.
    const content = sanitizeContent('<img src="https://pics.example/cat.png">');
    const reader = await refusal(contentNotEmpty, { content });
    expect(reader).toMatchObject({ status: 422, fields: { content: expect.stringMatching(/^Please type/) } });
    const moderator = await refusal(moderatorContentNotEmpty, { content });
    expect(moderator.fields).toEqual({ content: 'Nothing readable is left once markup is removed.' });
    expect(contentNotEmpty.run({ content: '<p><em>Yes</em></p>' })).toEqual({});
  });
});

describe('the honeypot', () => {
  it('marks a post whose hidden field is filled as spam with a reason, and refuses nothing', async () => {
    expect(honeypot.run({ honeypot: 'http://spam.example' })).toEqual({
      status: 'spam',
      reason: { code: honeypot.code, message: expect.stringMatching(/hidden/) },
    });
    expect(honeypot.run({ honeypot: '' })).toEqual({});
    expect(honeypot.run({})).toEqual({});
  });

  it('leaves the verdict of the whole reader path as spam, with the honeypot reason only', async () => {
    const site = await buildSite();
    const passed = await runChecks(NEW_COMMENT_CHECKS, draft(site, { honeypot: 'on' }));
    expect(passed).toMatchObject({ status: 'spam', reasons: [{ code: 'honeypot' }] });
    // A bot takes its guards like anyone.
    expect(await DuplicateGuardModel.countDocuments()).toBe(1);
    expect(await FloodGuardModel.countDocuments()).toBe(2);
  });
});

describe('the guards and their undo', () => {
  it('duplicate takes a guard for the post; its undo gives it back, so the same post passes again', async () => {
    const site = await buildSite();
    const first = await duplicate.run(draft(site));
    expect(first.duplicateGuard).toEqual(expect.any(String));
    expect(await DuplicateGuardModel.findById(first.duplicateGuard).lean()).toBeTruthy();

    const again = await refusal(duplicate, draft(site));
    expect(again.status).toBe(409);

    await first.undo?.();
    expect(await DuplicateGuardModel.countDocuments()).toBe(0);
    expect((await duplicate.run(draft(site))).duplicateGuard).toBe(first.duplicateGuard);
  });

  it('flood refuses a second post within FLOOD_INTERVAL_MS with Retry-After; its undo frees the sender', async () => {
    const site = await buildSite();
    const first = await flood.run(draft(site));
    expect(await FloodGuardModel.countDocuments()).toBe(2); // the IP and the email

    const soon = draft(site, { now: new Date(NOW.getTime() + 1000) });
    const tooFast = await refusal(flood, soon);
    expect(tooFast).toMatchObject({
      status: 429,
      headers: { 'Retry-After': String(FLOOD_INTERVAL_MS / 1000 - 1) },
    });

    await first.undo?.();
    expect(await FloodGuardModel.countDocuments()).toBe(0);
    expect(await flood.run(soon)).toEqual({ undo: expect.any(Function) });
  });

  it('when flood refuses, the runner gives back the duplicate guard taken before it', async () => {
    const site = await buildSite();
    await flood.run(draft(site));
    const error = await runChecks([duplicate, flood], draft(site, { content: '<p>Other words.</p>' })).catch(
      (thrown: unknown) => thrown,
    );
    expect(error).toMatchObject({ code: 'too_fast' });
    expect(await DuplicateGuardModel.countDocuments()).toBe(0);
    expect(await FloodGuardModel.countDocuments()).toBe(2); // the first post's, untouched
  });

  it("undo of a passed run gives back every guard, as when the comment can't be stored", async () => {
    const site = await buildSite();
    const passed = await runChecks(NEW_COMMENT_CHECKS, draft(site));
    expect(passed).toEqual({ reasons: [], duplicateGuard: expect.any(String), undo: expect.any(Function) });
    expect(await DuplicateGuardModel.countDocuments()).toBe(1);
    expect(await FloodGuardModel.countDocuments()).toBe(2);

    await passed.undo();
    expect(await DuplicateGuardModel.countDocuments()).toBe(0);
    expect(await FloodGuardModel.countDocuments()).toBe(0);
    await expect(runChecks(NEW_COMMENT_CHECKS, draft(site))).resolves.toMatchObject({ reasons: [] });
  });
});

describe('the order of the checks', () => {
  it("refuses a reader's reply on a closed page as closed, without reading the parent", async () => {
    const site = await buildSite();
    await upsertPage(site.id, PAGE, {}, NOW);
    await setPageClosed(site.id, PAGE, true);
    let parentReads = 0;
    const context = draft(site, {
      parentId: '0123456789abcdef01234567',
      parent: async () => {
        parentReads++;
        return undefined;
      },
    });
    await expect(runChecks(NEW_COMMENT_CHECKS, context)).rejects.toMatchObject({ code: 'comments_closed' });
    expect(parentReads).toBe(0);
  });

  it("refuses a moderator's reply to a pending comment before reading the site", async () => {
    const site = await buildSite();
    const pending = await buildComment(site, { pageId: PAGE, status: 'pending' });
    let siteReads = 0;
    const context = replyTo(site, pending.id, {
      site: async () => {
        siteReads++;
        return site;
      },
    });
    await expect(runChecks(MODERATOR_REPLY_CHECKS, context)).rejects.toMatchObject({
      status: 409,
      code: 'parent_not_approved',
    });
    expect(siteReads).toBe(0);
  });
});
