// The spam-check queue, kept on the comments themselves (comment.spamCheck), with claims
// decided by lease slots (src/queue/lease.model.ts). Mongoose stays in the model files;
// callers get plain objects.
import { updateCommentSpamCheck } from '../comments/comment.changes';
import {
  type Comment,
  type CommentDocument,
  CommentModel,
  type PrivateCommentData,
  type Reason,
  type SpamCheck,
  type SpamCheckAttempt,
  toComment,
  WITHOUT_PROJECTION,
} from '../comments/comment.model';
import { type Claim, claimItem, countRunningClaims, releaseClaim, settleClaim } from '../queue/lease.model';

const SCOPE = 'spam-check';
/** Due checks looked at per claim; the first one no other worker holds is taken. */
const CANDIDATES = 20;

/** A comment with what a spam check needs: the private request data and the queue state. */
export interface SpamCheckSubject {
  comment: Comment;
  private: PrivateCommentData;
  spamCheck?: SpamCheck;
}

export interface ClaimedSpamCheck extends SpamCheckSubject {
  spamCheck: SpamCheck;
  claim: Claim;
}

function toSpamCheck(check: SpamCheck): SpamCheck {
  return {
    state: check.state,
    dueAt: check.dueAt,
    slot: check.slot ?? 0,
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

function isDue(check: SpamCheck | undefined, now: Date): check is SpamCheck {
  return check?.state === 'due' && check.dueAt <= now;
}

/**
 * Takes the oldest due check that no other worker holds, for `workerId` until now +
 * leaseMs. A check whose worker died is taken again once its lease has run out.
 */
export async function claimNextSpamCheck(
  workerId: string,
  now: Date,
  leaseMs: number,
): Promise<ClaimedSpamCheck | undefined> {
  const candidates = await CommentModel.find({ 'spamCheck.state': 'due', 'spamCheck.dueAt': { $lte: now } })
    .sort({ 'spamCheck.dueAt': 1, _id: 1 })
    .limit(CANDIDATES)
    .select('+spamCheck')
    .lean<CommentDocument[]>();
  for (const candidate of candidates) {
    const itemId = candidate._id.toHexString();
    const after = candidate.spamCheck?.slot ?? 0;
    const claim = await claimItem({ scope: SCOPE, itemId, after, owner: workerId, now, leaseMs });
    if (!claim) continue;
    // The list may be stale: another worker may have finished this check meanwhile.
    const doc = await CommentModel.findById(itemId).select(WITHOUT_PROJECTION).lean<CommentDocument>();
    if (doc && isDue(doc.spamCheck, now))
      return { ...toSubject(doc), spamCheck: toSpamCheck(doc.spamCheck), claim };
    await releaseClaim(claim, now);
  }
  return undefined;
}

/**
 * Takes the right to write the claim's result, for leaseMs more. Undefined when another
 * worker took the check over after this claim's lease ran out: the result must be dropped.
 */
export async function settleSpamCheck(claimed: ClaimedSpamCheck, now: Date, leaseMs: number) {
  return settleClaim(claimed.claim, now, leaseMs);
}

function pushAttempt(attempt: SpamCheckAttempt) {
  return { $push: { 'spamCheck.attempts': attempt }, $inc: { 'spamCheck.attemptCount': 1 } };
}

// The writes below go through change tickets (updateCommentSpamCheck): a moderator may be
// changing the same comment, and on FerretDB an unticketed write could overwrite that change.
// Each returns false when its write did not happen; the check then stays due and is taken
// again once the lease slots run out.

/**
 * Stores a deciding attempt and its reasons; the check stays due until finishSpamCheck, so
 * a worker dying in between leaves it to be finished by the next. False when the comment is
 * no longer pending (a moderator decided first) or its ticket was taken.
 */
export async function recordSpamCheckAttempt(
  id: string,
  attempt: SpamCheckAttempt,
  change: { reasons: Reason[]; now: Date },
): Promise<boolean> {
  return updateCommentSpamCheck(
    id,
    change.now,
    { ...pushAttempt(attempt), $set: { reasons: change.reasons, updatedAt: change.now } },
    (comment) => comment.status === 'pending',
  );
}

/** Stores a failed attempt and puts the check back in the queue for `dueAt`. */
export async function scheduleSpamCheckRetry(
  id: string,
  attempt: SpamCheckAttempt,
  change: { dueAt: Date; reasons: Reason[]; slot: number; now: Date },
): Promise<boolean> {
  return updateCommentSpamCheck(id, change.now, {
    ...pushAttempt(attempt),
    $set: {
      reasons: change.reasons,
      updatedAt: change.now,
      'spamCheck.dueAt': change.dueAt,
      'spamCheck.slot': change.slot,
    },
  });
}

/** Marks the check done, with a last attempt when there is one not yet recorded. */
export async function finishSpamCheck(
  id: string,
  change: { slot: number; now: Date; attempt?: SpamCheckAttempt },
): Promise<boolean> {
  return updateCommentSpamCheck(id, change.now, {
    ...(change.attempt && pushAttempt(change.attempt)),
    $set: { 'spamCheck.state': 'done', 'spamCheck.finishedAt': change.now, 'spamCheck.slot': change.slot },
  });
}

/** A comment's spam-check history (for the moderators' detail view). */
export async function findSpamCheck(id: string): Promise<SpamCheck | undefined> {
  if (!/^[0-9a-f]{24}$/i.test(id)) return undefined;
  const doc = await CommentModel.findById(id).select('+spamCheck').lean<CommentDocument>();
  return doc?.spamCheck ? toSpamCheck(doc.spamCheck) : undefined;
}

/** A comment with its private request data, as Akismet wants it. */
export async function findSpamCheckSubject(id: string): Promise<SpamCheckSubject | undefined> {
  if (!/^[0-9a-f]{24}$/i.test(id)) return undefined;
  const doc = await CommentModel.findById(id).select(WITHOUT_PROJECTION).lean<CommentDocument>();
  return doc ? toSubject(doc) : undefined;
}

/** True when this email already has an approved comment on the site. */
export async function hasApprovedCommentFrom(site: string, emailHash: string): Promise<boolean> {
  const doc = await CommentModel.findOne({ site, emailHash, status: 'approved' }).select('_id').lean();
  return doc !== null;
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

/** How deep the spam-check queue is at `now` (for metrics). */
export async function measureSpamCheckQueue(now: Date): Promise<SpamCheckQueueDepth> {
  const [due, retrying, running, oldest] = await Promise.all([
    CommentModel.countDocuments({
      'spamCheck.state': 'due',
      'spamCheck.dueAt': { $lte: now },
      'spamCheck.attemptCount': 0,
    }),
    CommentModel.countDocuments({ 'spamCheck.state': 'due', 'spamCheck.attemptCount': { $gt: 0 } }),
    countRunningClaims(SCOPE, now),
    CommentModel.findOne({ 'spamCheck.state': 'due', 'spamCheck.dueAt': { $lte: now } })
      .sort({ 'spamCheck.dueAt': 1 })
      .select('+spamCheck')
      .lean<CommentDocument>(),
  ]);
  return { due, retrying, running, ...(oldest?.spamCheck && { oldestDueAt: oldest.spamCheck.dueAt }) };
}
