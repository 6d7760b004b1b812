// The local moderation rules, run in order after Akismet said ham (or could not be asked).
import type { CommentStatus, Reason } from '../comments/store/comment.types';
import { blockedKeyword } from './phases/blockedKeyword';
import { moderationKeyword } from './phases/moderationKeyword';
import { moderationMode } from './phases/moderationMode';
import type { ModerationPhase, PhaseInput } from './phases/phase';
import { tooManyLinks } from './phases/tooManyLinks';
import { trustedCommenter } from './phases/trustedCommenter';

export const LOCAL_RULES: ModerationPhase[] = [
  blockedKeyword,
  tooManyLinks,
  moderationKeyword,
  moderationMode,
];

/**
 * A trusted commenter's rules (src/commenters/): those that mark spam, then approval in place
 * of the hold rules and the site's moderation mode.
 */
export const TRUSTED_RULES: ModerationPhase[] = [blockedKeyword, trustedCommenter];

/** Every reason code the local rules write, so a later try can replace an earlier one's. */
export const LOCAL_RULE_CODES = new Set([
  'blocked_keyword',
  'too_many_links',
  'moderation_keyword',
  'moderation_all',
  'first_time_commenter',
  'not_checked_by_akismet',
  'trusted_commenter',
]);

export interface RulesVerdict {
  status: Extract<CommentStatus, 'pending' | 'approved' | 'spam'>;
  reasons: Reason[];
}

export async function runLocalRules(
  input: PhaseInput,
  phases: ModerationPhase[] = LOCAL_RULES,
): Promise<RulesVerdict> {
  const reasons: Reason[] = [];
  let isHeld = false;
  let isApproved = false;
  for (const phase of phases) {
    const verdict = await phase(input);
    if (verdict.reason) reasons.push(verdict.reason);
    if (verdict.status === 'spam') return { status: 'spam', reasons };
    if (verdict.status === 'pending') isHeld = true;
    if (verdict.status === 'approved') isApproved = true;
  }
  return { status: isApproved && !isHeld ? 'approved' : 'pending', reasons };
}
