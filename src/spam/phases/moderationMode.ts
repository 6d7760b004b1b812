import type { ModerationPhase } from './phase';

/**
 * The site's moderation mode decides whether a comment nothing else held is published:
 * 'all' never; 'first-time' when the email has an approved comment on the site already;
 * 'none' when Akismet called it ham. Nothing is approved when Akismet could not be asked.
 */
export const moderationMode: ModerationPhase = async ({ site, akismet, hasApprovedComment }) => {
  const mode = site.settings.moderation;
  if (mode === 'all') {
    return {
      status: 'pending',
      reason: { code: 'moderation_all', message: 'This site holds every comment for a moderator.' },
    };
  }
  if (akismet === 'unavailable' || akismet === 'invalid_key') {
    // The reason saying Akismet could not be asked is added by the spam check itself.
    return { status: 'pending' };
  }
  if (mode === 'first-time') {
    if (await hasApprovedComment()) return { status: 'approved' };
    return {
      status: 'pending',
      reason: {
        code: 'first_time_commenter',
        message: 'This commenter has no approved comment on this site yet.',
      },
    };
  }
  if (akismet === 'ham') return { status: 'approved' };
  return {
    status: 'pending',
    reason: {
      code: 'not_checked_by_akismet',
      message: 'This site publishes only what Akismet calls ham, and Akismet did not check this comment.',
    },
  };
};
