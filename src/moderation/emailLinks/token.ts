// The Approve, Spam and Trash links of a moderator notification email. A link names one
// comment, one moderator, one action, when it stops working, and the email it came in (a
// random nonce): `comment.user.action.expiry.nonce.signature`. The signature is an HMAC
// under EMAIL_KEY (the vault's lookup HMAC, with a purpose prefix no email address can
// have), so only Parley can make one, and no part of it can be changed. The three links of
// one email share its nonce: whichever is used first spends all three (emailLinkUse.model.ts).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { EmailVault } from '../../privacy/emailVault';

export const EMAIL_LINK_ACTIONS = ['approve', 'spam', 'trash'] as const;
export type EmailLinkAction = (typeof EMAIL_LINK_ACTIONS)[number];

/** How long a link works after its email was written. */
export const EMAIL_LINK_TTL_MS = 7 * 24 * 3_600_000;

export interface EmailLink {
  commentId: string;
  userId: string;
  action: EmailLinkAction;
  expiresAt: Date;
  nonce: string;
}

const PURPOSE = 'parley moderation email link v1 ';
const TOKEN =
  /^([0-9a-f]{24})\.([0-9a-f-]{36})\.(approve|spam|trash)\.([0-9]{1,12})\.([0-9a-f]{24})\.([0-9a-f]{64})$/;

function sign(vault: EmailVault, body: string): string {
  return vault.hash(`${PURPOSE}${body}`);
}

/** A nonce for one email's links. */
export function newEmailNonce(): string {
  return randomBytes(12).toString('hex');
}

export function createEmailLinkToken(vault: EmailVault, link: EmailLink): string {
  const expiry = Math.floor(link.expiresAt.getTime() / 1000);
  const body = [link.commentId.toLowerCase(), link.userId, link.action, expiry, link.nonce].join('.');
  return `${body}.${sign(vault, body)}`;
}

/** What a token says, or undefined when Parley did not sign it (or it was changed). */
export function readEmailLinkToken(vault: EmailVault, token: string): EmailLink | undefined {
  const match = TOKEN.exec(token.trim());
  if (!match) return undefined;
  const [, commentId, userId, action, expiry, nonce, signature] = match as unknown as string[];
  const body = [commentId, userId, action, expiry, nonce].join('.');
  const expected = Buffer.from(sign(vault, body), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(signature as string, 'hex'))) return undefined;
  return {
    commentId: commentId as string,
    userId: userId as string,
    action: action as EmailLinkAction,
    expiresAt: new Date(Number(expiry) * 1000),
    nonce: nonce as string,
  };
}

export const EMAIL_LINK_PATH = '/moderate/email-action';

export function emailLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl}${EMAIL_LINK_PATH}?token=${encodeURIComponent(token)}`;
}

/** The three links of one moderator's email about one comment. */
export function emailLinksFor(
  vault: EmailVault,
  publicUrl: string,
  input: { commentId: string; userId: string; now: Date },
): Record<EmailLinkAction, string> {
  const nonce = newEmailNonce();
  const expiresAt = new Date(input.now.getTime() + EMAIL_LINK_TTL_MS);
  const url = (action: EmailLinkAction) =>
    emailLinkUrl(
      publicUrl,
      createEmailLinkToken(vault, {
        commentId: input.commentId,
        userId: input.userId,
        action,
        expiresAt,
        nonce,
      }),
    );
  return { approve: url('approve'), spam: url('spam'), trash: url('trash') };
}
