// Building a page's thread from scratch, from the comments collection itself: for the repair
// command (`npm run cli -- pages:rebuild`) and for bringing an existing database over. These
// query the comments by page, so they run on admin paths and at start-up, never for a reader.
import type { Comment } from '../comments/store/comment.types';
import { listApprovedOnPage } from '../comments/store/reads';
import { findSite } from '../sites/site.model';
import { appendToLog } from './thread.changes';
import { cutIntoChunks, itemJson, type PublicNode, sortKey } from './thread.items';
import { findPlaceholderComments, presentInThread, toMember } from './thread.members';
import type { ThreadItem, ThreadMember, ThreadRecord } from './thread.model';
import { newChunkId, newThreadVersion, writeThreadExclusively } from './thread.writer';

/**
 * The items and hidden threads of a page whose approved comments are `approved`, with
 * `placeholders` (findPlaceholderComments): the others that keep a place for their replies.
 */
export function buildThread(approved: Comment[], gravatar: boolean, placeholders: Comment[] = []) {
  const presentation = { gravatar };
  type Entry = { top?: Comment; members: ThreadMember[]; nodes: Map<string, PublicNode> };
  const byTop = new Map<string, Entry>();
  for (const comment of [...approved, ...placeholders]) {
    const entry: Entry = byTop.get(comment.threadId) ?? { members: [], nodes: new Map() };
    if (comment.depth === 0) entry.top = comment;
    else if (comment.parentId) {
      entry.members.push(toMember(comment));
      entry.nodes.set(comment.id, presentInThread(comment, presentation));
    }
    byTop.set(comment.threadId, entry);
  }
  const items: ThreadItem[] = [];
  const hidden: Array<{ top: string; members: ThreadMember[] }> = [];
  for (const [top, entry] of byTop) {
    if (!entry.top) {
      hidden.push({ top, members: entry.members });
      continue;
    }
    const json = itemJson(presentInThread(entry.top, presentation), entry.members, entry.nodes);
    items.push({ top, key: sortKey(entry.top), members: entry.members, json });
  }
  items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { items, hidden };
}

/** Rewrites a page's thread from these approved comments (all of the page's). */
export async function writeRebuiltThread(
  site: string,
  pageId: string,
  approved: Comment[],
  gravatar: boolean,
): Promise<ThreadRecord> {
  const { items, hidden } = buildThread(approved, gravatar, await findPlaceholderComments(approved));
  return writeThreadExclusively(site, pageId, async (current) => {
    const added = cutIntoChunks(items).map((chunkItems) => ({
      id: newChunkId(site, pageId),
      items: chunkItems,
    }));
    return {
      record: {
        site,
        pageId,
        version: newThreadVersion(),
        approvedCount: approved.length,
        approvedTopLevelCount: items.length,
        chunks: added.map(({ id, items: chunkItems }) => ({
          id,
          n: chunkItems.length,
          first: (chunkItems[0] as ThreadItem).key,
        })),
        hidden,
        gravatar,
        updatedAt: new Date(),
        // What changed is not known here: live readers are told to read the thread again.
        changes: appendToLog(current?.changes, [{ id: '', kind: 'reset' }], new Date()),
      },
      added,
      removed: current?.chunks.map((chunk) => chunk.id) ?? [],
    };
  });
}

/** Rebuilds one page's thread from the comments collection. */
export async function rebuildThread(site: string, pageId: string): Promise<ThreadRecord> {
  const gravatar = (await findSite(site))?.settings.gravatar ?? false;
  return writeRebuiltThread(site, pageId, await listApprovedOnPage(site, pageId), gravatar);
}
