import { findKeyword } from './keywords';
import type { ModerationPhase } from './phase';

/** A moderation word anywhere in the comment holds it for a moderator. */
export const moderationKeyword: ModerationPhase = ({ site, comment }) => {
  const word = findKeyword(site.settings.moderationKeywords, comment);
  if (!word) return {};
  return {
    status: 'pending',
    reason: { code: 'moderation_keyword', message: `Contains the moderation word "${word}".` },
  };
};
