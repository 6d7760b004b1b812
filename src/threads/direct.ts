// The public thread computed directly from the comments collection, the slow way: every
// approved comment of the page, queried by page (with the placeholders of comments no longer
// approved that have approved replies), built into a tree and paginated. It is what
// the precomputed thread must always equal; the model-based test compares the two after every
// step, and `npm run cli -- pages:rebuild --check` compares them on a live database. Never
// used to answer readers.

import { listApprovedOnPage } from '../comments/store/reads';
import type { PublicThread, ThreadNode } from '../shared/publicComment';
import type { Site } from '../sites/site.model';
import { MAX_REPLIES_PER_THREAD, sortKey } from './thread.items';
import { findPlaceholderComments, presentInThread } from './thread.members';
import type { ThreadQuery } from './thread.read';

export async function computeThreadDirectly(site: Site, query: ThreadQuery): Promise<PublicThread> {
  const approved = await listApprovedOnPage(site.id, query.pageId);
  const placeholders = await findPlaceholderComments(approved);
  const nodes = new Map<string, ThreadNode>();
  const byKey = [...approved, ...placeholders].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
  const roots: ThreadNode[] = [];
  const repliesShown = new Map<string, number>();
  // Oldest first, so a parent is always placed before its replies.
  for (const comment of byKey) {
    const node: ThreadNode = { ...presentInThread(comment, site.settings), replies: [] };
    if (comment.depth === 0) {
      roots.push(node);
      nodes.set(comment.id, node);
      continue;
    }
    const parent = comment.parentId ? nodes.get(comment.parentId) : undefined;
    const shown = repliesShown.get(comment.threadId) ?? 0;
    // A reply whose parent is not public is not shown, nor are replies past the cap.
    if (!parent || shown >= MAX_REPLIES_PER_THREAD) continue;
    repliesShown.set(comment.threadId, shown + 1);
    parent.replies?.push(node);
    nodes.set(comment.id, node);
  }
  const perPage = query.perPage ?? site.settings.perPage;
  const ordered = query.sort === 'newest' ? [...roots].reverse() : roots;
  return {
    site: site.id,
    pageId: query.pageId,
    sort: query.sort,
    page: query.page,
    perPage,
    totalPages: Math.max(1, Math.ceil(roots.length / perPage)),
    total: approved.length,
    topLevelTotal: roots.length,
    maxDepth: site.settings.maxDepth,
    requireNameEmail: site.settings.requireNameEmail,
    editWindowMinutes: site.settings.editWindowMinutes,
    comments: ordered.slice((query.page - 1) * perPage, query.page * perPage),
  };
}
