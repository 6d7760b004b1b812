// Reply notifications: when a reply is approved, its parent's author gets an email, if they
// opted in (notifyReplies) and have not unsubscribed since. Checked again when the email is
// sent, so a reply trashed or an unsubscribe in between stops it.

import { commentAnchorUrl } from '../comments/formResponse';
import type { Comment } from '../comments/store/comment.types';
import { type CommentContact, findCommentContact, findReplyOptOut } from '../comments/store/contacts';
import type { Config } from '../config';
import { findPage } from '../pages/page.model';
import type { EmailVault } from '../privacy/emailVault';
import { defineJobHandler, enqueueJob, PermanentJobError } from '../queue';
import { findSite } from '../sites/site.model';
import type { Mailer } from './mailer';
import { EMAIL_RETRY } from './retry';
import { replyEmail } from './templates';
import { createUnsubscribeToken, unsubscribeUrl } from './unsubscribeToken';

export const REPLY_EMAIL_JOB = 'email-reply';

export interface ReplyEmailPayload {
  /** The approved reply. */
  commentId: string;
}

type ReplyCheck = { reply: Comment; parent: CommentContact & { emailSealed: string } } | { skip: string };

/** Whether an approved reply should be emailed to its parent's author, and why not. */
export async function checkReplyEmail(replyId: string): Promise<ReplyCheck> {
  const found = await findCommentContact(replyId);
  if (!found) return { skip: 'the reply no longer exists' };
  const reply = found.comment;
  if (reply.status !== 'approved') return { skip: `the reply is ${reply.status}, not approved` };
  if (!reply.parentId) return { skip: 'not a reply' };
  const parent = await findCommentContact(reply.parentId);
  if (!parent) return { skip: 'the parent comment no longer exists' };
  if (!parent.comment.notifyReplies)
    return { skip: 'the parent comment’s author did not ask for reply emails' };
  // Unsubscribing from every comment on the site covers the comments written before it; a
  // later comment with the box ticked asks again.
  const optedOut = parent.emailHash && (await findReplyOptOut(parent.comment.site, parent.emailHash));
  if (optedOut && optedOut >= parent.comment.createdAt) {
    return { skip: 'the parent comment’s author unsubscribed from reply emails on this site' };
  }
  if (parent.comment.status === 'spam' || parent.comment.status === 'trash') {
    return { skip: `the parent comment is ${parent.comment.status}` };
  }
  const { emailSealed } = parent;
  if (!emailSealed) return { skip: 'the parent comment has no email address' };
  if (found.emailHash && found.emailHash === parent.emailHash)
    return { skip: 'a reply to one’s own comment' };
  return { reply, parent: { ...parent, emailSealed } };
}

/** Queues the reply email when one is due; says what it did. Once per reply, ever. */
export async function enqueueReplyEmail(reply: Comment, now: Date): Promise<string> {
  const check = await checkReplyEmail(reply.id);
  if ('skip' in check) return `no reply email: ${check.skip}`;
  await enqueueJob<ReplyEmailPayload>({
    type: REPLY_EMAIL_JOB,
    key: `email:reply:${reply.id}`,
    payload: { commentId: reply.id },
    now,
  });
  return 'reply email queued';
}

export function createReplyEmailHandler(deps: { config: Config; vault: EmailVault; mailer: Mailer }) {
  const { config, vault, mailer } = deps;
  return defineJobHandler<ReplyEmailPayload>({
    type: REPLY_EMAIL_JOB,
    retry: EMAIL_RETRY,
    async run(payload) {
      if (!mailer.isConfigured) return `skipped: ${mailer.notConfiguredReason()}`;
      const check = await checkReplyEmail(payload.commentId);
      if ('skip' in check) return `skipped: ${check.skip}`;
      const { reply, parent } = check;
      const site = await findSite(reply.site);
      if (!site) return 'skipped: the site no longer exists';
      let to: string;
      try {
        to = vault.decrypt(parent.emailSealed);
      } catch {
        // Trying again cannot help: the address was sealed with another EMAIL_KEY.
        throw new PermanentJobError(
          'the parent comment’s email address cannot be decrypted with this EMAIL_KEY',
        );
      }
      const page = await findPage(reply.site, reply.pageId);
      const unsubscribe = unsubscribeUrl(config.PUBLIC_URL, createUnsubscribeToken(vault, parent.comment.id));
      const content = replyEmail({
        site,
        parent: parent.comment,
        reply,
        page,
        replyUrl: commentAnchorUrl(page?.url ?? site.url, reply.id),
        unsubscribeUrl: unsubscribe,
      });
      await mailer.send({
        to,
        ...content,
        // RFC 8058 one-click: mail clients POST "List-Unsubscribe=One-Click" to the URL.
        headers: {
          'List-Unsubscribe': `<${unsubscribe}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        },
      });
      return 'sent';
    },
  });
}
