// The short log of what readers saw change in a page's public thread, kept on its record for
// live readers (src/live/): each entry names a comment that appeared, changed or went, under
// the next number of the page. Only the page's lease holder writes it (thread.sync.ts), so the
// numbers need no atomic counter. It is derived from the public comments themselves, old and
// new, so any change to what a comment shows is logged without the sync knowing why.
import type { LiveChangeKind } from '../shared/live';
import type { PublicNode } from './thread.items';

/** `reset`: what changed was not named (a rebuilt thread); a live reader reads it again. */
export type ThreadLogKind = LiveChangeKind | 'reset';

export interface ThreadLogEntry {
  seq: number;
  /** The comment's id; empty for a reset. */
  id: string;
  kind: ThreadLogKind;
  at: Date;
}

/**
 * Entries kept per page. A record is read on every cold thread read, so the log stays short;
 * a live reader further behind than this is told to read the thread again.
 */
export const MAX_LOGGED_CHANGES = 50;

/** The public changes between an item's comments before and after (by id). */
export function publicChanges(
  before: Map<string, PublicNode>,
  after: Map<string, PublicNode>,
): Array<{ id: string; kind: ThreadLogKind }> {
  const changes: Array<{ id: string; kind: ThreadLogKind }> = [];
  for (const [id, node] of after) {
    const old = before.get(id);
    if (!old) changes.push({ id, kind: 'added' });
    else if (JSON.stringify(old) !== JSON.stringify(node)) changes.push({ id, kind: 'edited' });
  }
  for (const id of before.keys()) if (!after.has(id)) changes.push({ id, kind: 'removed' });
  return changes;
}

/** The log with these changes appended under the next numbers, cut to the last MAX_LOGGED_CHANGES. */
export function appendToLog(
  log: ThreadLogEntry[] | undefined,
  changes: Array<{ id: string; kind: ThreadLogKind }>,
  at: Date,
): ThreadLogEntry[] | undefined {
  if (changes.length === 0) return log;
  let seq = log?.at(-1)?.seq ?? 0;
  const added = changes.map(({ id, kind }) => ({ seq: ++seq, id, kind, at }));
  return [...(log ?? []), ...added].slice(-MAX_LOGGED_CHANGES);
}
