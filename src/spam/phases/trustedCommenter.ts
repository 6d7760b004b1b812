import type { ModerationPhase } from './phase';

/**
 * In place of the hold rules and the moderation mode for a commenter on the site's trust list:
 * published once the spam check passed. Nothing is approved when Akismet could not be asked.
 */
export const trustedCommenter: ModerationPhase = ({ akismet }) => {
  // The reason saying Akismet could not be asked is added by the spam check itself.
  if (akismet === 'unavailable' || akismet === 'invalid_key') return { status: 'pending' };
  return {
    status: 'approved',
    reason: {
      code: 'trusted_commenter',
      message: "On this site's trust list: published without moderation after the spam check.",
    },
  };
};
