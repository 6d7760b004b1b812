// A claimed check that needs no Akismet call: a worker stored its verdict and stopped before
// telling the listeners and leaving the queue, or a moderator decided first.
import { type ClaimedSpamCheck, removeSpamCheck } from '../../comments/store/spamChecks';
import type { Logger } from '../../logger';
import type { SpamCheckContext } from './context';
import { closeCheck, settleClaim, tellDecision } from './finish';

/** Finishes such a check and returns true; false for an ordinary check, left untouched. */
export async function resumeCheck(
  ctx: SpamCheckContext,
  claimed: ClaimedSpamCheck,
  log: Logger,
): Promise<boolean> {
  const { comment, spamCheck } = claimed;
  if (spamCheck.state === 'done') {
    if ((await settleClaim(ctx, claimed, log)) === undefined) return true;
    const decided = spamCheck.attempts.at(-1)?.verdict;
    // Listeners act through keyed jobs, so telling them again sends nothing twice.
    if (decided === comment.status) {
      log.info({ verdict: decided }, 'finishing a spam check whose worker stopped');
      await tellDecision(ctx, comment);
    }
    await removeSpamCheck(claimed);
    return true;
  }
  if (comment.status === 'pending') return false;
  await closeCheck(ctx, claimed, `a moderator decided first: the comment is ${comment.status}`, log);
  return true;
}
