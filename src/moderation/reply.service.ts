// A moderator's reply: published at once under an approved comment, marked as written by a
// moderator, and never carrying the moderator's email. It skips the spam check and the
// reader rules (flood, duplicates, closed pages): a moderator may answer on a closed page.
// What it does check is MODERATOR_REPLY_CHECKS in ../comments/checks.

import { moderatorAct } from '../audit/audit.listener';
import type { AuthUser } from '../auth';
import type { Clock } from '../clock';
import { MODERATOR_REPLY_CHECKS, remember, runChecks } from '../comments/checks';
import type { CommentEvents } from '../comments/events';
import { sanitizeContent } from '../comments/sanitize';
import { newCommentDocument, storeNewComment } from '../comments/store/changes';
import type { Comment } from '../comments/store/comment.types';
import type { Logger } from '../logger';
import type { EmailVault } from '../privacy/emailVault';
import { findSite } from '../sites/site.model';
import { moderationErrors } from './access';
import type { ViewBuilder } from './views';

/** The name a moderator's reply is signed with when the account has no display name (the email is private). */
export const MODERATOR_NAME = 'Moderator';

export function createModeratorReplies(deps: {
  clock: Clock;
  log: Logger;
  vault: EmailVault;
  views: ViewBuilder;
  events: CommentEvents;
  /** The comment, once the user is known to moderate its site (404 / 403 otherwise). */
  loadForAction: (user: AuthUser, id: string) => Promise<Comment>;
}) {
  const { clock, log, vault, views, events } = deps;

  async function replyAsModerator(user: AuthUser, parentId: string, text: string) {
    const parent = await deps.loadForAction(user, parentId);
    // Read when the depth check asks, after the parent is known to be approved.
    const site = remember(async () => {
      const found = await findSite(parent.site);
      if (!found) throw moderationErrors.notFound();
      return found;
    });
    const content = sanitizeContent(text);
    await runChecks(MODERATOR_REPLY_CHECKS, {
      site,
      pageId: parent.pageId,
      parent: async () => parent,
      content,
    });
    const now = clock.now();
    // Stored approved, straight into the page's public thread. No spam check is queued for it.
    const reply = await storeNewComment(
      newCommentDocument({
        site: parent.site,
        pageId: parent.pageId,
        parent,
        author: user.name ?? MODERATOR_NAME,
        avatarSeed: vault.avatarSeed(`moderator:${user.id}`),
        content,
        rawContent: text,
        status: 'approved',
        reasons: [],
        notifyReplies: false,
        byModerator: true,
        request: {},
        createdAt: now,
      }),
    );
    log.info({ commentId: reply.id, parentId: parent.id, userId: user.id }, 'moderator replied');
    // One act, told twice: the audit records it once, as the reply (at `created`).
    const by = moderatorAct(user.id, 'reply', now);
    await events.emit('created', reply, by);
    await events.emit('statusChanged', reply, 'pending', 'approved', by);
    const view = await views.loadView(reply.id);
    if (!view) throw moderationErrors.notFound();
    return view;
  }

  return { replyAsModerator };
}
