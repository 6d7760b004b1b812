// Unsubscribing from reply emails with the signed link from one of them: for that comment,
// or for every comment the same address wrote on the site.

import type { Comment } from '../comments/store/comment.types';
import {
  findCommentContact,
  stopReplyNotifications,
  stopReplyNotificationsFrom,
} from '../comments/store/contacts';
import { errors } from '../errors';
import type { EmailVault } from '../privacy/emailVault';
import { findSite, type Site } from '../sites/site.model';
import { readUnsubscribeToken } from './unsubscribeToken';

export type UnsubscribeScope = 'comment' | 'site';

export interface UnsubscribeTarget {
  comment: Comment;
  site?: Site;
}

export async function findUnsubscribeTarget(vault: EmailVault, token: string): Promise<UnsubscribeTarget> {
  const commentId = readUnsubscribeToken(vault, token);
  if (!commentId) {
    throw errors.badRequest(
      'invalid_unsubscribe_link',
      'This unsubscribe link is not valid. Copy the whole link from the email.',
    );
  }
  const found = await findCommentContact(commentId);
  if (!found)
    throw errors.notFound(
      'comment_not_found',
      'This comment no longer exists, so no more emails are sent about it.',
    );
  return { comment: found.comment, site: await findSite(found.comment.site) };
}

export async function unsubscribe(
  vault: EmailVault,
  token: string,
  scope: UnsubscribeScope,
  now: Date,
): Promise<UnsubscribeTarget & { scope: UnsubscribeScope }> {
  const target = await findUnsubscribeTarget(vault, token);
  await stopReplyNotifications(target.comment.id);
  if (scope === 'site') {
    const contact = await findCommentContact(target.comment.id);
    if (contact?.emailHash) await stopReplyNotificationsFrom(target.comment.site, contact.emailHash, now);
  }
  return { ...target, scope };
}
