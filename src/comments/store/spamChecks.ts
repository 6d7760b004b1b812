// The spam-check queue: an outstanding-work queue (src/queue/workQueue.model.ts) holding one
// item per comment whose check is due, held or waiting to be retried, under the comment's id.
// The check's history (every attempt, its state) stays on the comment itself, so this file
// belongs to the comment store; src/spam runs the checks through its functions.
//
// Write order when a comment is posted: the queue item first, then the comment, so no stored
// comment can lack its check. A post that dies in between leaves an item without a comment:
// the worker leaves it alone for ORPHAN_AFTER_MS (the comment may still be on its way), then
// drops it.
import { type ClaimedItem, defineWorkQueue } from '../../queue/workQueue.model';
import { changeCommentStatus, type StatusChangeOptions, updateCommentSpamCheck } from './changes';
import { type CommentDocument, CommentModel, toComment, WITHOUT_PROJECTION } from './comment.model';
import {
  type Comment,
  isObjectId,
  type PrivateCommentData,
  type Reason,
  type SpamCheck,
  type SpamCheckAttempt,
} from './comment.types';

const queue = defineWorkQueue<Record<string, never>>('spam_checks', { keepsOrder: false });

/** An item older than this whose comment never appeared belongs to a post that died. */
export const ORPHAN_AFTER_MS = 60_000;

// A post's check is queued under the comment's id; the re-check after an author edit (round
// n > 0) under `id.n`, so a finishing check of the replaced text removes only its own item.
export function spamCheckItemId(commentId: string, round = 0): string {
  return round === 0 ? commentId : `${commentId}.${round}`;
}

function itemRound(itemId: string): { commentId: string; round: number } {
  const [commentId = itemId, round] = itemId.split('.');
  return { commentId, round: round === undefined ? 0 : Number(round) };
}

const roundOf = (check: SpamCheck | undefined) => check?.round ?? 0;

/** A comment with what a spam check needs: the private request data and the check's history. */
export interface SpamCheckSubject {
  comment: Comment;
  private: PrivateCommentData;
  spamCheck?: SpamCheck;
}

export interface ClaimedSpamCheck extends SpamCheckSubject {
  spamCheck: SpamCheck;
  item: ClaimedItem<Record<string, never>>;
}

function toSpamCheck(check: SpamCheck): SpamCheck {
  return {
    state: check.state,
    dueAt: check.dueAt,
    attempts: (check.attempts ?? []).map(({ at, outcome, durationMs, detail, verdict }) => ({
      at,
      outcome,
      durationMs,
      ...(detail !== undefined && { detail }),
      ...(verdict !== undefined && { verdict }),
    })),
    attemptCount: check.attemptCount ?? 0,
    firstQueuedAt: check.firstQueuedAt,
    ...(check.finishedAt && { finishedAt: check.finishedAt }),
    ...(check.round && { round: check.round }),
  };
}

function toSubject(doc: CommentDocument): SpamCheckSubject {
  return {
    comment: toComment(doc),
    private: {
      ...(doc.emailSealed && { emailSealed: doc.emailSealed }),
      ...(doc.emailHash && { emailHash: doc.emailHash }),
      rawContent: doc.rawContent ?? doc.content,
      request: { ...doc.request },
    },
    ...(doc.spamCheck && { spamCheck: toSpamCheck(doc.spamCheck) }),
  };
}

/**
 * Queues the check of a comment about to be stored (call before inserting the comment), or
 * of an author's edit (`round`, call before writing the edit).
 */
export async function queueSpamCheck(commentId: string, now: Date, round = 0): Promise<void> {
  await queue.enqueue({ id: spamCheckItemId(commentId, round), payload: {}, now });
}

/** Drops the queued check of a comment whose insert failed. */
export async function dropSpamCheck(commentId: string): Promise<void> {
  await queue.remove(commentId);
}

async function findSubjectDoc(id: string): Promise<CommentDocument | undefined> {
  if (!isObjectId(id)) return undefined;
  return (await CommentModel.findById(id).select(WITHOUT_PROJECTION).lean<CommentDocument>()) ?? undefined;
}

