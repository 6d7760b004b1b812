// When a check whose Akismet call failed is tried again, and when it stops being tried.
import type { SpamCheckOutcome } from '../../comments/store/comment.types';
import { type Backoff, retryDelayMs } from '../../queue/backoff';

/** About 30 s after the first failure, doubling up to 20 minutes. */
export const SPAM_CHECK_BACKOFF: Backoff = { baseDelayMs: 30_000, maxDelayMs: 20 * 60_000 };
/** A refused key is not fixed in minutes: wait longer between tries. */
export const INVALID_KEY_RETRY_MS = 6 * 60 * 60_000;

/** As the WordPress Akismet plugin does, stop asking after 15 days and leave it to a human. */
export const GIVE_UP_AFTER_DAYS = 15;
const GIVE_UP_AFTER_MS = GIVE_UP_AFTER_DAYS * 24 * 60 * 60_000;

/** The outcomes that mean Akismet could not be asked: the check is tried again later. */
export type FailedOutcome = Extract<SpamCheckOutcome, 'unavailable' | 'invalid_key'>;

export function isAkismetFailure(outcome: SpamCheckOutcome): outcome is FailedOutcome {
  return outcome === 'unavailable' || outcome === 'invalid_key';
}

/** True once the comment has waited long enough that a failed call is no longer retried. */
export function hasGivenUp(firstQueuedAt: Date, now: Date): boolean {
  return now.getTime() - firstQueuedAt.getTime() >= GIVE_UP_AFTER_MS;
}

/** When to try again after the `failures`-th failed call in a row. */
export function nextTryAt(outcome: FailedOutcome, failures: number, now: Date): Date {
  const delay = outcome === 'invalid_key' ? INVALID_KEY_RETRY_MS : retryDelayMs(failures, SPAM_CHECK_BACKOFF);
  return new Date(now.getTime() + delay);
}
