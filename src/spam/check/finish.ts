// Ending a claimed check: its verdict, its failed attempt and the next try, or a close without
// a verdict. Each first takes the claim's right to write (settle), so a worker whose lease ran
// out cannot overwrite a newer result.
import type { Comment, Reason, SpamCheckAttempt } from '../../comments/store/comment.types';
import {
  type ClaimedSpamCheck,
  closeSpamCheck,
  recordFailedSpamCheck,
  removeSpamCheck,
  retrySpamCheckLater,
  settleSpamCheck,
  storeSpamCheckVerdict,
} from '../../comments/store/spamChecks';
import type { Logger } from '../../logger';
import { akismetUnavailable, isFromSpamCheck } from '../reasons';
import { LOCAL_RULE_CODES, type RulesVerdict } from '../rules';
import type { SpamCheckContext } from './context';
import { type FailedOutcome, nextTryAt } from './timing';

/**
 * How long a check whose result could not be written waits before it is taken again: another
 * change of the comment held its ticket (a moderator's, or a write an outage cut short, whose
 * ticket may be stepped over once it is a minute old).
 */
export const BLOCKED_RETRY_MS = 5000;

/**
 * Puts a check whose result could not be written aside for BLOCKED_RETRY_MS. Its item records
 * this claim's slot, so the next claim starts after it: left to its lease instead, every round
 * would leave two more slots (claim, settle) for the next claim to step over, and after ten
 * rounds the item counts as busy (MAX_STEPS in src/queue/lease.model.ts) until the worker sweeps
 * its slots away, a day later.
 */
async function retryBlocked(ctx: SpamCheckContext, claimed: ClaimedSpamCheck, slot: number): Promise<void> {
  await retrySpamCheckLater(claimed, slot, new Date(ctx.clock.now().getTime() + BLOCKED_RETRY_MS));
}

/** The comment's reasons from before this check (earlier tries' reasons are replaced). */
function earlierReasons(comment: Comment): Reason[] {
  return comment.reasons.filter((reason) => !isFromSpamCheck(reason, LOCAL_RULE_CODES));
}

/** Takes the right to write this claim's result; undefined (and logged) when it was lost. */
export async function settleClaim(
  ctx: SpamCheckContext,
  claimed: ClaimedSpamCheck,
  log: Logger,
): Promise<number | undefined> {
  const slot = await settleSpamCheck(claimed, ctx.clock.now(), ctx.leaseMs);
  if (slot === undefined) log.warn('spam check lost its lease to another worker; result dropped');
  return slot;
}

/** Tells the listeners what the check decided: a held comment is queued, any other moved. */
export async function tellDecision(ctx: SpamCheckContext, comment: Comment): Promise<void> {
  if (comment.status === 'pending') await ctx.events.emit('queued', comment);
  else await ctx.events.emit('statusChanged', comment, 'pending', comment.status);
}

/** Closes the check without a verdict (the comment was decided elsewhere, or its site is gone). */
export async function closeCheck(
  ctx: SpamCheckContext,
  claimed: ClaimedSpamCheck,
  detail: string,
  log: Logger,
): Promise<void> {
  if ((await settleClaim(ctx, claimed, log)) === undefined) return;
  const attempt: SpamCheckAttempt = { at: ctx.clock.now(), outcome: 'skipped', durationMs: 0, detail };
  if (await closeSpamCheck(claimed.comment.id, attempt, ctx.clock.now(), claimed.spamCheck.round)) {
    log.info({ detail }, 'spam check closed without a verdict');
  }
  await removeSpamCheck(claimed);
}

/** Stores the attempt with its verdict in one write, tells the listeners, and ends the check. */
export async function storeVerdict(
  ctx: SpamCheckContext,
  claimed: ClaimedSpamCheck,
  attempt: SpamCheckAttempt,
  verdict: RulesVerdict,
  log: Logger,
): Promise<void> {
  const { comment } = claimed;
  const slot = await settleClaim(ctx, claimed, log);
  if (slot === undefined) return;
  const reasons = [...earlierReasons(comment), ...verdict.reasons];
  const decided = await storeSpamCheckVerdict(comment, attempt, {
    status: verdict.status,
    reasons,
    now: ctx.clock.now(),
    round: claimed.spamCheck.round,
  });
  if (!decided) {
    // Asked again shortly: a moderator's decision in the meantime is found then, and closes the check.
    await retryBlocked(ctx, claimed, slot);
    log.warn('could not store the spam check result; it will be tried again');
    return;
  }
  await ctx.events.emit('checked', decided, attempt);
  await tellDecision(ctx, decided);
  await removeSpamCheck(claimed);
  const codes = reasons.map((reason) => reason.code);
  log.info({ outcome: attempt.outcome, verdict: verdict.status, reasons: codes }, 'spam check done');
}

/** Stores a failed Akismet call and puts the check back for its next try. */
export async function scheduleRetry(
  ctx: SpamCheckContext,
  claimed: ClaimedSpamCheck,
  attempt: SpamCheckAttempt & { outcome: FailedOutcome },
  log: Logger,
): Promise<void> {
  const { comment, spamCheck } = claimed;
  const slot = await settleClaim(ctx, claimed, log);
  if (slot === undefined) return;
  const now = ctx.clock.now();
  const failures = spamCheck.attemptCount + 1;
  const dueAt = nextTryAt(attempt.outcome, failures, now);
  const isInvalidKey = attempt.outcome === 'invalid_key';
  const reasons = [...earlierReasons(comment), akismetUnavailable(attempt.detail, dueAt, isInvalidKey)];
  if (!(await recordFailedSpamCheck(comment.id, attempt, { dueAt, reasons, now, round: spamCheck.round }))) {
    await retryBlocked(ctx, claimed, slot);
    log.warn('could not store the failed attempt; the check will be taken again');
    return;
  }
  await retrySpamCheckLater(claimed, slot, dueAt);
  await ctx.events.emit('checked', comment, attempt);
  log.warn({ outcome: attempt.outcome, failures, retryAt: dueAt }, 'akismet unavailable, will retry');
}
