// Bringing the public threads of imported pages up to date, once each page's comments are all
// stored. A page that had no thread before the import gets its thread built at once from the
// approved comments just stored, held in memory (up to HELD_LIMIT of them in all); any other
// page (an earlier import, comments posted here, or past the limit) is synced comment by
// comment, as a moderator's approval would be, which reads each one by _id. Comments an
// earlier import stored are synced too: that import may have been stopped before it got there.
import type { Comment } from '../comments/store/comment.types';
import { findSite } from '../sites/site.model';
import { findThreadRecord } from '../threads/thread.model';
import { writeRebuiltThread } from '../threads/thread.rebuild';
import { syncThread, type ThreadChange } from '../threads/thread.sync';

/** Approved comments held for building new threads, across pages (about 2 KB each). */
const HELD_LIMIT = 5000;
/** Changed comments per sync (a sync holds the page's lease while it runs). */
const SYNC_BATCH = 200;

type PageState = { isNew: true; approved: Comment[] } | { isNew: false; changes: ThreadChange[] };

type Placed = Pick<Comment, 'id' | 'pageId' | 'threadId' | 'createdAt'>;

const changeOf = (site: string, comment: Placed): ThreadChange => ({
  site,
  pageId: comment.pageId,
  threadId: comment.threadId,
  commentId: comment.id,
  createdAt: comment.createdAt,
});

export function createThreadCatchUp(site: string) {
  const pages = new Map<string, PageState>();
  let held = 0;

  async function stateOf(pageId: string): Promise<PageState> {
    let state = pages.get(pageId);
    if (!state) {
      state = (await findThreadRecord(site, pageId))
        ? { isNew: false, changes: [] }
        : { isNew: true, approved: [] };
      pages.set(pageId, state);
    }
    return state;
  }

  /** The page is synced comment by comment from now on. */
  function toSynced(pageId: string, state: PageState): PageState {
    if (!state.isNew) return state;
    held -= state.approved.length;
    const synced: PageState = {
      isNew: false,
      changes: state.approved.map((comment) => changeOf(site, comment)),
    };
    pages.set(pageId, synced);
    return synced;
  }

  /** Comments just stored; only approved ones change what readers see (placeholders come with them). */
  async function stored(comments: Comment[]): Promise<void> {
    for (const comment of comments) {
      if (comment.status !== 'approved') continue;
      let state = await stateOf(comment.pageId);
      if (state.isNew && held >= HELD_LIMIT) state = toSynced(comment.pageId, state);
      if (state.isNew) {
        state.approved.push(comment);
        held += 1;
      } else state.changes.push(changeOf(site, comment));
    }
  }

  /** Comments an earlier import stored: their pages' threads are not new, and owe them a sync. */
  async function storedBefore(comments: Placed[]): Promise<void> {
    for (const comment of comments) {
      const state = toSynced(comment.pageId, await stateOf(comment.pageId));
      if (!state.isNew) state.changes.push(changeOf(site, comment));
    }
  }

  /** Every comment of the page is stored: its thread is brought up to date. */
  async function finishPage(pageId: string): Promise<void> {
    const state = pages.get(pageId);
    pages.delete(pageId);
    if (!state) return;
    let changes = state.isNew ? [] : state.changes;
    if (state.isNew) {
      held -= state.approved.length;
      if (state.approved.length === 0) return;
      // A comment approved here meanwhile wrote the page's first thread: sync, not rebuild.
      if (await findThreadRecord(site, pageId))
        changes = state.approved.map((comment) => changeOf(site, comment));
      else {
        const gravatar = (await findSite(site))?.settings.gravatar ?? false;
        await writeRebuiltThread(site, pageId, state.approved, gravatar);
      }
    }
    for (let start = 0; start < changes.length; start += SYNC_BATCH) {
      await syncThread(changes.slice(start, start + SYNC_BATCH));
    }
  }

  async function finishAll(): Promise<void> {
    for (const pageId of [...pages.keys()]) await finishPage(pageId);
  }

  return { stored, storedBefore, finishPage, finishAll };
}
