// What moderators do to comments: change their status, edit them, delete them (admins),
// one at a time or in bulk. Every action is checked against the moderator's sites, told to the
// comment events as the moderator's act (the audit, then the notifier, hear it), and leaves the
// page's public thread and counts right (the comment model keeps those).

import { moderatorAct } from '../audit/audit.listener';
import type { AuditDetail } from '../audit/audit.model';
import { type AuthUser, hasRole } from '../auth';
import type { Clock } from '../clock';
import { MODERATOR_EDIT_CHECKS, runChecks } from '../comments/checks';
import type { CommentEvents } from '../comments/events';
import { sanitizeContent } from '../comments/sanitize';
import {
  changeCommentStatus,
  deleteCommentPermanently,
  updateCommentContent,
} from '../comments/store/changes';
import type { Comment, CommentStatus } from '../comments/store/comment.types';
import { findCommentsByIds } from '../comments/store/moderation';
import { countReplies, findComment } from '../comments/store/reads';
import { AppError, errors } from '../errors';
import type { Logger } from '../logger';
import type { BulkResult } from '../shared/moderationCard';
import { enqueueAkismetFeedback } from '../spam';
import { assertCanModerate, moderationErrors } from './access';
import type { BulkAction } from './moderation.schema';
import { akismetFeedbackFor, type StatusAction, targetStatus } from './transitions';
import type { ViewBuilder } from './views';

const actionErrors = {
  invalidTransition: (action: StatusAction, from: CommentStatus) =>
    errors.conflict(
      'invalid_transition',
      `A comment that is ${from} cannot be given the action "${action}".`,
    ),
  statusChanged: () =>
    errors.conflict(
      'status_changed',
      'The comment changed while you were acting on it. Reload it and try again.',
    ),
  hasReplies: () =>
    errors.conflict(
      'has_replies',
      'This comment has replies. Delete them first, or trash the comment instead.',
    ),
  adminOnly: () => errors.forbidden('forbidden', 'Only an admin may delete comments.'),
};

export function createModerationActions(deps: {
  clock: Clock;
  log: Logger;
  views: ViewBuilder;
  events: CommentEvents;
}) {
  const { clock, log, views, events } = deps;

  async function loadForAction(user: AuthUser, id: string): Promise<Comment> {
    const comment = await findComment(id);
    if (!comment) throw moderationErrors.notFound();
    assertCanModerate(user, comment.site);
    return comment;
  }

  async function viewOf(id: string) {
    const view = await views.loadView(id);
    if (!view) throw moderationErrors.notFound();
    return view;
  }

  /** Moves `comment` (as read) along the state machine; refuses if it moved meanwhile. */
  async function applyStatus(user: AuthUser, comment: Comment, action: StatusAction, detail?: AuditDetail) {
    const from = comment.status;
    const to = targetStatus(action, from);
    if (!to) throw actionErrors.invalidTransition(action, from);
    const now = clock.now();
    const changed = await changeCommentStatus(comment.id, from, to, now);
    if (!changed) throw actionErrors.statusChanged();
    log.info({ commentId: comment.id, userId: user.id, action, from, to }, 'comment moderated');
    const by = moderatorAct(user.id, action, now, detail);
    await events.emit('statusChanged', changed, from, to, by);
    const verdict = akismetFeedbackFor(from, to);
    // Keyed by the act's audit entry, so each action gets one job. A moderator's own reply was
    // never checked by Akismet and has no commenter data to send.
    if (verdict && !changed.byModerator) {
      await enqueueAkismetFeedback({ commentId: comment.id, verdict, now, reference: by.auditId });
    }
    return changed;
  }

  /** Deletes for good; refuses a comment with replies (they would lose their place). */
  async function removeComment(user: AuthUser, comment: Comment, detail?: AuditDetail): Promise<void> {
    if (!hasRole(user, 'admin')) throw actionErrors.adminOnly();
    if ((await countReplies(comment.id)) > 0) throw actionErrors.hasReplies();
    const now = clock.now();
    const deleted = await deleteCommentPermanently(comment.id, now);
    if (!deleted) throw actionErrors.statusChanged();
    log.info({ commentId: deleted.id, userId: user.id, from: deleted.status }, 'comment deleted');
    await events.emit('deleted', deleted, moderatorAct(user.id, 'delete', now, detail));
  }

  /** `detail` goes to the audit entry: `{ via: 'email' }` for a link from a notification email. */
  async function changeStatus(user: AuthUser, id: string, action: StatusAction, detail?: AuditDetail) {
    await applyStatus(user, await loadForAction(user, id), action, detail);
    return viewOf(id);
  }

  async function editComment(user: AuthUser, id: string, text: string) {
    const comment = await loadForAction(user, id);
    const content = sanitizeContent(text);
    await runChecks(MODERATOR_EDIT_CHECKS, { content });
    // Saving the same text again changes nothing, so it is neither stored nor audited.
    if (content !== comment.content) {
      const now = clock.now();
      const updated = await updateCommentContent(id, content, now);
      if (!updated) throw actionErrors.statusChanged();
      await events.emit('edited', updated, comment.content, moderatorAct(user.id, 'edit', now));
    }
    return viewOf(id);
  }

  async function deleteComment(user: AuthUser, id: string): Promise<void> {
    await removeComment(user, await loadForAction(user, id));
  }

  /**
   * One action on many comments. Any comment of a site the user does not moderate refuses
   * the whole request (403); otherwise each id gets its own result, as the single action
   * would have answered. Deletes take replies before their parents.
   */
  async function bulkAction(user: AuthUser, ids: string[], action: BulkAction): Promise<BulkResult[]> {
    if (action === 'delete' && !hasRole(user, 'admin')) throw actionErrors.adminOnly();
    const unique = [...new Set(ids)];
    const found = await findCommentsByIds(unique);
    for (const comment of found) assertCanModerate(user, comment.site);
    const byId = new Map(found.map((comment) => [comment.id, comment]));
    const depth = (id: string) => byId.get(id)?.depth ?? 0;
    const order = action === 'delete' ? [...unique].sort((a, b) => depth(b) - depth(a)) : unique;
    const results = new Map<string, BulkResult>();
    for (const id of order) {
      try {
        const comment = byId.get(id);
        if (!comment) throw moderationErrors.notFound();
        if (action === 'delete') {
          await removeComment(user, comment, { bulk: true });
          results.set(id, { id, ok: true, status: null });
        } else {
          const changed = await applyStatus(user, comment, action, { bulk: true });
          results.set(id, { id, ok: true, status: changed.status });
        }
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        results.set(id, { id, ok: false, error: { code: error.code, message: error.message } });
      }
    }
    return unique.map((id) => results.get(id) as BulkResult);
  }

  return { loadForAction, changeStatus, editComment, deleteComment, bulkAction };
}
