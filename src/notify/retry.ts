// How notification jobs retry (src/queue): a mail server or a receiver that is down gets a
// few hours to come back, with exponential backoff in between.
import type { JobRetryPolicy } from '../queue';

/** 1 min, doubling to 30 min: 10 tries over about 3.5 hours. */
export const EMAIL_RETRY: JobRetryPolicy = { baseDelayMs: 60_000, maxDelayMs: 30 * 60_000, maxAttempts: 10 };

/** 30 s, doubling to 1 h: 12 tries over about 5.5 hours. */
export const WEBHOOK_RETRY: JobRetryPolicy = {
  baseDelayMs: 30_000,
  maxDelayMs: 60 * 60_000,
  maxAttempts: 12,
};
