// The `moderation-hash` in the address a plain form post returns to: it lets the reader who
// posted (and whoever they hand that address to) see that one comment while it is pending.
//
// Why an HMAC of the comment id, and not the author token or its hash: the raw token is a
// reader's identity for all their comments, so it must not sit in an address bar, a history
// or a Referer; its sha256 is stored with every comment, so a database dump would yield every
// link, and it is the same for all of a reader's comments, so it would tie them together.
// An HMAC of the id under a key only the server holds (derived from EMAIL_KEY) names one
// comment, cannot be guessed or computed from anything stored, and shows nothing once the
// comment is decided: approved it is public anyway, spam or trash it is never shown. That is
// what WordPress's moderation-hash gives, without its guessable input (the comment's date).
//
// The vault's lookup HMAC doubles as the signing function, as for unsubscribe links: its
// other inputs are email addresses (they contain "@", this never does), and the purpose
// prefix keeps the two kinds of signature apart.
import { timingSafeEqual } from 'node:crypto';
import type { EmailVault } from '../privacy/emailVault';
import { COMMENT_ID_PATTERN, MODERATION_HASH_PATTERN } from '../shared/heldComment';

const PURPOSE = 'parley moderation-hash v1 comment ';

export function moderationHash(vault: EmailVault, commentId: string): string {
  return vault.hash(`${PURPOSE}${commentId.toLowerCase()}`).slice(0, 32);
}

/** True when `hash` is the moderation-hash Parley made for this comment. */
export function isModerationHash(vault: EmailVault, commentId: string, hash: string): boolean {
  if (!COMMENT_ID_PATTERN.test(commentId) || !MODERATION_HASH_PATTERN.test(hash)) return false;
  return timingSafeEqual(Buffer.from(moderationHash(vault, commentId), 'hex'), Buffer.from(hash, 'hex'));
}
