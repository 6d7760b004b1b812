// Building the pieces of a precomputed thread, without touching the database: one item (a
// top-level comment and its public replies, as JSON), the order of items, and how items are
// cut into chunks and read back for one page of the API.

import { type PublicComment, presentComment } from '../comments/comment.presenter';
import type { Comment } from '../comments/store/comment.types';
import type { CommentPlaceholder, ThreadNode } from '../shared/publicComment';
import type { ChunkRef, ThreadItem, ThreadMember } from './thread.model';

/** Replies shown under one top-level comment, at most: the oldest ones. */
export const MAX_REPLIES_PER_THREAD = 1000;
/** A thread's JSON stops taking replies past this size (comments may be 64 KB each). */
const MAX_ITEM_BYTES = 4 * 1024 * 1024;
/** A chunk is cut in two past this many top-level comments, or this size. */
export const MAX_CHUNK_ITEMS = 40;
const MAX_CHUNK_BYTES = 512 * 1024;

/** A comment or a placeholder of a thread, without its replies. */
export type PublicNode = Omit<PublicComment, 'replies'> | Omit<CommentPlaceholder, 'replies'>;

export interface Presentation {
  gravatar: boolean;
}

export function presentNode(comment: Comment, presentation: Presentation): Omit<PublicComment, 'replies'> {
  return presentComment(comment, { settings: presentation });
}

/** Time order of comments: createdAt, then id. ISO dates in UTC sort as text. */
export function sortKey(comment: { createdAt: Date | string; id: string }): string {
  const at = typeof comment.createdAt === 'string' ? comment.createdAt : comment.createdAt.toISOString();
  return `${at}|${comment.id}`;
}

/** The comments in an item's JSON, without their replies, by id. */
export function nodesOf(json: string | undefined): Map<string, PublicNode> {
  const nodes = new Map<string, PublicNode>();
  if (!json) return nodes;
  const visit = (node: ThreadNode) => {
    const { replies, ...rest } = node;
    nodes.set(rest.id, rest);
    for (const reply of replies ?? []) visit(reply);
  };
  visit(JSON.parse(json) as ThreadNode);
  return nodes;
}

/** Replies reachable from the top-level comment through approved parents and placeholders. */
export function visibleMembers(top: string, members: ThreadMember[]): string[] {
  const children = new Map<string, string[]>();
  for (const { id, parent } of members) children.set(parent, [...(children.get(parent) ?? []), id]);
  const visible: string[] = [];
  const stack = [...(children.get(top) ?? [])];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    visible.push(id);
    stack.push(...(children.get(id) ?? []));
  }
  return visible;
}

/**
 * The item's JSON: the top-level comment with its visible replies nested under their
 * parents, oldest first at every level; at most MAX_REPLIES_PER_THREAD replies, the oldest
 * (a parent is always older than its replies, so no shown reply loses its parent).
 */
export function itemJson(
  topNode: PublicNode,
  members: ThreadMember[],
  nodes: Map<string, PublicNode>,
): string {
  const parentOf = new Map(members.map((member) => [member.id, member.parent]));
  const shown = visibleMembers(topNode.id, members)
    .flatMap((id) => {
      const node = nodes.get(id);
      return node ? [node] : [];
    })
    .sort((a, b) => compareKeys(sortKey(a), sortKey(b)));
  const kept: PublicNode[] = [];
  let bytes = JSON.stringify(topNode).length;
  for (const node of shown) {
    if (kept.length >= MAX_REPLIES_PER_THREAD) break;
    bytes += JSON.stringify(node).length;
    if (bytes > MAX_ITEM_BYTES) break;
    kept.push(node);
  }
  const children = new Map<string, PublicNode[]>();
  for (const node of kept) {
    const parent = parentOf.get(node.id) as string;
    children.set(parent, [...(children.get(parent) ?? []), node]);
  }
  const nest = (node: PublicNode): ThreadNode => ({
    ...node,
    replies: (children.get(node.id) ?? []).map(nest),
  });
  return JSON.stringify(nest(topNode));
}

export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Index of the chunk where an item with `key` belongs: the last one starting at or before it. */
export function chunkIndexFor(chunks: ChunkRef[], key: string): number {
  let found = 0;
  for (let i = 0; i < chunks.length; i++) {
    if (compareKeys((chunks[i] as ChunkRef).first, key) <= 0) found = i;
    else break;
  }
  return found;
}

/** The items with `item` put in its place (replacing the same top-level comment), or taken out. */
export function withItem(items: ThreadItem[], top: string, item: ThreadItem | undefined): ThreadItem[] {
  const rest = items.filter((existing) => existing.top !== top);
  if (!item) return rest;
  const at = rest.findIndex((existing) => compareKeys(existing.key, item.key) > 0);
  return at === -1 ? [...rest, item] : [...rest.slice(0, at), item, ...rest.slice(at)];
}

function itemsBytes(items: ThreadItem[]): number {
  return items.reduce((sum, item) => sum + item.json.length + item.members.length * 40, 0);
}

/** Items cut into chunks of at most MAX_CHUNK_ITEMS and about MAX_CHUNK_BYTES each. */
export function cutIntoChunks(items: ThreadItem[]): ThreadItem[][] {
  if (items.length <= 1) return items.length === 0 ? [] : [items];
  if (items.length <= MAX_CHUNK_ITEMS && itemsBytes(items) <= MAX_CHUNK_BYTES) return [items];
  const half = Math.ceil(items.length / 2);
  return [...cutIntoChunks(items.slice(0, half)), ...cutIntoChunks(items.slice(half))];
}

export interface PageSlice {
  /** Top-level comments, in time order, from `start` up to `end` (exclusive). */
  start: number;
  end: number;
  newestFirst: boolean;
}

/** Which top-level comments (by their place in time order) one page of the API shows. */
export function pageSlice(
  total: number,
  sort: 'oldest' | 'newest',
  page: number,
  perPage: number,
): PageSlice {
  const from = (page - 1) * perPage;
  if (sort === 'oldest')
    return { start: Math.min(from, total), end: Math.min(from + perPage, total), newestFirst: false };
  return { start: Math.max(0, total - from - perPage), end: Math.max(0, total - from), newestFirst: true };
}

/** The chunks holding a slice, with where the slice starts in the first one. */
export function chunksFor(chunks: ChunkRef[], slice: PageSlice): { refs: ChunkRef[]; offset: number } {
  const refs: ChunkRef[] = [];
  let position = 0;
  let offset = 0;
  for (const chunk of chunks) {
    const next = position + chunk.n;
    if (next > slice.start && position < slice.end) {
      if (refs.length === 0) offset = slice.start - position;
      refs.push(chunk);
    }
    position = next;
  }
  return { refs, offset };
}
