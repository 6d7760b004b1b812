// Keeping a page's precomputed thread current. After any change that may alter what readers
// see (a status change to or from approved, an edit or a delete of an approved comment, a
// moderator's reply), the changed comment's top-level thread is recomputed from the comments
// it names, read by _id: the item's own member list says which replies are approved, so the
// cost follows that one thread, never the collection.
//
// Pages are written one writer at a time (thread.writer.ts); each writer rereads the comments
// it was told about, so the last one to write saw every change stored before it. Syncing is
// idempotent: running it again for the same comment changes nothing, which is what the sync
// markers (thread.markers.ts) rely on after a crash.
import { findComment } from '../comments/store/reads';
import { isPlaceholder, type ThreadNode } from '../shared/publicComment';
import { findSite } from '../sites/site.model';
import { appendToLog, publicChanges, type ThreadLogKind } from './thread.changes';
import {
  chunkIndexFor,
  cutIntoChunks,
  itemJson,
  nodesOf,
  type Presentation,
  type PublicNode,
  sortKey,
  visibleMembers,
  withItem,
} from './thread.items';
import { applyChanged, countApproved, fillNodes, presentInThread } from './thread.members';
import {
  type ChunkRef,
  findThreadChunk,
  type HiddenThread,
  type ThreadItem,
  type ThreadMember,
  type ThreadRecord,
} from './thread.model';
import { newChunkId, newThreadVersion, type ThreadWrite, writeThreadExclusively } from './thread.writer';

/** A comment whose change may alter its page's public thread. */
export interface ThreadChange {
  site: string;
  pageId: string;
  /** The comment's top-level comment (itself, for a top-level comment). */
  threadId: string;
  commentId: string;
  /** When the comment was written: places a deleted top-level comment in the thread. */
  createdAt: Date;
}

function emptyRecord(site: string, pageId: string, presentation: Presentation): ThreadRecord {
  return {
    site,
    pageId,
    version: 0,
    approvedCount: 0,
    approvedTopLevelCount: 0,
    chunks: [],
    hidden: [],
    gravatar: presentation.gravatar,
    slot: 0,
    updatedAt: new Date(),
  };
}

/** The chunks of a record as they are being changed: loaded on demand, marked when touched. */
class ChunkEditor {
  private readonly loaded = new Map<number, ThreadItem[]>();
  private readonly touched = new Set<number>();
  constructor(private readonly chunks: ChunkRef[]) {}

  async items(index: number): Promise<ThreadItem[]> {
    let items = this.loaded.get(index);
    if (!items) {
      const ref = this.chunks[index];
      items = ref ? await findThreadChunk(ref.id) : [];
      if (!items) throw new Error(`thread chunk ${ref?.id} is missing`);
      this.loaded.set(index, items);
    }
    return items;
  }

  put(index: number, items: ThreadItem[]): void {
    this.loaded.set(index, items);
    this.touched.add(index);
  }

  get isTouched(): boolean {
    return this.touched.size > 0;
  }

  /** The new directory, with every touched chunk rewritten (and cut) under new ids. */
  finish(site: string, pageId: string): Omit<ThreadWrite, 'record'> & { chunks: ChunkRef[] } {
    const chunks: ChunkRef[] = [];
    const added: ThreadWrite['added'] = [];
    const removed: string[] = [];
    const count = Math.max(this.chunks.length, this.touched.has(0) ? 1 : 0);
    for (let index = 0; index < count; index++) {
      const ref = this.chunks[index];
      if (!this.touched.has(index) && ref) {
        chunks.push(ref);
        continue;
      }
      if (ref) removed.push(ref.id);
      for (const items of cutIntoChunks(this.loaded.get(index) ?? [])) {
        const id = newChunkId(site, pageId);
        added.push({ id, items });
        chunks.push({ id, n: items.length, first: (items[0] as ThreadItem).key });
      }
    }
    return { chunks, added, removed };
  }
}

/** One top-level thread to recompute, with the comments in it that changed. */
interface TopChange {
  top: string;
  changed: Set<string>;
  /** Where the top-level comment sits in time order when it can no longer be read. */
  key?: string;
}

function membersMap(members: ThreadMember[]): Map<string, ThreadMember> {
  return new Map(members.map((member) => [member.id, member]));
}

/** Whether an item's top-level comment is shown in full (not as a placeholder). */
function isApprovedTop(item: ThreadItem | undefined): boolean {
  return item !== undefined && !isPlaceholder(JSON.parse(item.json) as ThreadNode);
}

/**
 * Recomputes the given top-level threads of a record. With `presentAll`, every comment is
 * read and presented again (the site's presentation changed).
 */