export type SpamCheckClaim = { claimed: ClaimedSpamCheck } | { claimed?: undefined; isOrphan: boolean };

/**
 * Takes the oldest due check that no other worker holds, for `workerId` until now +
 * leaseMs. A check whose worker died is taken again once its lease has run out. Items whose
 * comment is missing are passed over, and dropped once ORPHAN_AFTER_MS old.
 */
export async function claimNextSpamCheck(
  workerId: string,
  now: Date,
  leaseMs: number,
): Promise<SpamCheckClaim> {
  const passedOver = new Set<string>();
  for (;;) {
    const item = await queue.claimNext({
      owner: workerId,
      now,
      leaseMs,
      accepts: (candidate) => !passedOver.has(candidate.id),
    });
    if (!item) return { isOrphan: passedOver.size > 0 };
    const { commentId, round } = itemRound(item.id);
    const doc = await findSubjectDoc(commentId);
    if (doc?.spamCheck && round === roundOf(doc.spamCheck))
      return { claimed: { ...toSubject(doc), spamCheck: toSpamCheck(doc.spamCheck), item } };
    passedOver.add(item.id);
    // The check of a text its author has replaced since: the newer round has its own item.
    if (doc?.spamCheck && round < roundOf(doc.spamCheck)) {
      await queue.remove(item.id);
      continue;
    }
    if (item.queuedAt.getTime() < now.getTime() - ORPHAN_AFTER_MS) await queue.remove(item.id);
    else await queue.release(item, now);
  }
}

/**
 * Takes the right to write the claim's result, for leaseMs more. Undefined when another
 * worker took the check over after this claim's lease ran out: the result must be dropped.
 */
export function settleSpamCheck(claimed: ClaimedSpamCheck, now: Date, leaseMs: number) {
  return queue.settle(claimed.item, now, leaseMs);
}

/** Removes a finished check from the queue; its history stays on the comment. */
export function removeSpamCheck(claimed: Pick<ClaimedSpamCheck, 'item'>): Promise<void> {
  return queue.remove(claimed.item.id);
}

/** Puts a check aside until `dueAt`, after an attempt that could not decide. */
export function retrySpamCheckLater(claimed: ClaimedSpamCheck, slot: number, dueAt: Date): Promise<void> {
  const { item } = claimed;
  return queue.retryLater({ id: item.id, slot, payload: {}, queuedAt: item.queuedAt, dueAt });
}

function pushAttempt(attempt: SpamCheckAttempt) {
  return { $push: { 'spamCheck.attempts': attempt }, $inc: { 'spamCheck.attemptCount': 1 } };
}

/** The check is due, and is still the round `round` (no author edit replaced its text). */
const isDue = (round: number) => (doc: CommentDocument) =>
  doc.spamCheck?.state === 'due' && roundOf(doc.spamCheck) === round;

// The writes below go through change tickets: a moderator may be changing the same comment,
// and on FerretDB an unticketed write could overwrite that change. Each stores the attempt
// and closes the check in one write, so a worker dying afterwards leaves nothing half done
// but the queue item and the events, which the next worker finishes (src/spam/check/resume.ts).

/**
 * Stores a deciding attempt and its verdict: the comment stays pending (and waits for a
 * moderator), or becomes approved or spam. Undefined when the comment is no longer a
 * pending comment with a due check (a moderator decided first) or its ticket was taken.
 */
