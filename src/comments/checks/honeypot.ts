import type { Reason } from '../store/comment.types';
import type { Check, CheckContext } from './check';

const HONEYPOT_REASON: Reason = {
  code: 'honeypot',
  message: 'A form field hidden from people was filled in, as bots do.',
};

/**
 * honeypot: a filled hidden field marks a bot. Its comment is stored as spam with this reason
 * rather than refused, so the bot sees an ordinary answer and learns nothing.
 */
export const honeypot: Check<Pick<CheckContext, 'honeypot'>> = {
  code: HONEYPOT_REASON.code,
  run({ honeypot: filled }) {
    if (filled === undefined || filled === '') return {};
    return { status: 'spam', reason: HONEYPOT_REASON };
  },
};
