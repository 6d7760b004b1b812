// Reading the moderation queue: lists with filters and cursors, counts by status, and one
// comment with everything known about it. Always limited to the moderator's sites.

import { listCommentAudit } from '../audit/audit.model';
import type { AuthUser } from '../auth';
import { COMMENT_STATUSES } from '../comments/store/comment.types';
import {
  countCommentsBySiteAndStatus,
  findCommentHistory,
  listModeratedComments,
} from '../comments/store/moderation';
import { countReplies } from '../comments/store/reads';
import { findSpamCheck } from '../comments/store/spamChecks';
import { errors } from '../errors';
import type { EmailVault } from '../privacy/emailVault';
import type { StatusCounts } from '../shared/moderationCard';
import { assertCanModerate, moderationErrors, siteScope } from './access';
import { encodeCursor } from './cursor';
import type { ListRequest } from './moderation.schema';
import type { ViewBuilder } from './views';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The user's words as a literal pattern: no metacharacter keeps its meaning. */
function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function noCounts(): StatusCounts {
  return Object.fromEntries(COMMENT_STATUSES.map((status) => [status, 0])) as StatusCounts;
}

export function createQueueReads(deps: { vault: EmailVault; views: ViewBuilder }) {
  const { vault, views } = deps;

  async function listComments(user: AuthUser, query: ListRequest['query']) {
    const sites = siteScope(user, query.site);
    if (query.cursor && query.cursor.sort !== query.sort) {
      throw errors.validationFailed({ cursor: 'This cursor belongs to the other sort order.' });
    }
    if (sites?.length === 0) return { views: [], nextCursor: null };
    const search = query.q && {
      pattern: escapeRegex(query.q),
      ...(EMAIL.test(query.q) && { emailHash: vault.hash(query.q) }),
    };
    // One more than asked for says whether there is a next page.
    const found = await listModeratedComments({
      status: query.status,
      sites,
      pageId: query.pageId,
      search: search || undefined,
      sort: query.sort,
      after: query.cursor,
      limit: query.limit + 1,
    });
    const shown = found.slice(0, query.limit);
    const last = shown.at(-1);
    const nextCursor =
      found.length > query.limit && last
        ? encodeCursor({ sort: query.sort, createdAt: last.comment.createdAt, id: last.comment.id })
        : null;
    return { views: await views.buildViews(shown), nextCursor };
  }

  async function countComments(user: AuthUser, site?: string) {
    const sites = siteScope(user, site);
    const rows = sites?.length === 0 ? [] : await countCommentsBySiteAndStatus(sites);
    const counts = noCounts();
    const bySite: Record<string, StatusCounts> = Object.fromEntries(
      (sites ?? []).map((id) => [id, noCounts()]),
    );
    for (const row of rows) {
      counts[row.status] += row.count;
      bySite[row.site] ??= noCounts();
      (bySite[row.site] as StatusCounts)[row.status] += row.count;
    }
    return { counts, sites: bySite };
  }

  async function readComment(user: AuthUser, id: string) {
    const view = await views.loadView(id);
    if (!view) throw moderationErrors.notFound();
    assertCanModerate(user, view.comment.site);
    const [spamCheck, audit, replyCount, history] = await Promise.all([
      findSpamCheck(id),
      listCommentAudit(id),
      countReplies(id),
      findCommentHistory(id),
    ]);
    return { view, spamCheck, audit, replyCount, history };
  }

  return { listComments, countComments, readComment };
}
