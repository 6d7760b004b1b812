// The moderation audit as a listener of the comment events (src/comments/events.ts): one entry
// per act a moderator caused, under the id the act chose (its Akismet feedback refers to it).
// Events without a `ModeratorAct` (the spam checker's verdicts) are not audited.
import type { CommentListener, ModeratorAct } from '../comments/events';
import type { Comment, CommentStatus } from '../comments/store/comment.types';
import { type AuditAction, type AuditDetail, insertAuditEntry, newAuditId } from './audit.model';

/** A moderator's act as the events carry it, with the id of its audit entry chosen now. */
export function moderatorAct(
  userId: string,
  action: AuditAction,
  at: Date,
  detail?: AuditDetail,
): ModeratorAct {
  return { userId, action, at, auditId: newAuditId(), ...(detail && { detail }) };
}

async function record(
  by: ModeratorAct,
  comment: Comment,
  from: CommentStatus | null,
  to: CommentStatus | null,
  detail = by.detail,
): Promise<void> {
  await insertAuditEntry({
    id: by.auditId,
    at: by.at,
    userId: by.userId,
    action: by.action,
    commentId: comment.id,
    site: comment.site,
    from,
    to,
    ...(detail && { detail }),
  });
}

export function createAuditListener(): CommentListener {
  return {
    async onStatusChanged(comment, from, to, by) {
      // A reply's approval is the act its `created` already recorded.
      if (by && by.action !== 'reply') await record(by, comment, from, to);
    },
    async onEdited(comment, previousContent, by) {
      const detail: AuditDetail = { previousContent, ...by?.detail };
      if (by) await record(by, comment, comment.status, comment.status, detail);
    },
    async onCreated(comment, by) {
      const detail: AuditDetail = { parentId: comment.parentId, ...by?.detail };
      if (by) await record(by, comment, null, comment.status, detail);
    },
    async onDeleted(comment, by) {
      const detail: AuditDetail = { pageId: comment.pageId, parentId: comment.parentId, ...by?.detail };
      if (by) await record(by, comment, comment.status, null, detail);
    },
  };
}
