// Unsubscribe links that work without logging in: the token names a comment and is signed
// with a key derived from EMAIL_KEY, so only Parley can make one and it never expires.
import { timingSafeEqual } from 'node:crypto';
import type { EmailVault } from '../privacy/emailVault';

// The vault's lookup HMAC doubles as the signing function: its other inputs are email
// addresses (they contain "@", this never does), so a signature can never equal an
// email's lookup hash, and neither is ever shown to anyone but the link's owner.
const PURPOSE = 'parley unsubscribe v1 comment ';
const TOKEN = /^([0-9a-f]{24})\.([0-9a-f]{32})$/;

function sign(vault: EmailVault, commentId: string): string {
  return vault.hash(`${PURPOSE}${commentId.toLowerCase()}`).slice(0, 32);
}

export function createUnsubscribeToken(vault: EmailVault, commentId: string): string {
  return `${commentId.toLowerCase()}.${sign(vault, commentId)}`;
}

/** The comment id a token names, or undefined when the token was not made by Parley. */
export function readUnsubscribeToken(vault: EmailVault, token: string): string | undefined {
  const match = TOKEN.exec(token.trim().toLowerCase());
  if (!match) return undefined;
  const [, commentId, signature] = match as unknown as [string, string, string];
  const expected = Buffer.from(sign(vault, commentId), 'hex');
  return timingSafeEqual(expected, Buffer.from(signature, 'hex')) ? commentId : undefined;
}

export function unsubscribeUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/unsubscribe?token=${encodeURIComponent(token)}`;
}
