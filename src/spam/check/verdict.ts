// The verdict once Akismet answered (or was given up on): Akismet's spam call stands alone;
// anything else goes through the local rules, the site's moderation mode last among them.
import { hasApprovedAuthor } from '../../comments/store/approvedAuthors.model';
import type { Reason, SpamCheckOutcome } from '../../comments/store/comment.types';
import type { SpamCheckSubject } from '../../comments/store/spamChecks';
import type { Logger } from '../../logger';
import type { Site } from '../../sites/site.model';
import { revealEmail } from '../akismetComment';
import { akismetGaveUp, akismetSkipped, akismetSpam } from '../reasons';
import { LOCAL_RULES, type RulesVerdict, runLocalRules, TRUSTED_RULES } from '../rules';
import type { SpamCheckContext } from './context';
import { GIVE_UP_AFTER_DAYS, isAkismetFailure } from './timing';

export type RulesOutcome = Exclude<SpamCheckOutcome, 'spam'>;

/**
 * Akismet's outcome and the local rules (run only when needed) as one verdict. A failed call
 * reaches here only once the check gave up: the rules may then hold the comment or call it
 * spam, never approve it (the moderation-mode rule sees the failure).
 */
export async function reachVerdict(
  outcome: SpamCheckOutcome,
  runRules: (outcome: RulesOutcome) => Promise<RulesVerdict>,
): Promise<RulesVerdict> {
  if (outcome === 'spam') return { status: 'spam', reasons: [akismetSpam()] };
  const rules = await runRules(outcome);
  return { status: rules.status, reasons: [...akismetReasons(outcome), ...rules.reasons] };
}

function akismetReasons(outcome: RulesOutcome): Reason[] {
  if (outcome === 'skipped') return [akismetSkipped()];
  if (isAkismetFailure(outcome)) return [akismetGaveUp(GIVE_UP_AFTER_DAYS)];
  return [];
}

/**
 * The local rules on what the commenter sent, as the request stored it; a commenter on the
 * site's trust list gets only those that mark spam (TRUSTED_RULES).
 */
export async function runRulesOn(
  ctx: SpamCheckContext,
  subject: SpamCheckSubject,
  site: Site,
  outcome: RulesOutcome,
  log: Logger,
): Promise<RulesVerdict> {
  const { comment, private: data } = subject;
  const lists = await ctx.lookups.findCommenterLists(comment.site);
  const isTrusted = lists.isTrusted(data.emailHash, ctx.clock.now());
  return runLocalRules(
    {
      site,
      comment: {
        content: data.rawContent,
        author: comment.author,
        authorUrl: comment.authorUrl,
        email: revealEmail(subject, ctx.vault, log),
        ip: data.request.ip,
        userAgent: data.request.userAgent,
      },
      akismet: outcome,
      hasApprovedComment: async () =>
        data.emailHash ? hasApprovedAuthor(comment.site, data.emailHash) : false,
    },
    isTrusted ? TRUSTED_RULES : LOCAL_RULES,
  );
}
