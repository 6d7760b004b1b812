// One spam check, start to finish: claim the next due comment, ask Akismet, run the local
// rules, store the attempt and its reasons, change the status, tell the listeners. Akismet
// being down never approves anything: the check is retried with backoff for 15 days.

import type { SpamCheckAttempt } from '../../comments/store/comment.types';
import {
  type ClaimedSpamCheck,
  claimNextSpamCheck,
  recordInterruptedSpamChecks,
} from '../../comments/store/spamChecks';
import type { Logger } from '../../logger';
import { askAkismet, attemptFrom } from './akismetCall';
import type { SpamCheckContext } from './context';
import { closeCheck, scheduleRetry, storeVerdict } from './finish';
import { resumeCheck } from './resume';
import { hasGivenUp, isAkismetFailure } from './timing';
import { reachVerdict, runRulesOn } from './verdict';

/**
 * Puts on record the claims of this check that were interrupted (a worker killed mid-call), as
 * failed attempts: Akismet may have been asked, so each call it got has an attempt to match.
 */
async function recordInterruptions(ctx: SpamCheckContext, claimed: ClaimedSpamCheck, log: Logger) {
  const count = claimed.item.claim.interrupted;
  if (count === 0 || claimed.spamCheck.state !== 'due') return claimed;
  const now = ctx.clock.now();
  const detail = 'the worker checking it stopped before storing an answer';
  const attempts: SpamCheckAttempt[] = Array.from({ length: count }, () => ({
    at: now,
    outcome: 'unavailable',
    durationMs: 0,
    detail,
  }));
  if (!(await recordInterruptedSpamChecks(claimed.comment.id, attempts, now, claimed.spamCheck.round))) {
    return claimed;
  }
  log.warn({ interrupted: count }, 'spam check taken over from a stopped worker');
  const { spamCheck } = claimed;
  return {
    ...claimed,
    spamCheck: {
      ...spamCheck,
      attempts: [...spamCheck.attempts, ...attempts],
      attemptCount: spamCheck.attemptCount + count,
    },
  };
}

export async function checkClaimed(
  ctx: SpamCheckContext,
  taken: ClaimedSpamCheck,
  log: Logger,
): Promise<void> {
  if (await resumeCheck(ctx, taken, log)) return;
  const claimed = await recordInterruptions(ctx, taken, log);
  const site = await ctx.lookups.findSite(claimed.comment.site);
  if (!site) {
    await closeCheck(ctx, claimed, 'the site no longer exists', log);
    return;
  }
  const at = ctx.clock.now();
  const attempt = attemptFrom(at, await askAkismet(ctx, claimed, site, log));
  const { outcome } = attempt;
  const isFailure = isAkismetFailure(outcome);
  if (isFailure && !hasGivenUp(claimed.spamCheck.firstQueuedAt, ctx.clock.now())) {
    await scheduleRetry(ctx, claimed, { ...attempt, outcome }, log);
    return;
  }
  const verdict = await reachVerdict(outcome, (rulesOutcome) =>
    runRulesOn(ctx, claimed, site, rulesOutcome, log),
  );
  if (isFailure) log.warn({ outcome }, 'akismet unavailable for too long, giving up');
  await storeVerdict(ctx, claimed, { ...attempt, verdict: verdict.status }, verdict, log);
}

/** Claims and checks one due comment. False when none was due. */
export async function runNextSpamCheck(
  ctx: SpamCheckContext,
  log: Logger,
  workerId: string,
): Promise<boolean> {
  const { claimed } = await claimNextSpamCheck(workerId, ctx.clock.now(), ctx.leaseMs);
  if (!claimed) return false;
  const checkLog = log.child({ commentId: claimed.comment.id, workerId });
  try {
    await checkClaimed(ctx, claimed, checkLog);
  } catch (error) {
    // The claim stays until its lease runs out; then the check is taken again.
    checkLog.error({ reason: (error as Error).message }, 'spam check failed');
  }
  return true;
}
