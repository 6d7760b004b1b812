// Reading a page of a thread for readers: the page's record and the chunk or two that hold
// the asked-for top-level comments, all fetched by _id, put together as the API's JSON
// without parsing or re-encoding the comments. A reader who shows their author token (or the
// moderation-hash of a plain form post's return address) also sees their own comments
// awaiting moderation, each looked up by _id.
import { createHash } from 'node:crypto';
import { hashAuthorToken, isAuthorToken } from '../comments/authorToken';
import { findReaderCommentIds } from '../comments/readerPending.model';
import type { Comment } from '../comments/store/comment.types';
import { findCommentsById } from '../comments/store/reads';
import { isPlaceholder, type PublicThread, type ThreadNode } from '../shared/publicComment';
import type { Site } from '../sites/site.model';
import { chunksFor, pageSlice, presentNode, sortKey } from './thread.items';
import { findThreadChunk, type ThreadRecord } from './thread.model';
import { represent } from './thread.sync';

export interface ThreadQuery {
  pageId: string;
  sort: 'oldest' | 'newest';
  page: number;
  perPage?: number;
}

/** What a page of a thread shows when the page has no comments yet. */
export function emptyThreadRecord(site: Site, pageId: string): ThreadRecord {
  return {
    site: site.id,
    pageId,
    version: 0,
    approvedCount: 0,
    approvedTopLevelCount: 0,
    chunks: [],
    hidden: [],
    gravatar: site.settings.gravatar,
    slot: 0,
    updatedAt: new Date(0),
  };
}

/** The validator for conditional requests: it changes whenever what this read returns could. */
export function threadEtag(site: Site, record: ThreadRecord, query: ThreadQuery): string {
  const { perPage, gravatar, maxDepth, requireNameEmail, editWindowMinutes } = site.settings;
  const key = [
    site.id,
    query.pageId,
    record.version,
    query.sort,
    query.page,
    query.perPage ?? perPage,
    gravatar,
    maxDepth,
    requireNameEmail,
    editWindowMinutes,
  ];
  return `W/"${createHash('sha256').update(JSON.stringify(key)).digest('base64url').slice(0, 27)}"`;
}

/** True when If-None-Match names this ETag (weak comparison, as RFC 9110 asks for GET). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => opaque(tag) === opaque(etag));
}

/** The asked-for top-level comments as JSON texts, in display order; undefined when a chunk was replaced meanwhile. */
async function readItems(
  record: ThreadRecord,
  query: ThreadQuery,
  perPage: number,
): Promise<string[] | undefined> {
  const slice = pageSlice(record.approvedTopLevelCount, query.sort, query.page, perPage);
  if (slice.end <= slice.start) return [];
  const { refs, offset } = chunksFor(record.chunks, slice);
  const chunks = await Promise.all(refs.map((ref) => findThreadChunk(ref.id)));
  if (chunks.some((items) => items === undefined)) return undefined;
  const items = chunks.flatMap((chunk) => chunk ?? []).slice(offset, offset + (slice.end - slice.start));
  const texts = items.map((item) => item.json);
  return slice.newestFirst ? texts.reverse() : texts;
}

/** Everything of a page of the thread but its comments, which are spliced in as stored JSON. */
function threadEnvelope(
  site: Site,
  record: ThreadRecord,
  query: ThreadQuery,
  perPage: number,
): Omit<PublicThread, 'comments'> {
  return {
    site: site.id,
    pageId: query.pageId,
    sort: query.sort,
    page: query.page,
    perPage,
    totalPages: Math.max(1, Math.ceil(record.approvedTopLevelCount / perPage)),
    total: record.approvedCount,
    topLevelTotal: record.approvedTopLevelCount,
    maxDepth: site.settings.maxDepth,
    requireNameEmail: site.settings.requireNameEmail,
    editWindowMinutes: site.settings.editWindowMinutes,
  };
}

const MAX_READ_TRIES = 4;

/**
 * The public JSON of one page of a thread. `loadRecord` gives the page's record (fresh when
 * asked to be: a chunk it names was replaced meanwhile). Returns the record the JSON was
 * built from, for the ETag.
 */
