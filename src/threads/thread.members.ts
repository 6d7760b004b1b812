// Which comments of one top-level thread keep a place in it. An approved comment is shown in
// full. A comment that is no longer approved (deleted by its author, trashed, marked spam, or
// held for moderation again after an edit) keeps its place as a placeholder while an approved
// reply hangs under it, so replies are never cut off from the thread; with none, it goes.
// Sync (thread.sync.ts) and rebuild (thread.rebuild.ts) both follow this rule.
import type { Comment } from '../comments/store/comment.types';
import { findComment, findCommentsById } from '../comments/store/reads';
import type { CommentPlaceholder } from '../shared/publicComment';
import { type Presentation, type PublicNode, presentNode, visibleMembers } from './thread.items';
import type { ThreadMember } from './thread.model';

/** What a placeholder stands for: deleted (trash, spam) or held for moderation again. */
export type Gone = NonNullable<ThreadMember['gone']>;

export function goneKind(comment: Pick<Comment, 'status'>): Gone {
  return comment.status === 'pending' ? 'held' : 'deleted';
}

/** A comment's place without anything of its author or text. */
export function presentPlaceholder(comment: Comment): CommentPlaceholder {
  return {
    id: comment.id,
    parentId: comment.parentId,
    depth: comment.depth,
    createdAt: comment.createdAt.toISOString(),
    ...(goneKind(comment) === 'held' ? { held: true as const } : { deleted: true as const }),
  };
}

/** A comment as its thread shows it: in full when approved, else as a placeholder. */
export function presentInThread(comment: Comment, presentation: Presentation): PublicNode {
  return comment.status === 'approved' ? presentNode(comment, presentation) : presentPlaceholder(comment);
}

export function toMember(comment: Comment): ThreadMember {
  const member: ThreadMember = { id: comment.id, parent: comment.parentId as string };
  return comment.status === 'approved' ? member : { ...member, gone: goneKind(comment) };
}

/** One top-level thread's members by id, with the public nodes known for them. */
export interface MemberState {
  members: Map<string, ThreadMember>;
  nodes: Map<string, PublicNode>;
}

async function findIn(top: string, id: string): Promise<Comment | undefined> {
  const comment = await findComment(id);
  return comment?.threadId === top && comment.parentId ? comment : undefined;
}

function place(state: MemberState, comment: Comment, presentation: Presentation): void {
  state.members.set(comment.id, toMember(comment));
  state.nodes.set(comment.id, presentInThread(comment, presentation));
}

/**
 * Brings the members in line with these changed replies as stored now (each read by _id).
 * An approved one brings its ancestors back too (a restored reply under a deleted comment).
 */
export async function applyChanged(
  top: string,
  changed: Iterable<string>,
  state: MemberState,
  presentation: Presentation,
): Promise<void> {
  for (const id of changed) {
    state.nodes.delete(id);
    if (id === top) continue;
    const comment = await findIn(top, id);
    if (comment?.status === 'approved') {
      place(state, comment, presentation);
      for (const ancestorId of comment.ancestorIds) {
        if (ancestorId === top || state.members.has(ancestorId)) continue;
        const ancestor = await findIn(top, ancestorId);
        if (ancestor) place(state, ancestor, presentation);
      }
    } else if (comment && state.members.has(id)) place(state, comment, presentation);
    else state.members.delete(id);
  }
}

/** Reads the members that have no node yet (they were not shown before); drops any gone. */
export async function fillNodes(top: string, state: MemberState, presentation: Presentation): Promise<void> {
  for (const id of visibleMembers(top, [...state.members.values()])) {
    if (state.nodes.has(id)) continue;
    const comment = await findIn(top, id);
    if (comment) place(state, comment, presentation);
    else state.members.delete(id);
  }
  prunePlaceholders(state.members);
}

/** Drops placeholders with no approved reply anywhere under them. */
export function prunePlaceholders(members: Map<string, ThreadMember>): void {
  const children = new Map<string, string[]>();
  for (const { id, parent } of members.values()) children.set(parent, [...(children.get(parent) ?? []), id]);
  const keeps = new Map<string, boolean>();
  const isKept = (id: string): boolean => {
    const known = keeps.get(id);
    if (known !== undefined) return known;
    keeps.set(id, false);
    // Every child is visited, so each one's answer is known for the loop below.
    const hasKeptChild = (children.get(id) ?? []).map(isKept).some(Boolean);
    const kept = !members.get(id)?.gone || hasKeptChild;
    keeps.set(id, kept);
    return kept;
  };
  for (const id of [...members.keys()]) if (!isKept(id)) members.delete(id);
}

/** Approved replies among the members: the ones the counts count. */
export function countApproved(members: Iterable<ThreadMember>): number {
  let count = 0;
  for (const member of members) if (!member.gone) count += 1;
  return count;
}

/**
 * The comments of a page that are not approved but keep a place for approved replies under
 * them: the approved comments' ancestors missing among them, each read by _id.
 */
export async function findPlaceholderComments(approved: Comment[]): Promise<Comment[]> {
  const known = new Set(approved.map((comment) => comment.id));
  const missing = new Set<string>();
  for (const comment of approved) {
    for (const id of comment.ancestorIds) if (!known.has(id)) missing.add(id);
  }
  const found = await findCommentsById([...missing]);
  return found.filter((comment) => comment.status !== 'approved');
}
