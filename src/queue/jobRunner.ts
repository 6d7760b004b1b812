// Runs claimed jobs through the handler registered for their type: records every attempt,
// retries failures with exponential backoff, and gives up after the handler's maxAttempts.
import { performance } from 'node:perf_hooks';
import type { Clock } from '../clock';
import { type Logger, maskEmails } from '../logger';
import { type Backoff, retryDelayMs } from './backoff';
import { claimNextJob, type Job, type JobAttempt, settleJob } from './job.model';

export interface JobRetryPolicy extends Backoff {
  /** Tries in all, the first included, before the job is marked failed. */
  maxAttempts: number;
}

export const DEFAULT_JOB_RETRY: JobRetryPolicy = {
  baseDelayMs: 30_000,
  maxDelayMs: 20 * 60_000,
  maxAttempts: 10,
};

export interface JobContext {
  job: Job;
  /** Child logger carrying { jobId, jobType }. */
  log: Logger;
  now: Date;
}

export interface JobHandler<Payload = unknown> {
  type: string;
  retry?: Partial<JobRetryPolicy>;
  /**
   * Does the work. Resolving marks the job done (a returned string is stored as the
   * attempt's detail); throwing retries it, and PermanentJobError gives up at once. Must
   * finish well within WORKER_LEASE_MS, or another worker may take the job over.
   */
  run(payload: Payload, context: JobContext): Promise<string | undefined>;
}

/** Thrown by a handler when trying again cannot help (say, a webhook answering 410). */
export class PermanentJobError extends Error {}

/** Keeps a handler's payload type when it is put in a list of handlers. */
export function defineJobHandler<Payload>(handler: JobHandler<Payload>): JobHandler {
  return handler as JobHandler;
}

const DETAIL_LENGTH = 500;

export function createJobRunner(deps: {
  handlers: JobHandler[];
  log: Logger;
  clock: Clock;
  leaseMs: number;
}) {
  const handlers = new Map<string, JobHandler>();
  for (const handler of deps.handlers) {
    if (handlers.has(handler.type)) throw new Error(`two job handlers for type "${handler.type}"`);
    handlers.set(handler.type, handler);
  }
  const types = [...handlers.keys()];

  /** Claims and runs one due job. False when no job was due. */
  async function runNextJob(workerId: string): Promise<boolean> {
    const job = await claimNextJob({ workerId, types, now: deps.clock.now(), leaseMs: deps.leaseMs });
    if (!job) return false;
    const handler = handlers.get(job.type) as JobHandler;
    const policy = { ...DEFAULT_JOB_RETRY, ...handler.retry };
    const log = deps.log.child({ jobId: job.id, jobType: job.type, workerId });
    const at = deps.clock.now();
    const started = performance.now();
    let attempt: JobAttempt;
    let failure: Error | undefined;
    try {
      const detail = await handler.run(job.payload, { job, log, now: at });
      attempt = { at, outcome: 'ok', durationMs: elapsed(started), ...(detail && { detail: clip(detail) }) };
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
      attempt = { at, outcome: 'error', durationMs: elapsed(started), detail: clip(failure.message) };
    }

    const now = deps.clock.now();
    const tries = job.attemptCount + 1;
    const isFinal = failure instanceof PermanentJobError || tries >= policy.maxAttempts;
    const retryAt = failure && !isFinal ? new Date(now.getTime() + retryDelayMs(tries, policy)) : undefined;
    const next: Parameters<typeof settleJob>[2] = retryAt
      ? { state: 'due', dueAt: retryAt, now }
      : { state: failure ? 'failed' : 'done', now };
    const isSettled = await settleJob(job, attempt, next, deps.leaseMs);
    if (!isSettled) {
      log.warn({ outcome: attempt.outcome }, 'job lease lost before it finished; result dropped');
    } else if (!failure) {
      log.info({ durationMs: attempt.durationMs }, 'job done');
    } else if (retryAt) {
      log.warn({ tries, retryAt, reason: attempt.detail }, 'job failed, will retry');
    } else {
      log.error({ tries, reason: attempt.detail }, 'job failed for good');
    }
    return true;
  }

  return { runNextJob, types };
}

export type JobRunner = ReturnType<typeof createJobRunner>;

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

/**
 * An attempt's detail as stored with the job: short, and without email addresses (an SMTP
 * refusal names its recipient, and a job record outlives any erasure of that commenter).
 */
function clip(text: string): string {
  const masked = maskEmails(text);
  return masked.length > DETAIL_LENGTH ? `${masked.slice(0, DETAIL_LENGTH - 1)}…` : masked;
}
