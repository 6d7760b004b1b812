// A moderator's reply: published at once under an approved comment, marked as written by a
// moderator, and never carrying the moderator's email. It skips the spam check and the
// reader rules (flood, duplicates, closed pages): a moderator may answer on a closed page.

import { insertAuditEntry } from '../audit/audit.model';
import type { AuthUser } from '../auth';
import type { Clock } from '../clock';
import type { CommentEvents } from '../comments/events';
import { sanitizeContent, visibleText } from '../comments/sanitize';
import { newCommentDocument, storeNewComment } from '../comments/store/changes';
import type { Comment } from '../comments/store/comment.types';
import { errors } from '../errors';
import type { Logger } from '../logger';
import type { EmailVault } from '../privacy/emailVault';
import { findSite } from '../sites/site.model';
import { moderationErrors } from './access';
import type { ViewBuilder } from './views';

/** The name a moderator's reply is shown with; accounts have no display name (and the email is private). */
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
    if (parent.status !== 'approved') {
      throw errors.conflict('parent_not_approved', 'Approve the comment before replying to it.');
    }
    const site = await findSite(parent.site);
    if (!site) throw moderationErrors.notFound();
    if (parent.depth + 1 >= site.settings.maxDepth) {
      throw errors.unprocessable('too_deep', 'This conversation is nested as deeply as this site allows.');
    }
    const content = sanitizeContent(text);
    if (visibleText(content) === '') {
      throw errors.validationFailed({ content: 'Nothing readable is left once markup is removed.' });
    }
    const now = clock.now();
    // Stored approved, straight into the page's public thread. No spam check is queued for it.
    const reply = await storeNewComment(
      newCommentDocument({
        site: site.id,
        pageId: parent.pageId,
        parent,
        author: MODERATOR_NAME,
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
    await insertAuditEntry({
      at: now,
      userId: user.id,
      action: 'reply',
      commentId: reply.id,
      site: reply.site,
      from: null,
      to: 'approved',
      detail: { parentId: parent.id },
    });
    log.info({ commentId: reply.id, parentId: parent.id, userId: user.id }, 'moderator replied');
    await events.emit('created', reply);
    await events.emit('statusChanged', reply, 'pending', 'approved');
    const view = await views.loadView(reply.id);
    if (!view) throw moderationErrors.notFound();
    return view;
  }

  return { replyAsModerator };
}
