// Durable background jobs, keyed for idempotency. Outstanding jobs live in an outstanding-work
// queue (./workQueue.model.ts: `job_queue`, `job_queue_later`), claimed by one worker at a
// time through lease slots; a finished job moves to `job_history` under the same key, where
// it also stops the same key from being queued again. Mongoose stays in this file; callers
// get plain `Job`s.
import mongoose, { Schema } from 'mongoose';
import { sweepExpired } from './sweep';
import { type ClaimedItem, defineWorkQueue, type QueueItem } from './workQueue.model';

export const JOB_STATES = ['due', 'done', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** Only the most recent attempts are kept on a job; `attemptCount` counts them all. */
export const KEPT_JOB_ATTEMPTS = 50;
/** How long a finished job's record is kept (and its key refused). */
export const JOB_HISTORY_DAYS = 30;

export interface JobAttempt {
  at: Date;
  outcome: 'ok' | 'error';
  durationMs: number;
  detail?: string;
}

export interface Job<Payload = unknown> {
  /** The job's key, which is also its id. */
  id: string;
  type: string;
  key: string;
  payload: Payload;
  state: JobState;
  dueAt: Date;
  attempts: JobAttempt[];
  attemptCount: number;
  createdAt: Date;
  updatedAt: Date;
  finishedAt?: Date;
}

/** What a queued job carries besides its schedule. */
interface JobBody {
  type: string;
  payload: unknown;
  attempts: JobAttempt[];
  attemptCount: number;
  createdAt: Date;
  updatedAt: Date;
}

interface HistoryDocument extends JobBody {
  _id: string;
  state: 'done' | 'failed';
  dueAt: Date;
  finishedAt: Date;
}

const attemptSchema = new Schema<JobAttempt>(
  { at: Date, outcome: { type: String, enum: ['ok', 'error'] }, durationMs: Number, detail: String },
  { _id: false },
);

const historySchema = new Schema<HistoryDocument>(
  {
    _id: { type: String, required: true },
    type: { type: String, required: true },
    payload: { type: Schema.Types.Mixed, default: {} },
    state: { type: String, enum: ['done', 'failed'], required: true },
    dueAt: { type: Date, required: true },
    attempts: { type: [attemptSchema], default: [] },
    attemptCount: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    finishedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);

export const JobHistoryModel = mongoose.model<HistoryDocument>('JobHistory', historySchema, 'job_history');

const queue = defineWorkQueue<JobBody>('job_queue', { keepsOrder: true });

function fromQueue<Payload>(item: QueueItem<JobBody>): Job<Payload> {
  const body = item.payload;
  return {
    id: item.id,
    type: body.type,
    key: item.id,
    payload: body.payload as Payload,
    state: 'due',
    dueAt: item.dueAt,
    attempts: (body.attempts ?? []).map(toAttempt),
    attemptCount: body.attemptCount ?? 0,
    createdAt: new Date(body.createdAt),
    updatedAt: new Date(body.updatedAt),
  };
}

function fromHistory<Payload>(doc: HistoryDocument): Job<Payload> {
  return {
    id: doc._id,
    type: doc.type,
    key: doc._id,
    payload: doc.payload as Payload,
    state: doc.state,
    dueAt: doc.dueAt,
    attempts: (doc.attempts ?? []).map(toAttempt),
    attemptCount: doc.attemptCount ?? 0,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    finishedAt: doc.finishedAt,
  };
}

function toAttempt({ at, outcome, durationMs, detail }: JobAttempt): JobAttempt {
  return { at: new Date(at), outcome, durationMs, ...(detail !== undefined && { detail }) };
}

export interface NewJob<Payload> {
  type: string;
  /** Unique across all jobs: enqueueing a key that exists already is a no-op. */
  key: string;
  payload: Payload;
  now: Date;
  /** When the job may first run; `now` by default. */
  runAt?: Date;
}

async function findFinishedJob<Payload>(key: string): Promise<Job<Payload> | undefined> {
  const doc = await JobHistoryModel.findById(key).lean<HistoryDocument>();
  return doc ? fromHistory<Payload>(doc) : undefined;
}

/** Stores a job once per key. `isNew` is false when a job with this key existed already. */
export async function enqueueJob<Payload>(
  input: NewJob<Payload>,
): Promise<{ job: Job<Payload>; isNew: boolean }> {
  const finished = await findFinishedJob<Payload>(input.key);
  if (finished) return { job: finished, isNew: false };
  const body: JobBody = {
    type: input.type,
    payload: input.payload,
    attempts: [],
    attemptCount: 0,
    createdAt: input.now,
    updatedAt: input.now,
  };
  const isNew = await queue.enqueue({ id: input.key, payload: body, now: input.now, dueAt: input.runAt });
  if (!isNew) {
    const existing = await findJobByKey<Payload>(input.key);
    if (!existing) throw new Error(`job ${input.key} was neither queued nor found`);
    return { job: existing, isNew: false };
  }
  // The same key may have finished between the look at the history and the insert: a
  // finished job is written to the history before it leaves the queue, so it shows now.
  const finishedMeanwhile = await findFinishedJob<Payload>(input.key);
  if (finishedMeanwhile) {
    await queue.remove(input.key);
    return { job: finishedMeanwhile, isNew: false };
  }
  const queued = await queue.find(input.key);
  return { job: fromQueue<Payload>(queued as QueueItem<JobBody>), isNew: true };
}

export async function findJobByKey<Payload = unknown>(key: string): Promise<Job<Payload> | undefined> {
  const queued = await queue.find(key);
  return queued ? fromQueue<Payload>(queued) : findFinishedJob<Payload>(key);
}

/** Every job, outstanding and finished (tests and admin tools: it reads the whole history). */
export async function listJobs(filter: { type?: string; state?: JobState } = {}): Promise<Job[]> {
  const { due, waiting } = await queue.list();
  const history = await JobHistoryModel.find({}).lean<HistoryDocument[]>();
  const jobs = [
    ...[...due, ...waiting].map((item) => fromQueue(item)),
    ...history.map((doc) => fromHistory(doc)),
  ];
  return jobs
    .filter(
      (job) => (!filter.type || job.type === filter.type) && (!filter.state || job.state === filter.state),
    )
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
}

export interface ClaimedJob extends Job {
  claim: ClaimedItem<JobBody>;
}

/**
 * Takes the oldest due job of one of `types` that no other worker holds, for `workerId`
 * until now + leaseMs. A job whose worker died is taken again once the lease has run out.
 */
export async function claimNextJob(options: {
  workerId: string;
  types: string[];
  now: Date;
  leaseMs: number;
}): Promise<ClaimedJob | undefined> {
  const { workerId, types, now, leaseMs } = options;
  if (types.length === 0) return undefined;
  const claimed = await queue.claimNext({
    owner: workerId,
    now,
    leaseMs,
    accepts: (item) => types.includes(item.payload.type),
  });
  return claimed && { ...fromQueue(claimed), claim: claimed };
}

/**
 * Records an attempt and moves the job on (done, failed, or due again at `dueAt`). False
 * when the claim's lease ran out and another worker took the job over: nothing is written.
 */
export async function settleJob(
  job: ClaimedJob,
  attempt: JobAttempt,
  next: { state: 'done' | 'failed'; now: Date } | { state: 'due'; dueAt: Date; now: Date },
  leaseMs: number,
): Promise<boolean> {
  const slot = await queue.settle(job.claim, next.now, leaseMs);
  if (slot === undefined) return false;
  const body: JobBody = {
    type: job.type,
    payload: job.payload,
    attempts: [...job.attempts, attempt].slice(-KEPT_JOB_ATTEMPTS),
    attemptCount: job.attemptCount + 1,
    createdAt: job.createdAt,
    updatedAt: next.now,
  };
  if (next.state === 'due') {
    await queue.retryLater({
      id: job.id,
      slot,
      payload: body,
      queuedAt: job.claim.queuedAt,
      dueAt: next.dueAt,
    });
    return true;
  }
  // Into the history first, then out of the queue: see enqueueJob.
  await JobHistoryModel.replaceOne(
    { _id: job.id },
    { ...body, state: next.state, dueAt: job.dueAt, finishedAt: next.now },
    { upsert: true },
  );
  await queue.remove(job.id);
  return true;
}

/**
 * How many jobs there are per type and state (for metrics): outstanding ones from the queue,
 * finished ones from the history, which keeps JOB_HISTORY_DAYS.
 */
export async function countJobs(): Promise<Array<{ type: string; state: JobState; count: number }>> {
  const { due, waiting } = await queue.list();
  const counts = new Map<string, number>();
  for (const item of [...due, ...waiting]) {
    const key = `${item.payload.type}\ndue`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const finished = await JobHistoryModel.aggregate<{ _id: { type: string; state: JobState }; count: number }>(
    [{ $group: { _id: { type: '$type', state: '$state' }, count: { $sum: 1 } } }],
  );
  for (const row of finished) counts.set(`${row._id.type}\n${row._id.state}`, row.count);
  return [...counts].map(([key, count]) => {
    const [type, state] = key.split('\n') as [string, JobState];
    return { type, state, count };
  });
}

/** Deletes finished jobs older than JOB_HISTORY_DAYS (the worker's hourly cleanup). */
export function pruneJobHistory(now: Date): Promise<number> {
  const before = now.getTime() - JOB_HISTORY_DAYS * 86_400_000;
  return sweepExpired(JobHistoryModel, (doc) => doc.finishedAt.getTime() < before);
}
