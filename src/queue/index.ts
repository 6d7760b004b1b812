/**
 * The durable job queue: background work stored in MongoDB (outstanding jobs in `job_queue`
 * and `job_queue_later`, finished ones in `job_history` for 30 days), run by the
 * worker (`npm run worker`, or inside `npm start` when WORKER_ENABLED), retried with
 * exponential backoff, every attempt recorded on the job. No broker, nothing in memory only.
 *
 * Enqueue (from any service, after the write the job belongs to):
 *
 *     await enqueueJob({ type: 'email', key: `email:reply:${commentId}`, payload: { commentId }, now });
 *
 *   - `key` is unique across all jobs: enqueueing an existing key is a no-op that returns
 *     the existing job (`isNew: false`). Make it name the action, so a retried request or a
 *     re-run hook does not send twice; add something distinct (an audit entry id, a time)
 *     when the same action may really happen again.
 *   - `payload` is stored as is: keep it small (ids, not documents) and never put an email
 *     address or a secret in it; read what you need when the job runs.
 *   - `runAt` delays the first run.
 *
 * Handle (one handler per type):
 *
 *     export const emailHandler = defineJobHandler<{ commentId: string }>({
 *       type: 'email',
 *       retry: { baseDelayMs: 30_000, maxDelayMs: 20 * 60_000, maxAttempts: 10 }, // the defaults
 *       async run(payload, { log, now, job }) { ...; return 'sent'; },
 *     });
 *
 *   - resolve: done (a returned string is kept as the attempt's detail);
 *   - throw: retried after 30 s, 1 min, 2 min ... up to maxDelayMs, until maxAttempts
 *     tries in all, then `failed`; throw `PermanentJobError` to fail at once;
 *   - a job is claimed with a lease (WORKER_LEASE_MS, 60 s): a worker that dies mid-job
 *     loses it to another after the lease; a handler slower than the lease may run twice,
 *     so make side effects idempotent or finish well within it.
 *   - claims are decided by unique inserts into `leases` (./lease.model.ts), not by
 *     findOneAndUpdate, which FerretDB 1.x does not apply atomically.
 *
 * Register a handler by adding it to `jobHandlers` in src/worker.ts (createParleyWorker).
 * Types in use: 'akismet-feedback' (src/spam/akismetFeedback.ts).
 */
export { type Backoff, retryDelayMs } from './backoff';
export {
  countJobs,
  enqueueJob,
  findJobByKey,
  type Job,
  type JobAttempt,
  type JobState,
  listJobs,
  type NewJob,
} from './job.model';
export {
  createJobRunner,
  DEFAULT_JOB_RETRY,
  defineJobHandler,
  type JobContext,
  type JobHandler,
  type JobRetryPolicy,
  type JobRunner,
  PermanentJobError,
} from './jobRunner';
export { createWorker, newWorkerId, type Worker, type WorkSource } from './worker';
