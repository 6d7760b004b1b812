// The moderation state machine: the table of which status each action leads to and from
// which statuses it may be taken (src/shared/transitions.ts, which the dashboard reads too),
// and when a change of verdict teaches Akismet something.
import type { CommentStatus } from '../shared/statuses';
import { STATUS_ACTIONS, type StatusAction, TRANSITIONS } from '../shared/transitions';

export { STATUS_ACTIONS, type StatusAction, TRANSITIONS };

/** The status `action` leads to from `from`, or undefined when it may not be taken. */
export function targetStatus(action: StatusAction, from: CommentStatus): CommentStatus | undefined {
  const transition = TRANSITIONS[action];
  return transition.from.includes(from) ? transition.to : undefined;
}

/**
 * What Akismet should learn from a moderator's change, as the WordPress Akismet plugin
 * decides it: pending or approved marked spam is a spam Akismet missed (submit-spam); spam
 * approved or put back in the queue is a false positive (submit-ham). Trash says "not
 * wanted here", not "spam" or "not spam", so moving into or out of it teaches nothing.
 */
export function akismetFeedbackFor(from: CommentStatus, to: CommentStatus): 'spam' | 'ham' | undefined {
  const isVerdict = (status: CommentStatus) => status !== 'trash';
  if (!isVerdict(from) || !isVerdict(to)) return undefined;
  if (from !== 'spam' && to === 'spam') return 'spam';
  if (from === 'spam' && to !== 'spam') return 'ham';
  return undefined;
}
