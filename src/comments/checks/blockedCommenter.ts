import type { Reason } from '../store/comment.types';
import type { Check, CheckContext } from './check';

export const BLOCKED_COMMENTER_REASON: Reason = {
  code: 'blocked_commenter',
  message: "The commenter's email or IP address is on this site's block list.",
};

/**
 * blocked_commenter: a commenter on the site's block list (by email HMAC, IP or range). The
 * comment is stored as spam with this reason rather than refused, and answered as any pending
 * comment is, so the commenter learns nothing; it never enters the moderation queue.
 */
export const blockedCommenter: Check<Pick<CheckContext, 'commenterLists' | 'emailHash' | 'ip' | 'now'>> = {
  code: BLOCKED_COMMENTER_REASON.code,
  async run({ commenterLists, emailHash, ip, now }) {
    if (!commenterLists) return {};
    const lists = await commenterLists();
    if (!lists.isBlocked({ emailHash, ip }, now)) return {};
    return { status: 'spam', reason: BLOCKED_COMMENTER_REASON };
  },
};
