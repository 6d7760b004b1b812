// Block and trust lists (src/commenters/) as the moderation API answers them and the dashboard
// shows them. An email entry never carries the address: only a masked form.

export const COMMENTER_LISTS = ['block', 'trust'] as const;
export type CommenterList = (typeof COMMENTER_LISTS)[number];

export const ENTRY_KINDS = ['email', 'ip', 'cidr'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** One entry of a site's block or trust list. */
export interface ListEntry {
  id: string;
  site: string;
  list: CommenterList;
  kind: EntryKind;
  /** The IP address or CIDR range; for an email, a masked form (`a•••@example.org`). */
  value: string;
  note: string | null;
  addedBy: { id: string; name: string };
  /** The comment whose author was listed from its card, if so. */
  commentId: string | null;
  createdAt: string;
  expiresAt: string | null;
  /** True once `expiresAt` has passed: the entry no longer applies. */
  isExpired: boolean;
}

export interface ListEntries {
  entries: ListEntry[];
}
