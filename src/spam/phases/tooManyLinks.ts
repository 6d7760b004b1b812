import type { ModerationPhase } from './phase';

const ANCHOR_ELEMENT = /<a\b[^>]*>[\s\S]*?<\/a\s*>/gi;
const ANCHOR_WITH_HREF = /<a\b[^>]*\bhref\s*=/gi;
const LONE_ANCHOR_TAG = /<a\b[^>]*>/gi;
const BARE_URL = /\bhttps?:\/\/[^\s<>"']+/gi;

/** Links in the text as typed: each <a href> once, plus every bare http(s) address outside one. */
export function countLinks(text: string): number {
  const anchors = text.match(ANCHOR_WITH_HREF)?.length ?? 0;
  const outside = text.replace(ANCHOR_ELEMENT, ' ').replace(LONE_ANCHOR_TAG, ' ');
  return anchors + (outside.match(BARE_URL)?.length ?? 0);
}

/** Holds a comment with maxLinks links or more; 0 turns the rule off, as in WordPress. */
export const tooManyLinks: ModerationPhase = ({ site, comment }) => {
  const { maxLinks } = site.settings;
  if (maxLinks === 0) return {};
  const links = countLinks(comment.content);
  if (links < maxLinks) return {};
  return {
    status: 'pending',
    reason: {
      code: 'too_many_links',
      message: `Contains ${links} links; this site holds comments with ${maxLinks} or more.`,
    },
  };
};