export async function storeSpamCheckVerdict(
  comment: Comment,
  attempt: SpamCheckAttempt,
  verdict: { status: 'pending' | 'approved' | 'spam'; reasons: Reason[]; now: Date; round?: number },
): Promise<Comment | undefined> {
  const { id } = comment;
  const { status, reasons, now, round = 0 } = verdict;
  const closing = { 'spamCheck.state': 'done', 'spamCheck.finishedAt': now };
  if (status === 'pending') {
    const isStored = await updateCommentSpamCheck(
      id,
      now,
      { ...pushAttempt(attempt), $set: { ...closing, reasons, updatedAt: now } },
      (comment, doc) => comment.status === 'pending' && isDue(round)(doc),
    );
    // The ticket guarantees nothing else changed it: the comment is as read, with the new reasons.
    return isStored ? { ...comment, reasons, updatedAt: now } : undefined;
  }
  const options: StatusChangeOptions = {
    reasons,
    update: { ...pushAttempt(attempt), $set: closing },
    isWanted: isDue(round),
  };
  return changeCommentStatus(id, 'pending', status, now, options);
}

/** Stores a failed attempt, with the time of the next try. */
export async function recordFailedSpamCheck(
  id: string,
  attempt: SpamCheckAttempt,
  change: { dueAt: Date; reasons: Reason[]; now: Date; round?: number },
): Promise<boolean> {
  return updateCommentSpamCheck(
    id,
    change.now,
    {
      ...pushAttempt(attempt),
      $set: { reasons: change.reasons, updatedAt: change.now, 'spamCheck.dueAt': change.dueAt },
    },
    (_comment, doc) => isDue(change.round ?? 0)(doc),
  );
}

/** Records attempts whose workers stopped before storing them (their Akismet calls may have been made). */
export async function recordInterruptedSpamChecks(
  id: string,
  attempts: SpamCheckAttempt[],
  now: Date,
  round = 0,
): Promise<boolean> {
  const update = {
    $push: { 'spamCheck.attempts': { $each: attempts } },
    $inc: { 'spamCheck.attemptCount': attempts.length },
  };
  return updateCommentSpamCheck(id, now, update, (_comment, doc) => isDue(round)(doc));
}

/** Closes a check without a verdict (the comment was decided elsewhere, or its site is gone). */
export async function closeSpamCheck(
  id: string,
  attempt: SpamCheckAttempt,
  now: Date,
  round = 0,
): Promise<boolean> {
  return updateCommentSpamCheck(
    id,
    now,
    { ...pushAttempt(attempt), $set: { 'spamCheck.state': 'done', 'spamCheck.finishedAt': now } },
    (_comment, doc) => isDue(round)(doc),
  );
}

/** A comment's spam-check history (for the moderators' detail view). */
export async function findSpamCheck(id: string): Promise<SpamCheck | undefined> {
  if (!isObjectId(id)) return undefined;
  const doc = await CommentModel.findById(id).select('+spamCheck').lean<CommentDocument>();
  return doc?.spamCheck ? toSpamCheck(doc.spamCheck) : undefined;
}

/** A comment with its private request data, as Akismet wants it. */
export async function findSpamCheckSubject(id: string): Promise<SpamCheckSubject | undefined> {
  const doc = await findSubjectDoc(id);
  return doc ? toSubject(doc) : undefined;
}

export interface SpamCheckQueueDepth {
  /** Due now, never tried. */
  due: number;
  /** Waiting for another try after at least one failed one (due now or later). */
  retrying: number;
  /** Being checked by a worker right now. */
  running: number;
  /** When the longest-waiting due check became due. */
  oldestDueAt?: Date;
}

/**
 * How deep the spam-check queue is at `now` (for metrics). Reads the queue's outstanding
 * items only: the cost is the backlog's.
 */
export async function measureSpamCheckQueue(now: Date): Promise<SpamCheckQueueDepth> {
  const [{ due, waiting }, running] = await Promise.all([queue.list(), queue.countRunning(now)]);
  const isRetry = (item: { queuedAt: Date; dueAt: Date }) => item.dueAt > item.queuedAt;
  const dueNow = due.filter((item) => item.dueAt <= now);
  const oldest = dueNow.reduce<Date | undefined>(
    (min, item) => (min === undefined || item.dueAt < min ? item.dueAt : min),
    undefined,
  );
  return {
    due: dueNow.filter((item) => !isRetry(item)).length,
    retrying: waiting.length + due.filter(isRetry).length,
    running,
    ...(oldest && { oldestDueAt: oldest }),
  };
}
