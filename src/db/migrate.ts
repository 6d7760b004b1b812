// Bringing a database written by an earlier Parley over to the current layout, once, at
// start-up. Each step is idempotent and records how far it got, so a process stopped midway
// carries on where it was; progress goes to the log. What it builds:
// - the spam-check queue and the moderation queue from the comments (earlier versions kept
//   both on the comments themselves), and each reader's own pending comments;
// - the job queue and history from the old `jobs` collection, which is emptied;
// - every page's precomputed thread, and the list of approved authors, from one pass over
//   the approved comments.
// It queries whole collections, which is fine once at start-up and never on a public path.
import mongoose, { Schema } from 'mongoose';
import { rememberReaderComment } from '../comments/readerPending.model';
import { recordApprovedAuthor } from '../comments/store/approvedAuthors.model';
import type { Comment } from '../comments/store/comment.types';
import {
  hasAnyComment,
  listCommentsWithDueCheck,
  listPendingWithAuthorKeys,
  streamApprovedWithEmailHash,
} from '../comments/store/migration';
import { recordPending } from '../comments/store/pendingQueue.model';
import { queueSpamCheck } from '../comments/store/spamChecks';
import type { Logger } from '../logger';
import { enqueueJob, type JobAttempt, JobHistoryModel } from '../queue/job.model';
import { findSite } from '../sites/site.model';
import { writeRebuiltThread } from '../threads/thread.rebuild';

const MIGRATION = 'outstanding-work-1';

interface MigrationDocument {
  _id: string;
  step: string;
  /** The last page whose thread was written, in the order the threads step takes them. */
  lastPage?: string;
  done: boolean;
  at: Date;
}

export const MigrationModel = mongoose.model<MigrationDocument>(
  'Migration',
  new Schema<MigrationDocument>(
    {
      _id: { type: String, required: true },
      step: { type: String, required: true },
      lastPage: String,
      done: { type: Boolean, default: false },
      at: { type: Date, required: true },
    },
    { versionKey: false },
  ),
  'migrations',
);

const STEPS = ['queues', 'jobs', 'threads'] as const;
type Step = (typeof STEPS)[number];
const PROGRESS_EVERY = 100;

async function record(step: Step | 'done', fields: Partial<MigrationDocument> = {}): Promise<void> {
  await MigrationModel.replaceOne(
    { _id: MIGRATION },
    { step, done: step === 'done', at: new Date(), ...fields },
    { upsert: true },
  );
}

/** Spam checks still due, pending comments' moderation records, readers' own pending comments. */
async function migrateQueues(log: Logger): Promise<void> {
  const due = await listCommentsWithDueCheck();
  for (const { id, dueAt } of due) await queueSpamCheck(id, dueAt);
  const pending = await listPendingWithAuthorKeys();
  for (const { comment, emailHash, authorTokenHash } of pending) {
    const { id, site, pageId, author, content, createdAt } = comment;
    await recordPending({ id, site, pageId, author, content, ...(emailHash && { emailHash }), createdAt });
    if (authorTokenHash) await rememberReaderComment(site, pageId, authorTokenHash, id);
  }
  log.info({ spamChecks: due.length, pending: pending.length }, 'migration: queues built');
}

interface OldJob {
  _id: unknown;
  key?: string;
  type: string;
  payload: unknown;
  state: 'due' | 'done' | 'failed';
  dueAt: Date;
  attempts?: JobAttempt[];
  attemptCount?: number;
  createdAt: Date;
  updatedAt?: Date;
  finishedAt?: Date;
}

/** Jobs of the old `jobs` collection into the job queue (still due) or the history. */
async function migrateJobs(log: Logger): Promise<void> {
  const old = mongoose.connection.collection<OldJob>('jobs');
  let moved = 0;
  for await (const job of old.find({})) {
    if (!job.key) continue;
    if (job.state === 'due') {
      await enqueueJob({
        type: job.type,
        key: job.key,
        payload: job.payload,
        now: job.createdAt,
        runAt: job.dueAt,
      });
    } else {
      await JobHistoryModel.replaceOne(
        { _id: job.key },
        {
          type: job.type,
          payload: job.payload,
          state: job.state,
          dueAt: job.dueAt,
          attempts: job.attempts ?? [],
          attemptCount: job.attemptCount ?? 0,
          createdAt: job.createdAt,
          updatedAt: job.updatedAt ?? job.createdAt,
          finishedAt: job.finishedAt ?? job.updatedAt ?? job.createdAt,
        },
        { upsert: true },
      );
    }
    await old.deleteOne({ _id: job._id });
    moved += 1;
  }
  log.info({ jobs: moved }, 'migration: jobs moved');
}

/** Every page's precomputed thread, and the approved authors, from one pass over the approved comments. */
async function migrateThreads(log: Logger, lastPage: string | undefined): Promise<void> {
  const byPage = new Map<string, Comment[]>();
  for await (const { comment, emailHash } of streamApprovedWithEmailHash()) {
    const key = JSON.stringify([comment.site, comment.pageId]);
    const onPage = byPage.get(key);
    if (onPage) onPage.push(comment);
    else byPage.set(key, [comment]);
    if (emailHash) await recordApprovedAuthor(comment.site, emailHash, comment.createdAt);
  }
  const pages = [...byPage.keys()].sort().filter((key) => lastPage === undefined || key > lastPage);
  const gravatar = new Map<string, boolean>();
  for (const [i, key] of pages.entries()) {
    const [site, pageId] = JSON.parse(key) as [string, string];
    if (!gravatar.has(site)) gravatar.set(site, (await findSite(site))?.settings.gravatar ?? false);
    await writeRebuiltThread(site, pageId, byPage.get(key) ?? [], gravatar.get(site) ?? false);
    if ((i + 1) % PROGRESS_EVERY === 0 || i === pages.length - 1) {
      await record('threads', { lastPage: key });
      log.info({ pages: i + 1, of: pages.length }, 'migration: threads written');
    }
  }
}

/**
 * Runs whatever is left of the migration. Safe in several processes at once: every step
 * writes idempotently, and threads are written by one process at a time per page.
 */
export async function migrateDatabase(log: Logger): Promise<void> {
  const state = await MigrationModel.findById(MIGRATION).lean<MigrationDocument>();
  if (state?.done) return;
  // A database that never held a comment has nothing to bring over.
  if (!state && !(await hasAnyComment()) && !(await mongoose.connection.collection('jobs').findOne({}))) {
    await record('done');
    return;
  }
  log.info(
    { from: state?.step ?? STEPS[0] },
    'migration: bringing the database over to outstanding-work queues',
  );
  const started = STEPS.indexOf((state?.step as Step | undefined) ?? STEPS[0]);
  for (const step of STEPS.slice(started)) {
    if (step !== state?.step) await record(step);
    if (step === 'queues') await migrateQueues(log);
    if (step === 'jobs') await migrateJobs(log);
    if (step === 'threads') await migrateThreads(log, state?.step === 'threads' ? state.lastPage : undefined);
  }
  await record('done');
  log.info('migration: done');
}