async function recompute(
  record: ThreadRecord,
  changes: TopChange[],
  presentation: Presentation,
  presentAll: boolean,
): Promise<ThreadWrite> {
  const editor = new ChunkEditor(record.chunks);
  let hidden = [...record.hidden];
  let approvedCount = record.approvedCount;
  let isChanged = presentAll || record.gravatar !== presentation.gravatar;
  // What readers see change, comment by comment, for live readers (thread.changes.ts).
  const logged: Array<{ id: string; kind: ThreadLogKind }> = [];

  for (const change of changes) {
    const top = await findComment(change.top);
    const key = top ? sortKey(top) : change.key;
    if (!key) continue;
    const index = chunkIndexFor(record.chunks, key);
    const items = await editor.items(index);
    const existing = items.find((item) => item.top === change.top);
    const hiddenEntry = hidden.find((entry) => entry.top === change.top);
    const oldMembers = existing?.members ?? hiddenEntry?.members ?? [];
    const state = {
      members: membersMap(oldMembers),
      nodes: presentAll ? new Map<string, PublicNode>() : nodesOf(existing?.json),
    };
    await applyChanged(change.top, change.changed, state, presentation);

    let item: ThreadItem | undefined;
    if (top && top.depth === 0) {
      // Replies newly shown (their parent came back) are read; placeholders left with no
      // approved reply under them go.
      await fillNodes(change.top, state, presentation);
      const memberList = [...state.members.values()];
      if (top.status === 'approved' || visibleMembers(change.top, memberList).length > 0) {
        const json = itemJson(presentInThread(top, presentation), memberList, state.nodes);
        item = { top: change.top, key, members: memberList, json };
      }
    }
    const memberList = [...state.members.values()];
    hidden = hidden.filter((entry) => entry.top !== change.top);
    if (!item && memberList.length > 0)
      hidden.push({ top: change.top, members: memberList } satisfies HiddenThread);

    const before = (isApprovedTop(existing) ? 1 : 0) + countApproved(oldMembers);
    const after = (top?.status === 'approved' && item ? 1 : 0) + countApproved(memberList);
    approvedCount += after - before;
    const isSame =
      existing?.json === item?.json &&
      JSON.stringify(existing?.members ?? hiddenEntry?.members ?? []) === JSON.stringify(memberList);
    if (!isSame) {
      isChanged = true;
      editor.put(index, withItem(items, change.top, item));
      logged.push(...publicChanges(nodesOf(existing?.json), nodesOf(item?.json)));
    }
  }

  const { chunks, added, removed } = editor.isTouched
    ? editor.finish(record.site, record.pageId)
    : { chunks: record.chunks, added: [], removed: [] };
  return {
    record: {
      ...record,
      version: isChanged ? newThreadVersion() : record.version,
      approvedCount,
      approvedTopLevelCount: chunks.reduce((sum, chunk) => sum + chunk.n, 0),
      chunks,
      hidden,
      gravatar: presentation.gravatar,
      changes: appendToLog(record.changes, logged, new Date()),
    },
    added,
    removed,
  };
}

async function presentationOf(site: string): Promise<Presentation> {
  return { gravatar: (await findSite(site))?.settings.gravatar ?? false };
}

/** Every top-level thread a record holds, for presenting all of it again. */
async function allTops(record: ThreadRecord): Promise<TopChange[]> {
  const changes: TopChange[] = [];
  for (const ref of record.chunks) {
    for (const item of (await findThreadChunk(ref.id)) ?? []) {
      changes.push({
        top: item.top,
        key: item.key,
        changed: new Set(item.members.map((member) => member.id)),
      });
    }
  }
  for (const entry of record.hidden) {
    changes.push({ top: entry.top, changed: new Set(entry.members.map((member) => member.id)) });
  }
  return changes;
}

/**
 * Brings the page's public thread up to date with these changed comments (all of one page),
 * as stored now. Safe to run again, and from any number of processes at once.
 */
export async function syncThread(changes: ThreadChange[]): Promise<ThreadRecord | undefined> {
  const first = changes[0];
  if (!first) return undefined;
  const { site, pageId } = first;
  const presentation = await presentationOf(site);
  const byTop = new Map<string, TopChange>();
  for (const change of changes) {
    const entry = byTop.get(change.threadId) ?? { top: change.threadId, changed: new Set<string>() };
    entry.changed.add(change.commentId);
    if (change.commentId === change.threadId)
      entry.key = sortKey({ createdAt: change.createdAt, id: change.commentId });
    byTop.set(change.threadId, entry);
  }
  return writeThreadExclusively(site, pageId, async (current) => {
    const record = current ?? emptyRecord(site, pageId, presentation);
    const presentAll = current !== undefined && current.gravatar !== presentation.gravatar;
    const tops = presentAll ? [...(await allTops(record)), ...byTop.values()] : [...byTop.values()];
    return recompute(record, tops, presentation, presentAll);
  });
}

/** Presents a whole thread again, when the site's Gravatar setting no longer matches it. */
export async function represent(site: string, pageId: string): Promise<ThreadRecord> {
  const presentation = await presentationOf(site);
  return writeThreadExclusively(site, pageId, async (current) => {
    const record = current ?? emptyRecord(site, pageId, presentation);
    return recompute(record, await allTops(record), presentation, true);
  });
}
