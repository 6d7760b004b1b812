/**
 * Spam checking, for the rest of Parley:
 * - every new pending comment's check is queued (queueSpamCheck in
 *   src/comments/store/spamChecks.ts, before the comment is inserted) and run by the worker
 *   (createSpamChecker): Akismet, then the local rules in ./rules.ts; its history is kept on
 *   the comment (comment.spamCheck);
 * - what the checks store and decide is told as comment events (src/comments/events.ts:
 *   checked, queued, statusChanged); createParleyWorker (src/worker.ts) wires the listeners;
 * - enqueueAkismetFeedback sends submit-spam / submit-ham through the job queue;
 * - the store's findSpamCheck gives a comment's every attempt, measureSpamCheckQueue the
 *   queue depth.
 */
export { type Akismet, akismetSettings, createAkismet } from './akismet';
export {
  AKISMET_FEEDBACK_JOB,
  createAkismetFeedbackHandler,
  enqueueAkismetFeedback,
} from './akismetFeedback';
export { GIVE_UP_AFTER_DAYS, INVALID_KEY_RETRY_MS, SPAM_CHECK_BACKOFF } from './check/timing';
export { LOCAL_RULES, runLocalRules } from './rules';
export { createSpamChecker, type SpamChecker } from './spamCheck.service';
