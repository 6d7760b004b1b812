// Reading a page's public thread: one page of approved top-level comments with their
// approved replies, plus the reader's own pending comments when they show their token.
// The work done depends on the page size asked for, not on how many comments the page has.
import { createHash } from 'node:crypto';
import { findPage, findPages, type Page } from '../pages/page.model';
import type { Site } from '../sites/site.model';
import { hashAuthorToken, isAuthorToken } from './authorToken';
import { type Comment, listOwnPending, listReplies, listTopLevel } from './comment.model';

/** Replies shown under one page of top-level comments, at most; the rest wait for later pages of work. */
export const MAX_REPLIES_PER_READ = 1000;
const MAX_OWN_PENDING = 50;

export interface ThreadQuery {
  pageId: string;
  sort: 'oldest' | 'newest';
  page: number;
  perPage?: number;
}

export interface ThreadNode extends Comment {
  replies: ThreadNode[];
}

export interface Thread {
  pageId: string;
  sort: 'oldest' | 'newest';
  page: number;
  perPage: number;
  totalPages: number;
  total: number;
  topLevelTotal: number;
  comments: ThreadNode[];
}

/** The validator for conditional requests: it changes whenever what this read returns could. */
export function threadEtag(site: Site, page: Page | undefined, query: ThreadQuery): string {
  const perPage = query.perPage ?? site.settings.perPage;
  const key = [
    site.id,
    query.pageId,
    page?.version ?? 0,
    query.sort,
    query.page,
    perPage,
    site.settings.gravatar,
  ];
  return `W/"${createHash('sha256').update(JSON.stringify(key)).digest('base64url').slice(0, 27)}"`;
}

function buildTree(
  topLevel: Comment[],
  replies: Comment[],
  ownPending: Comment[],
  newestFirst: boolean,
): ThreadNode[] {
  const nodes = new Map<string, ThreadNode>();
  const roots: ThreadNode[] = [];
  for (const comment of topLevel) {
    const node = { ...comment, replies: [] };
    nodes.set(comment.id, node);
    roots.push(node);
  }
  const pendingTopLevel = ownPending.filter((comment) => comment.depth === 0);
  for (const comment of pendingTopLevel) {
    const node = { ...comment, replies: [] };
    nodes.set(comment.id, node);
    if (newestFirst) roots.unshift(node);
    else roots.push(node);
  }
  // Replies arrive oldest first, so a parent is always placed before its children.
  const ownReplies = ownPending.filter((comment) => comment.depth > 0);
  const allReplies = [...replies, ...ownReplies].sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id),
  );
  for (const reply of allReplies) {
    const parent = reply.parentId ? nodes.get(reply.parentId) : undefined;
    // A reply whose parent is not public (any more) is not shown.
    if (!parent) continue;
    const node = { ...reply, replies: [] };
    nodes.set(reply.id, node);
    parent.replies.push(node);
  }
  return roots;
}

/** The page a thread belongs to; its version is all a conditional read needs. */
export async function findThreadPage(site: Site, pageId: string): Promise<Page | undefined> {
  return findPage(site.id, pageId);
}

export async function readThread(
  site: Site,
  query: ThreadQuery,
  page: Page | undefined,
  authorToken?: string,
): Promise<Thread> {
  const perPage = query.perPage ?? site.settings.perPage;
  const newestFirst = query.sort === 'newest';
  const topLevelTotal = page?.approvedTopLevelCount ?? 0;
  const totalPages = Math.max(1, Math.ceil(topLevelTotal / perPage));
  const topLevel = page
    ? await listTopLevel({
        site: site.id,
        pageId: query.pageId,
        status: 'approved',
        newestFirst,
        skip: (query.page - 1) * perPage,
        limit: perPage,
      })
    : [];
  const replies = await listReplies(
    topLevel.map((comment) => comment.id),
    'approved',
    MAX_REPLIES_PER_READ,
  );
  // A reader's own pending top-level comments are the newest, so they show where the
  // newest comments are: on the first page when sorted newest first, else on the last.
  const showsNewest = newestFirst ? query.page === 1 : query.page === totalPages;
  const ownPending =
    page && isAuthorToken(authorToken)
      ? (await listOwnPending(site.id, query.pageId, hashAuthorToken(authorToken), MAX_OWN_PENDING)).filter(
          (comment) => comment.depth > 0 || showsNewest,
        )
      : [];
  return {
    pageId: query.pageId,
    sort: query.sort,
    page: query.page,
    perPage,
    totalPages,
    total: page?.approvedCount ?? 0,
    topLevelTotal,
    comments: buildTree(topLevel, replies, ownPending, newestFirst),
  };
}

export async function readCounts(site: Site, pageIds: string[]): Promise<Record<string, number>> {
  const pages = await findPages(site.id, pageIds);
  const counts: Record<string, number> = Object.fromEntries(pageIds.map((pageId) => [pageId, 0]));
  for (const page of pages) counts[page.pageId] = page.approvedCount;
  return counts;
}
