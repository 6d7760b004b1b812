// Where a plain form post (no JavaScript) sends the reader back to, as WordPress does:
// PAGE?unapproved=ID&moderation-hash=HASH#comment-ID. The server builds that address and
// checks the hash (src/comments/moderationHash.ts); the embed reads it and shows the reader
// their comment while it awaits moderation.

/** The query parameters of the return address, WordPress's names. */
export const UNAPPROVED_PARAM = 'unapproved';
export const MODERATION_HASH_PARAM = 'moderation-hash';

/** The embed sends the hash in this header, so it stays out of access logs on Parley's side. */
export const MODERATION_HASH_HEADER = 'Parley-Moderation-Hash';

export const COMMENT_ID_PATTERN = /^[0-9a-f]{24}$/;
export const MODERATION_HASH_PATTERN = /^[0-9a-f]{32}$/;

/** A comment named by a return address, with its moderation-hash. */
export interface HeldComment {
  id: string;
  hash: string;
}