export async function readPublicThread(
  site: Site,
  query: ThreadQuery,
  loadRecord: (isFresh: boolean) => Promise<ThreadRecord | undefined>,
): Promise<{ record: ThreadRecord; json: string }> {
  const perPage = query.perPage ?? site.settings.perPage;
  for (let attempt = 0; attempt < MAX_READ_TRIES; attempt++) {
    let record = (await loadRecord(attempt > 0)) ?? emptyThreadRecord(site, query.pageId);
    // The site turned Gravatar on or off since this thread was built: present it again.
    if (record.chunks.length > 0 && record.gravatar !== site.settings.gravatar) {
      record = await represent(site.id, query.pageId);
    }
    const items = await readItems(record, query, perPage);
    if (!items) continue;
    const envelope = JSON.stringify(threadEnvelope(site, record, query, perPage));
    return { record, json: `${envelope.slice(0, -1)},"comments":[${items.join(',')}]}` };
  }
  throw new Error(`the thread of ${site.id}:${query.pageId} kept changing while being read`);
}

/** The comments a reader's author token names on a page (looked up by _id), whatever their status. */
export async function findOwnComments(site: Site, pageId: string, authorToken: string): Promise<Comment[]> {
  if (!isAuthorToken(authorToken)) return [];
  return findCommentsById(await findReaderCommentIds(site.id, pageId, hashAuthorToken(authorToken)));
}

/**
 * Adds the reader's own comments that still await moderation to a page of their thread
 * (found by their author token, or named by the address a plain form post returned to):
 * top-level ones where the newest comments are (first page newest first, last page oldest
 * first), replies under their parent when it is on this page. Comments of another site or
 * page, or no longer pending, are left out.
 */
export function addOwnPending(
  site: Site,
  query: ThreadQuery,
  thread: { totalPages: number; comments: ThreadNode[] },
  comments: Comment[],
): void {
  const own = [...new Map(comments.map((comment) => [comment.id, comment])).values()]
    .filter(
      (comment) =>
        comment.status === 'pending' && comment.site === site.id && comment.pageId === query.pageId,
    )
    .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
  const newestFirst = query.sort === 'newest';
  const showsNewest = newestFirst ? query.page === 1 : query.page === thread.totalPages;
  const nodes = new Map<string, ThreadNode>();
  const index = (node: ThreadNode) => {
    nodes.set(node.id, node);
    for (const reply of node.replies ?? []) index(reply);
  };
  for (const node of thread.comments) index(node);
  for (const comment of own) {
    const node: ThreadNode = { ...presentNode(comment, site.settings), replies: [] };
    // Their own comment held again after an edit: in its placeholder's place, with its replies.
    const placeholder = nodes.get(comment.id);
    if (placeholder && isPlaceholder(placeholder)) {
      delete placeholder.held;
      delete placeholder.deleted;
      Object.assign(placeholder, { ...node, replies: placeholder.replies ?? [] });
      continue;
    }
    if (comment.depth === 0) {
      if (!showsNewest) continue;
      if (newestFirst) thread.comments.unshift(node);
      else thread.comments.push(node);
      nodes.set(node.id, node);
      continue;
    }
    const parent = comment.parentId ? nodes.get(comment.parentId) : undefined;
    if (!parent) continue;
    const replies = parent.replies ?? [];
    const at = replies.findIndex((reply) => sortKey(reply) > sortKey(comment));
    replies.splice(at === -1 ? replies.length : at, 0, node);
    parent.replies = replies;
    nodes.set(node.id, node);
  }
}

/** Approved-comment counts of pages, one record each (looked up by _id). */
export async function readCounts(
  pageIds: string[],
  loadRecord: (pageId: string) => Promise<ThreadRecord | undefined>,
): Promise<Record<string, number>> {
  const records = await Promise.all(pageIds.map(loadRecord));
  return Object.fromEntries(pageIds.map((pageId, i) => [pageId, records[i]?.approvedCount ?? 0]));
}
