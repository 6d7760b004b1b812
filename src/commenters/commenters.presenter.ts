// An entry as moderators see it: the masked email, never its hash.
import type { ListEntries, ListEntry } from '../shared/commenterLists';
import type { StoredEntry } from './lists.model';

export function presentEntry(entry: StoredEntry, now: Date): ListEntry {
  return {
    id: entry.id,
    site: entry.site,
    list: entry.list,
    kind: entry.kind,
    value: entry.display,
    note: entry.note ?? null,
    addedBy: entry.addedBy,
    commentId: entry.commentId ?? null,
    createdAt: entry.createdAt.toISOString(),
    expiresAt: entry.expiresAt?.toISOString() ?? null,
    isExpired: entry.expiresAt !== undefined && entry.expiresAt <= now,
  };
}

export function presentEntries(entries: StoredEntry[], now: Date): ListEntries {
  return { entries: entries.map((entry) => presentEntry(entry, now)) };
}
