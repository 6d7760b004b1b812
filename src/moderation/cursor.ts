// Opaque cursors for the moderation list: the (createdAt, id) of the last comment shown and
// the sort order they belong to, so the next page starts strictly after it.
export type ListSort = 'newest' | 'oldest';

export interface ListCursor {
  sort: ListSort;
  createdAt: Date;
  id: string;
}

const SORT_MARK: Record<ListSort, string> = { newest: 'n', oldest: 'o' };
const DECODED = /^([no]):(\d{1,15}):([0-9a-f]{24})$/;

export function encodeCursor(cursor: ListCursor): string {
  const raw = `${SORT_MARK[cursor.sort]}:${cursor.createdAt.getTime()}:${cursor.id}`;
  return Buffer.from(raw, 'utf8').toString('base64url');
}

/** The cursor, or undefined when the text is not one this API made. */
export function decodeCursor(text: string): ListCursor | undefined {
  if (!/^[A-Za-z0-9_-]{1,80}$/.test(text)) return undefined;
  const match = DECODED.exec(Buffer.from(text, 'base64url').toString('utf8'));
  if (!match) return undefined;
  const [, mark, ms, id] = match as unknown as [string, string, string, string];
  return { sort: mark === 'n' ? 'newest' : 'oldest', createdAt: new Date(Number(ms)), id };
}
