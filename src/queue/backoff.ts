// Exponential backoff shared by the spam-check queue and the job queue.

export interface Backoff {
  /** Delay before the second try. */
  baseDelayMs: number;
  /** Longest delay between two tries. */
  maxDelayMs: number;
}

/** The delay after the `failures`-th failed try in a row (1 → baseDelayMs, doubling up to maxDelayMs). */
export function retryDelayMs(failures: number, backoff: Backoff): number {
  const exponent = Math.max(0, Math.min(failures - 1, 30));
  return Math.min(backoff.maxDelayMs, backoff.baseDelayMs * 2 ** exponent);
}
