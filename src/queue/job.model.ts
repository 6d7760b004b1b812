// The `jobs` collection: durable background work keyed for idempotency, claimed by one
// worker at a time through lease slots (./lease.model.ts). Mongoose stays in this file;
// callers get plain `Job`s.
import mongoose, { Schema, Types } from 'mongoose';
import { type Claim, claimItem, releaseClaim, settleClaim } from './lease.model';

export const JOB_STATES = ['due', 'done', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** Only the most recent attempts are kept on a job; `attemptCount` counts them all. */
export const KEPT_JOB_ATTEMPTS = 50;

export interface JobAttempt {
  at: Date;
  outcome: 'ok' | 'error';
  durationMs: number;
  detail?: string;
}

export interface Job<Payload = unknown> {
  id: string;
  type: string;
  key: string;
  payload: Payload;
  state: JobState;
  dueAt: Date;
  /** The last lease slot whose holder wrote here. */
  slot: number;
  attempts: JobAttempt[];
  attemptCount: number;
  createdAt: Date;
  updatedAt: Date;
  finishedAt?: Date;
}

interface JobDocument extends Omit<Job, 'id'> {
  _id: Types.ObjectId;
}

const jobSchema = new Schema<JobDocument>(
  {
    type: { type: String, required: true },
    key: { type: String, required: true },
    payload: { type: Schema.Types.Mixed, default: {} },
    state: { type: String, enum: JOB_STATES, required: true },
    dueAt: { type: Date, required: true },
    slot: { type: Number, default: 0 },
    attempts: {
      type: [
        new Schema<JobAttempt>(
          { at: Date, outcome: { type: String, enum: ['ok', 'error'] }, durationMs: Number, detail: String },
          { _id: false },
        ),
      ],
      default: [],
    },
    attemptCount: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    finishedAt: Date,
  },
  { versionKey: false, minimize: false },
);
jobSchema.index({ key: 1 }, { unique: true });
jobSchema.index({ state: 1, dueAt: 1 });

export const JobModel = mongoose.model<JobDocument>('Job', jobSchema, 'jobs');

function toJob<Payload>(doc: JobDocument): Job<Payload> {
  return {
    id: doc._id.toHexString(),
    type: doc.type,
    key: doc.key,
    payload: doc.payload as Payload,
    state: doc.state,
    dueAt: doc.dueAt,
    slot: doc.slot ?? 0,
    attempts: (doc.attempts ?? []).map(({ at, outcome, durationMs, detail }) => ({
      at,
      outcome,
      durationMs,
      ...(detail !== undefined && { detail }),
    })),
    attemptCount: doc.attemptCount ?? 0,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    ...(doc.finishedAt && { finishedAt: doc.finishedAt }),
  };
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

/** Stores a job once per key. `isNew` is false when a job with this key existed already. */
export async function enqueueJob<Payload>(
  input: NewJob<Payload>,
): Promise<{ job: Job<Payload>; isNew: boolean }> {
  try {
    const doc = await JobModel.create({
      type: input.type,
      key: input.key,
      payload: input.payload,
      state: 'due',
      dueAt: input.runAt ?? input.now,
      slot: 0,
      attempts: [],
      attemptCount: 0,
      createdAt: input.now,
      updatedAt: input.now,
    });
    return { job: toJob<Payload>(doc.toObject()), isNew: true };
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
    const existing = await findJobByKey<Payload>(input.key);
    if (!existing) throw error;
    return { job: existing, isNew: false };
  }
}

export async function findJobByKey<Payload = unknown>(key: string): Promise<Job<Payload> | undefined> {
  const doc = await JobModel.findOne({ key }).lean<JobDocument>();
  return doc ? toJob<Payload>(doc) : undefined;
}

export async function listJobs(filter: { type?: string; state?: JobState } = {}): Promise<Job[]> {
  const docs = await JobModel.find(filter).sort({ createdAt: 1, _id: 1 }).lean<JobDocument[]>();
  return docs.map((doc) => toJob(doc));
}

const SCOPE = 'job';
const CANDIDATES = 20;

export interface ClaimedJob extends Job {
  claim: Claim;
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
  const candidates = await JobModel.find({ state: 'due', type: { $in: types }, dueAt: { $lte: now } })
    .sort({ dueAt: 1, _id: 1 })
    .limit(CANDIDATES)
    .lean<JobDocument[]>();
  for (const candidate of candidates) {
    const itemId = candidate._id.toHexString();
    const claim = await claimItem({
      scope: SCOPE,
      itemId,
      after: candidate.slot ?? 0,
      owner: workerId,
      now,
      leaseMs,
    });
    if (!claim) continue;
    // The list may be stale: another worker may have finished this job meanwhile.
    const doc = await JobModel.findById(itemId).lean<JobDocument>();
    if (doc?.state === 'due' && doc.dueAt <= now) return { ...toJob(doc), claim };
    await releaseClaim(claim, now);
  }
  return undefined;
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
  const slot = await settleClaim(job.claim, next.now, leaseMs);
  if (slot === undefined) return false;
  const set: Record<string, unknown> = { state: next.state, slot, updatedAt: next.now };
  if (next.state === 'due') set.dueAt = next.dueAt;
  else set.finishedAt = next.now;
  await JobModel.updateOne(
    { _id: new Types.ObjectId(job.id) },
    {
      $set: set,
      $push: { attempts: { $each: [attempt], $slice: -KEPT_JOB_ATTEMPTS } },
      $inc: { attemptCount: 1 },
    },
  );
  return true;
}

/** How many jobs wait, per type and state (for metrics and the health of the queue). */
export async function countJobs(): Promise<Array<{ type: string; state: JobState; count: number }>> {
  const rows = await JobModel.aggregate<{ _id: { type: string; state: JobState }; count: number }>([
    { $group: { _id: { type: '$type', state: '$state' }, count: { $sum: 1 } } },
  ]);
  return rows.map((row) => ({ type: row._id.type, state: row._id.state, count: row.count }));
}
