import { findKeyword } from './keywords';
import type { ModerationPhase } from './phase';

/** A blocked word anywhere in the comment makes it spam. */
export const blockedKeyword: ModerationPhase = ({ site, comment }) => {
  const word = findKeyword(site.settings.blockedKeywords, comment);
  if (!word) return {};
  return {
    status: 'spam',
    reason: { code: 'blocked_keyword', message: `Contains the blocked word "${word}".` },
  };
};
