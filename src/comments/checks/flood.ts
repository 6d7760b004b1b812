import { errors } from '../../errors';
import { claimFloodGuards, releaseFloodGuards } from '../guards.model';
import type { Check, CheckContext } from './check';

/**
 * too_fast: refuses a post whose IP or email posted on this site less than FLOOD_INTERVAL_MS
 * ago, telling when to try again (Retry-After). Checking is taking a guard per sender; a
 * refused post keeps none, and the guards are given back if the comment is not stored.
 */
export const flood: Check<Pick<CheckContext, 'site' | 'now' | 'ip' | 'emailHash'>> = {
  code: 'too_fast',
  async run({ site, now, ip, emailHash }) {
    const { id } = await site();
    const senders = [...(ip ? [`ip:${id}:${ip}`] : []), ...(emailHash ? [`email:${id}:${emailHash}`] : [])];
    const claim = await claimFloodGuards(senders, now);
    if (!claim.isAllowed) {
      throw errors.tooManyRequests(
        'too_fast',
        'You are posting comments too quickly. Slow down.',
        Math.ceil(claim.retryAfterMs / 1000),
      );
    }
    return { undo: () => releaseFloodGuards(claim.guardIds) };
  },
};
