// Moderator notifications: when a checked comment waits in the moderation queue, every
// enabled user who may moderate its site gets an email (one job each, so one bad address
// does not hold up or repeat the others). Never for spam: only onQueued leads here.
import { canModerateSite } from '../auth';
import { findUserById, listUsers, type User } from '../auth/user.model';
import type { Comment } from '../comments/store/comment.types';
import { findComment } from '../comments/store/reads';
import type { Config } from '../config';
import { emailLinksFor } from '../moderation/emailLinks/token';
import { findPage } from '../pages/page.model';
import type { EmailVault } from '../privacy/emailVault';
import { defineJobHandler, enqueueJob } from '../queue';
import { findSite } from '../sites/site.model';
import type { Mailer } from './mailer';
import { EMAIL_RETRY } from './retry';
import { moderatorEmail } from './templates';

export const MODERATOR_EMAIL_JOB = 'email-moderator';

export interface ModeratorEmailPayload {
  commentId: string;
  userId: string;
}

function isModeratorOf(user: User, siteId: string): boolean {
  return !user.disabled && canModerateSite(user, siteId);
}

export async function listSiteModerators(siteId: string): Promise<User[]> {
  return (await listUsers()).filter((user) => isModeratorOf(user, siteId));
}

/** The dashboard, opened on this comment. */
export function dashboardUrl(publicUrl: string, commentId: string): string {
  return `${publicUrl}/moderate#comment-${commentId}`;
}

/** Queues one email per moderator of the comment's site; says how many. */
export async function enqueueModeratorEmails(comment: Comment, now: Date): Promise<string> {
  const moderators = await listSiteModerators(comment.site);
  for (const user of moderators) {
    await enqueueJob<ModeratorEmailPayload>({
      type: MODERATOR_EMAIL_JOB,
      // An author's edit sends the comment back to the queue: that version gets its own email.
      key: `email:moderator:${comment.id}:${user.id}${comment.editedAt ? `:${comment.editedAt.getTime()}` : ''}`,
      payload: { commentId: comment.id, userId: user.id },
      now,
    });
  }
  return `moderator emails queued: ${moderators.length}`;
}

export function createModeratorEmailHandler(deps: { config: Config; vault: EmailVault; mailer: Mailer }) {
  const { config, vault, mailer } = deps;
  return defineJobHandler<ModeratorEmailPayload>({
    type: MODERATOR_EMAIL_JOB,
    retry: EMAIL_RETRY,
    async run(payload, context) {
      if (!mailer.isConfigured) return `skipped: ${mailer.notConfiguredReason()}`;
      const comment = await findComment(payload.commentId);
      if (!comment) return 'skipped: the comment no longer exists';
      // A moderator got to it before the email left: nothing to ask anyone any more.
      if (comment.status !== 'pending') return `skipped: the comment is ${comment.status} already`;
      const user = await findUserById(payload.userId);
      if (!user || !isModeratorOf(user, comment.site))
        return 'skipped: the user no longer moderates this site';
      const site = await findSite(comment.site);
      if (!site) return 'skipped: the site no longer exists';
      const page = await findPage(site.id, comment.pageId);
      const content = moderatorEmail({
        site,
        comment,
        page,
        pageUrl: page?.url ?? site.url,
        dashboardUrl: dashboardUrl(config.PUBLIC_URL, comment.id),
        // Approve, Spam and Trash, as WordPress's email has: each opens a page whose button acts.
        actionUrls: emailLinksFor(vault, config.PUBLIC_URL, {
          commentId: comment.id,
          userId: user.id,
          now: context.now,
        }),
      });
      await mailer.send({ to: user.email, ...content });
      return 'sent';
    },
  });
}
