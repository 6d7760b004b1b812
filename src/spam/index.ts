/**
 * Spam checking, for the rest of Parley:
 * - every new pending comment's check is queued (queueSpamCheck in
 *   src/comments/store/spamChecks.ts, before the comment is inserted) and run by the worker
 *   (createSpamChecker): Akismet, then the local rules in ./rules.ts; its history is kept on
 *   the comment (comment.spamCheck);
 * - hooks (SpamCheckHooks) tell other modules when a checked comment waits for a
 *   moderator or changed status; pass them to createParleyWorker (src/worker.ts);
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
export type { SpamCheckHooks } from './hooks';
export { LOCAL_RULES, runLocalRules } from './rules';
export {
  createSpamChecker,
  GIVE_UP_AFTER_DAYS,
  INVALID_KEY_RETRY_MS,
  SPAM_CHECK_BACKOFF,
  type SpamChecker,
} from './spamCheck.service';
