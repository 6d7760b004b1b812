// Moderating from the notification email: what a link offers (the confirmation page) and
// taking its action (the page's button). Opening a link changes nothing; only the POST acts,
// as the moderator the link was made for, through the same actions as the dashboard, and
// audited with `via: 'email'`. A link works for 7 days, for one comment and one moderator,
// once: the first use spends the email's three links.
import type { AuthUser } from '../../auth';
import { canModerateSite } from '../../auth';
import { findUserById } from '../../auth/user.model';
import type { Clock } from '../../clock';
import type { Comment } from '../../comments/store/comment.types';
import { findComment } from '../../comments/store/reads';
import { AppError, errors } from '../../errors';
import type { EmailVault } from '../../privacy/emailVault';
import { findSite, type Site } from '../../sites/site.model';
import type { ModerationService } from '../moderation.service';
import { targetStatus } from '../transitions';
import { findEmailLinkUse, spendEmailLink, unspendEmailLink } from './emailLinkUse.model';
import { type EmailLink, readEmailLinkToken } from './token';

export const emailLinkErrors = {
  invalid: () =>
    errors.badRequest(
      'invalid_moderation_link',
      'This moderation link is not valid. Copy the whole link from the email.',
    ),
  expired: () =>
    new AppError(
      410,
      'moderation_link_expired',
      'This link has expired: links in the email work for 7 days.',
    ),
  used: (action: string) =>
    errors.conflict(
      'moderation_link_used',
      `A link from this email was used already (${action}). Each email's links work once.`,
    ),
  notModerator: () =>
    errors.forbidden('forbidden', 'The account this link was sent to may no longer moderate this comment.'),
  commentGone: () => errors.notFound('comment_not_found', 'This comment no longer exists.'),
};

export interface EmailLinkTarget {
  link: EmailLink;
  comment: Comment;
  site: Site | undefined;
  user: AuthUser;
  /** False when the comment already is where the action would take it, or cannot go there. */
  canAct: boolean;
}

export function createEmailLinks(deps: { vault: EmailVault; clock: Clock; moderation: ModerationService }) {
  const { vault, clock, moderation } = deps;

  /** Everything the page shows; refuses links that cannot be used, with the reason. */
  async function open(token: string): Promise<EmailLinkTarget> {
    const link = readEmailLinkToken(vault, token);
    if (!link) throw emailLinkErrors.invalid();
    if (link.expiresAt <= clock.now()) throw emailLinkErrors.expired();
    const used = await findEmailLinkUse(link.nonce);
    if (used) throw emailLinkErrors.used(used.action);
    const [user, comment] = await Promise.all([findUserById(link.userId), findComment(link.commentId)]);
    if (!user || user.disabled) throw emailLinkErrors.notModerator();
    if (!comment) throw emailLinkErrors.commentGone();
    if (!canModerateSite(user, comment.site)) throw emailLinkErrors.notModerator();
    const canAct = targetStatus(link.action, comment.status) !== undefined;
    return { link, comment, site: await findSite(comment.site), user, canAct };
  }

  /** Takes the link's action; the links are spent only when it was taken. */
  async function act(token: string): Promise<EmailLinkTarget> {
    const target = await open(token);
    if (!(await spendEmailLink(target.link, clock.now()))) {
      const used = await findEmailLinkUse(target.link.nonce);
      throw emailLinkErrors.used(used?.action ?? target.link.action);
    }
    try {
      await moderation.changeStatus(target.user, target.comment.id, target.link.action, { via: 'email' });
    } catch (error) {
      await unspendEmailLink(target.link);
      throw error;
    }
    const comment = (await findComment(target.comment.id)) ?? target.comment;
    return { ...target, comment, canAct: false };
  }

  return { open, act };
}

export type EmailLinks = ReturnType<typeof createEmailLinks>;
