// The moderators' side of Parley, put together from its parts: reading the queue, acting
// on comments, replying. Services take plain values; HTTP stops at moderation.routes.ts.
import { createAuditListener } from '../audit/audit.listener';
import type { Clock } from '../clock';
import { type CommentListener, createCommentEvents } from '../comments/events';
import type { Logger } from '../logger';
import type { EmailVault } from '../privacy/emailVault';
import { createModerationActions } from './actions.service';
import { createQueueReads } from './queue.service';
import { createModeratorReplies } from './reply.service';
import { createViewBuilder } from './views';

export interface ModerationDeps {
  vault: EmailVault;
  clock: Clock;
  log: Logger;
  /**
   * Hears what moderators do to comments (src/comments/events.ts): every status change, every
   * reply, every edit, every delete, after the audit has recorded it. Its failures are logged;
   * the moderator's action stands.
   */
  events?: CommentListener;
}

export function createModerationService(deps: ModerationDeps) {
  const log = deps.log.child({ component: 'moderation' });
  const views = createViewBuilder({ vault: deps.vault, log });
  const reads = createQueueReads({ vault: deps.vault, views });
  const events = createCommentEvents({
    log,
    // The audit is always on and told first, so an entry exists before anyone is notified.
    listeners: [createAuditListener(), deps.events],
    failureMessage: 'moderation event listener failed',
  });
  const actions = createModerationActions({ clock: deps.clock, log, views, events });
  const replies = createModeratorReplies({
    clock: deps.clock,
    log,
    vault: deps.vault,
    views,
    events,
    loadForAction: actions.loadForAction,
  });
  return {
    listComments: reads.listComments,
    countComments: reads.countComments,
    readComment: reads.readComment,
    changeStatus: actions.changeStatus,
    editComment: actions.editComment,
    deleteComment: actions.deleteComment,
    bulkAction: actions.bulkAction,
    replyAsModerator: replies.replyAsModerator,
  };
}

export type ModerationService = ReturnType<typeof createModerationService>;
