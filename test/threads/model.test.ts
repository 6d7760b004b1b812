// Model-based test of the precomputed thread: random sequences of posts, replies, moderator
// replies, status changes, edits, deletes and Gravatar switches. After every step the first
// pages of each thread in one view (sort and page size, each in turn), and after the last step
// in every view, as readers get them from the API (cache on), must equal the thread computed
// directly from the comments collection (src/threads/direct.ts), and so must the counts.
import fc from 'fast-check';
import request from 'supertest';
import { sanitizeContent } from '../../src/comments/sanitize';
import {
  changeCommentStatus,
  deleteCommentPermanently,
  newCommentDocument,
  storeNewComment,
  updateCommentContent,
} from '../../src/comments/store/changes';
import type { CommentStatus } from '../../src/comments/store/comment.types';
import { countReplies, findComment } from '../../src/comments/store/reads';
import { findSite, type Site, updateSiteSetting } from '../../src/sites/site.model';
import { computeThreadDirectly } from '../../src/threads/direct';
import { buildTestApp } from '../helpers/app';
import { clearDatabase, useTestDatabase } from '../helpers/db';
import { buildComment, buildSite } from '../helpers/factories';

useTestDatabase();

const PAGES = ['/a', '/b'];
const STATUSES: CommentStatus[] = ['pending', 'approved', 'spam', 'trash'];
const MAX_DEPTH = 4;

type Action =
  | { kind: 'post'; page: number; parent: number | null; approve: boolean }
  | { kind: 'status'; pick: number; to: CommentStatus }
  | { kind: 'edit'; pick: number; text: string }
  | { kind: 'delete'; pick: number }
  | { kind: 'moderatorReply'; pick: number }
  | { kind: 'gravatar' };

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('post' as const),
      page: fc.nat(PAGES.length - 1),
      parent: fc.option(fc.nat(), { nil: null }),
      approve: fc.boolean(),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('status' as const),
      pick: fc.nat(),
      to: fc.constantFrom(...STATUSES),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      pick: fc.nat(),
      text: fc.string({ minLength: 1, maxLength: 12 }).map((text) => `edited: ${text}`),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('moderatorReply' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('gravatar' as const) }) },
);

async function apply(site: Site, ids: string[], step: Action, now: Date): Promise<void> {
  const pick = async (n: number) =>
    ids.length === 0 ? undefined : findComment(ids[n % ids.length] as string);
  switch (step.kind) {
    case 'post': {
      const parent = step.parent === null ? undefined : await pick(step.parent);
      const usable = parent && parent.depth + 1 < MAX_DEPTH ? parent : undefined;
      const comment = await buildComment(site, {
        pageId: PAGES[step.page],
        parent: usable,
        status: step.approve ? 'approved' : 'pending',
        createdAt: now,
      });
      ids.push(comment.id);
      return;
    }
    case 'status': {
      const comment = await pick(step.pick);
      if (comment && comment.status !== step.to)
        await changeCommentStatus(comment.id, comment.status, step.to, now);
      return;
    }
    case 'edit': {
      const comment = await pick(step.pick);
      if (comment) await updateCommentContent(comment.id, sanitizeContent(step.text), now);
      return;
    }
    case 'delete': {
      const comment = await pick(step.pick);
      if (comment && (await countReplies(comment.id)) === 0) {
        await deleteCommentPermanently(comment.id, now);
        ids.splice(ids.indexOf(comment.id), 1);
      }
      return;
    }
    case 'moderatorReply': {
      const parent = await pick(step.pick);
      if (parent?.status !== 'approved' || parent.depth + 1 >= MAX_DEPTH) return;
      const reply = await storeNewComment(
        newCommentDocument({
          site: site.id,
          pageId: parent.pageId,
          parent,
          author: 'Moderator',
          avatarSeed: 'moderator',
          content: '<p>From the desk.</p>',
          rawContent: 'From the desk.',
          status: 'approved',
          reasons: [],
          notifyReplies: false,
          byModerator: true,
          request: {},
          createdAt: now,
        }),
      );
      ids.push(reply.id);
      return;
    }
    case 'gravatar':
      await updateSiteSetting(site.id, 'gravatar', !site.settings.gravatar);
      return;
  }
}

const VIEWS = [
  { sort: 'oldest', perPage: 1 },
  { sort: 'newest', perPage: 3 },
  { sort: 'oldest', perPage: 3 },
  { sort: 'newest', perPage: 1 },
] as const;

/**
 * Compares the thread readers get with the one computed directly, for the given views (sort
 * and page size), the first two pages of each, and the counts.
 */
async function expectThreadsMatch(
  app: ReturnType<typeof buildTestApp>['app'],
  siteId: string,
  views: ReadonlyArray<(typeof VIEWS)[number]> = VIEWS,
): Promise<void> {
  const site = (await findSite(siteId)) as Site;
  for (const pageId of PAGES) {
    for (const { sort, perPage } of views) {
      for (const page of [1, 2]) {
        const query = { pageId, sort, page, perPage };
        const res = await request(app)
          .get(`/api/v1/sites/${siteId}/comments`)
          .query(query)
          .set('Accept-Encoding', 'gzip')
          .expect(200);
        expect(res.body).toEqual(await computeThreadDirectly(site, query));
      }
    }
    const counts = await request(app).get(`/api/v1/sites/${siteId}/counts`).query({ pageId }).expect(200);
    expect(counts.body.counts[pageId]).toBe(
      (await computeThreadDirectly(site, { pageId, sort: 'oldest', page: 1 })).total,
    );
  }
}

// Every view after every step costs 16 thread reads a step, which took over 5 minutes on a
// loaded CI machine; one view per step, in turn, and every view after the last step keep the
// coverage at a quarter of the cost. PARLEY_MODEL_RUNS runs more sequences.
const RUNS = Number(process.env.PARLEY_MODEL_RUNS ?? 12);

it('keeps the precomputed thread equal to the one computed from the comments, step after step', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 18 }), async (actions) => {
      await clearDatabase();
      const { app } = buildTestApp();
      const site = await buildSite({ settings: { maxDepth: MAX_DEPTH } });
      const ids: string[] = [];
      let at = Date.UTC(2026, 0, 1);
      for (const [i, step] of actions.entries()) {
        // Some posts in the same millisecond as the step before, so ties in time order are exercised too.
        at += step.kind === 'post' && i % 3 === 0 ? 0 : 1000;
        await apply((await findSite(site.id)) as Site, ids, step, new Date(at));
        await expectThreadsMatch(app, site.id, [VIEWS[i % VIEWS.length] as (typeof VIEWS)[number]]);
      }
      await expectThreadsMatch(app, site.id);
    }),
    {
      numRuns: RUNS,
      // Found by a run of 150: a pending comment kept for its approved reply, then trashed,
      // stayed "held" in the precomputed thread instead of "deleted".
      examples: [
        [
          [
            { kind: 'post', page: 0, parent: null, approve: false },
            { kind: 'post', page: 0, parent: 0, approve: true },
            { kind: 'status', pick: 0, to: 'trash' },
          ],
        ],
      ],
    },
  );
}, 600_000);
