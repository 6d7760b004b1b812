// A stored comment's life as typed events: the spam checker and the moderation API emit them;
// the moderation audit (src/audit/audit.listener.ts, told first), the notifier (emails, and
// webhooks through its job) and metrics listen. What a moderator does carries a `ModeratorAct`,
// which is all the audit records; the spam checker's events carry none.
import type { Logger } from '../logger';
import type { AuditAction, AuditDetail } from '../shared/audit';
import type { Comment, CommentStatus, SpamCheckAttempt } from './store/comment.types';

/** Who caused an event, and how the audit records it. */
export interface ModeratorAct {
  /** The moderator or admin who acted (users._id). */
  userId: string;
  action: AuditAction;
  /** The moment the comment was changed at. */
  at: Date;
  /** What the caller adds to the entry (`bulk: true`); the audit derives the rest from the event. */
  detail?: AuditDetail;
  /**
   * The id the act's audit entry is stored under, chosen before the event (newAuditId), so
   * the action can key its Akismet feedback by it. One act, one id: a reply's `created` and
   * its `statusChanged` carry the same act, recorded once.
   */
  auditId: string;
}

/** Every event, with what its listeners are given; the comment comes first, as it is now. */
export interface CommentEventMap {
  /** A reader's comment passed its spam check and waits for a moderator (still pending). */
  queued: [comment: Comment];
  /** A spam-check attempt was stored: a verdict, or a failure to be retried. */
  checked: [comment: Comment, attempt: SpamCheckAttempt];
  /**
   * The comment moved: pending to approved or spam by its spam check (no `by`), or any move
   * by a moderator.
   */
  statusChanged: [comment: Comment, from: CommentStatus, to: CommentStatus, by?: ModeratorAct];
  /** A moderator (`by`) or, with their author token, the comment's author (no `by`) changed its text. */
  edited: [comment: Comment, previousContent: string, by?: ModeratorAct];
  /**
   * A moderator's reply was stored, already approved (statusChanged pending to approved
   * follows). A reader's comment is announced later, as `queued` or `statusChanged`, once its
   * spam check decided, so bots caught as spam never announce themselves.
   */
  created: [comment: Comment, by?: ModeratorAct];
  /** An admin deleted the comment for good; it is given as it was before. */
  deleted: [comment: Comment, by?: ModeratorAct];
}

export type CommentEvent = keyof CommentEventMap;

type ListenerMethod<E extends CommentEvent> = `on${Capitalize<E>}`;

/** Hears any of the events it has a method for: `onQueued`, `onStatusChanged`, and so on. */
export type CommentListener = {
  [E in CommentEvent as ListenerMethod<E>]?: (...args: CommentEventMap[E]) => void | Promise<void>;
};

export interface CommentEvents {
  /** Tells every listener, in order, each awaited; resolves once all were told. Never rejects. */
  emit<E extends CommentEvent>(event: E, ...args: CommentEventMap[E]): Promise<void>;
}

export function listenerMethod<E extends CommentEvent>(event: E): ListenerMethod<E> {
  return `on${event.charAt(0).toUpperCase()}${event.slice(1)}` as ListenerMethod<E>;
}

/**
 * The one error policy: a listener that throws is logged with the event (its method's name)
 * and the comment id; the change it heard about stands, later listeners are still told, and
 * the emitter carries on as if it had succeeded. Listeners that must not lose what they heard
 * act through keyed jobs (src/queue), which also makes them safe to tell twice.
 *
 * The audit is held to it too. Before it was a listener, a failed audit insert answered the
 * moderator 500 although the comment had already changed, and skipped the notification; now
 * the moderator gets the normal answer, the notifier is still told, and the failure is logged
 * ('moderation event listener failed') with the entry missing.
 */
export function createCommentEvents(deps: {
  log: Logger;
  /** Told in this order; an absent one is skipped. */
  listeners: Array<CommentListener | undefined>;
  /**
   * The message a failure is logged with. Each emitter keeps the one it logged before the
   * events were merged ('spam check hook failed', 'moderation event listener failed'),
   * so alerts and tests that look for it still find it.
   */
  failureMessage: string;
}): CommentEvents {
  const listeners = deps.listeners.filter((listener) => listener !== undefined);
  return {
    async emit(event, ...args) {
      const method = listenerMethod(event);
      for (const listener of listeners) {
        const hear = listener[method] as ((...heard: typeof args) => unknown) | undefined;
        if (!hear) continue;
        try {
          await hear.apply(listener, args);
        } catch (error) {
          const reason = (error as Error).message;
          deps.log.error({ event: method, commentId: args[0].id, reason }, deps.failureMessage);
        }
      }
    },
  };
}
