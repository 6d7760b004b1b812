// Changing a stored comment: storing a new one, its status, its content, its spam-check
// record, or deleting it, each exactly once even when requests and workers race, and keeping
// what hangs on the comment right: the page's public thread, the moderation queue, the
// list of approved authors and the duplicate guard.
//
// Write order, so that a process dying at any point loses nothing:
// - a comment enters the moderation queue (its record is written) before it becomes pending,
//   and leaves it after it stops being pending: a leftover record is dropped when seen;
// - a change readers could see leaves a sync marker before the comment is written, and the
//   marker goes once the thread shows it: the worker repairs what a dead process left.
import { clearThreadMarker, markThreadChange } from '../../threads/thread.markers';
import { syncThread, type ThreadChange } from '../../threads/thread.sync';
import { releaseDuplicateGuard } from '../guards.model';
import { forgetApprovedAuthor, recordApprovedAuthor } from './approvedAuthors.model';
import { takeChangeTicket } from './changeTicket.model';
import {
  type CommentDocument,
  CommentModel,
  insertCommentDocument,
  toComment,
  WITHOUT_PROJECTION,
} from './comment.model';
import {
  type Comment,
  type CommentStatus,
  type CommentVersion,
  isObjectId,
  type Reason,
} from './comment.types';
import { recordPending, removePending, updatePendingContent } from './pendingQueue.model';
import { hasApprovedCommentFrom } from './reads';

/**
 * The comment as stored now (private fields too), with the ticket for its next change.
 *
 * The writes that follow filter on the _id alone, because FerretDB reads the whole collection
 * for any other filter. The ticket makes its taker the only writer of change `seq + 1`; the
 * comment is read again once it is held, so a change that landed between the first read and
 * the ticket is seen. What is left uncovered is a holder that stalls for TICKET_STALE_MS,
 * is stepped over, and then writes late.
 */
export async function ticketedRead(
  id: string,
  change: string,
  now: Date,
  isWanted: (doc: CommentDocument) => boolean,
): Promise<{ doc: CommentDocument; seq: number } | undefined> {
  if (!isObjectId(id)) return undefined;
  const readNow = () => CommentModel.findById(id).select(WITHOUT_PROJECTION).lean<CommentDocument>();
  const before = await readNow();
  if (!before || !isWanted(before)) return undefined;
  const seq = before.changeSeq ?? 0;
  if (!(await takeChangeTicket(id, seq, change, now))) return undefined;
  const doc = await readNow();
  if (!doc || (doc.changeSeq ?? 0) !== seq || !isWanted(doc)) return undefined;
  return { doc, seq };
}

export type Update = {
  $set?: Record<string, unknown>;
  $push?: Record<string, unknown>;
  $inc?: Record<string, unknown>;
};

function threadChangeOf(doc: CommentDocument): ThreadChange {
  return {
    site: doc.site,
    pageId: doc.pageId,
    threadId: doc.threadId.toHexString(),
    commentId: doc._id.toHexString(),
    createdAt: doc.createdAt,
  };
}

/**
 * Runs `write` with the comment's page thread kept right: a marker first, the write, then
 * the sync and the marker's removal. When the write does not happen, nothing is owed.
 */
export async function withThreadSync<T>(
  doc: CommentDocument,
  key: string,
  write: () => Promise<T | undefined>,
) {
  const change = threadChangeOf(doc);
  const marker = await markThreadChange(change, key);
  const result = await write();
  if (result !== undefined) {
    try {
      await syncThread([change]);
    } catch {
      // The page stayed busy (or the database failed) after the comment was written: the
      // change stands, and the marker stays for the worker's repair pass to sync it.
      return result;
    }
  }
  await clearThreadMarker(marker);
  return result;
}

export function pendingRecordOf(doc: CommentDocument, content = doc.content) {
  return {
    id: doc._id.toHexString(),
    site: doc.site,
    pageId: doc.pageId,
    author: doc.author,
    content,
    ...(doc.emailHash && { emailHash: doc.emailHash }),
    createdAt: doc.createdAt,
  };
}

/** The document a new comment is stored as; storeNewComment stores it. */
export { newCommentDocument } from './comment.model';

/**
 * Stores a new comment, with what its status brings: a pending one enters the moderation
 * queue, an approved one (a moderator's reply) the page's thread.
 */
export async function storeNewComment(doc: CommentDocument): Promise<Comment> {
  if (doc.status === 'pending') await recordPending(pendingRecordOf(doc));
  if (doc.status !== 'approved') return insertCommentDocument(doc);
  return (await withThreadSync(doc, 'new', () => insertCommentDocument(doc))) as Comment;
}

/**
 * Writes spam-check results (src/spam) to a comment under a change ticket, so a worker can
 * never overwrite a moderator's concurrent change on FerretDB. False when `isWanted` refuses
 * the comment as stored, or another change of it won the race.
 */
export async function updateCommentSpamCheck(
  id: string,
  now: Date,
  update: Update,
  isWanted: (comment: Comment, doc: CommentDocument) => boolean = () => true,
): Promise<boolean> {
  const read = await ticketedRead(id, 'spam-check', now, (doc) => isWanted(toComment(doc), doc));
  if (!read) return false;
  const result = await CommentModel.updateOne(
    { _id: read.doc._id },
    { ...update, $set: { ...update.$set, changeSeq: read.seq + 1 } },
  );
  return result.matchedCount === 1;
}

export interface StatusChangeOptions {
  reasons?: Reason[];
  /** More of the comment written in the same update (the spam check's result). */
  update?: Update;
  /** Refuses the change when the comment as stored does not fit. */
  isWanted?: (doc: CommentDocument) => boolean;
}

/**
 * Whether readers can see a status change: one to or from approved, and also one to or from
 * pending, since a comment kept as a placeholder for its approved replies shows as held while
 * pending and as deleted in spam or trash. Between spam and trash nothing they see changes.
 */
export function isPublicStatusChange(from: CommentStatus, to: CommentStatus): boolean {
  return (from === 'approved') !== (to === 'approved') || (from === 'pending') !== (to === 'pending');
}

/**
 * Moves a comment from one status to another, only if it is still in `from`. Returns the
 * updated comment, or undefined when it was not in `from` any more (or another change of it
 * won the race).
 */
export async function changeCommentStatus(
  id: string,
  from: CommentStatus,
  to: CommentStatus,
  now: Date,
  options: StatusChangeOptions = {},
): Promise<Comment | undefined> {
  const { reasons, update = {}, isWanted = () => true } = options;
  const read = await ticketedRead(id, `${from}>${to}`, now, (doc) => doc.status === from && isWanted(doc));
  if (!read) return undefined;
  const { doc, seq } = read;
  if (to === 'pending') await recordPending(pendingRecordOf(doc));
  const write = async () => {
    const updated = await CommentModel.findOneAndUpdate(
      { _id: doc._id },
      {
        ...update,
        $set: { ...update.$set, status: to, updatedAt: now, changeSeq: seq + 1, ...(reasons && { reasons }) },
      },
      { returnDocument: 'after' },
    )
      .select(WITHOUT_PROJECTION)
      .lean<CommentDocument>();
    return updated ?? undefined;
  };
  const updated = isPublicStatusChange(from, to)
    ? await withThreadSync(doc, String(seq), write)
    : await write();
  if (!updated) return undefined;
  if (from === 'pending') await removePending(id);
  if (to === 'trash' && doc.duplicateGuard) await releaseDuplicateGuard(doc.duplicateGuard);
  if (doc.emailHash && to === 'approved') await recordApprovedAuthor(doc.site, doc.emailHash, now);
  if (doc.emailHash && from === 'approved' && !(await hasApprovedCommentFrom(doc.site, doc.emailHash))) {
    await forgetApprovedAuthor(doc.site, doc.emailHash);
  }
  return toComment(updated);
}

/** The text an edit replaces, for the comment's history (the last HISTORY_KEPT are kept). */
export function earlierVersion(doc: CommentDocument, now: Date, by: CommentVersion['by']) {
  const writtenAt = doc.history?.at(-1)?.replacedAt ?? doc.createdAt;
  const version: CommentVersion = { content: doc.content, writtenAt, replacedAt: now, by };
  return { $each: [version], $slice: -HISTORY_KEPT };
}

/** Earlier texts kept per comment. */
const HISTORY_KEPT = 20;

/**
 * Replaces a comment's (already sanitised) content. Undefined when the comment is gone or
 * another change of it won the race.
 */
export async function updateCommentContent(
  id: string,
  content: string,
  now: Date,
): Promise<Comment | undefined> {
  const read = await ticketedRead(id, 'edit', now, () => true);
  if (!read) return undefined;
  const { doc, seq } = read;
  const write = async () => {
    const updated = await CommentModel.findOneAndUpdate(
      { _id: doc._id },
      {
        $set: { content, updatedAt: now, changeSeq: seq + 1 },
        $push: { history: earlierVersion(doc, now, 'moderator') },
      },
      { returnDocument: 'after' },
    )
      .select(WITHOUT_PROJECTION)
      .lean<CommentDocument>();
    return updated ?? undefined;
  };
  // The status cannot change meanwhile: every status change takes a ticket too.
  const updated = doc.status === 'approved' ? await withThreadSync(doc, String(seq), write) : await write();
  if (!updated) return undefined;
  if (doc.status === 'pending') await updatePendingContent(id, content);
  return toComment(updated);
}

/**
 * Deletes a comment for good, and what hangs on it. Returns what was deleted; undefined
 * when it was gone already, `isWanted` refused it, or another change of it won the race.
 */
export async function deleteCommentPermanently(
  id: string,
  now: Date,
  isWanted: (doc: CommentDocument) => boolean = () => true,
): Promise<Comment | undefined> {
  const read = await ticketedRead(id, 'delete', now, isWanted);
  if (!read) return undefined;
  const { doc, seq } = read;
  const remove = async () => {
    const deleted = await CommentModel.findOneAndDelete({ _id: doc._id })
      .select(WITHOUT_PROJECTION)
      .lean<CommentDocument>();
    return deleted ?? undefined;
  };
  const deleted = doc.status === 'approved' ? await withThreadSync(doc, String(seq), remove) : await remove();
  if (!deleted) return undefined;
  if (doc.status === 'pending') await removePending(id);
  if (doc.duplicateGuard) await releaseDuplicateGuard(doc.duplicateGuard);
  if (
    doc.emailHash &&
    doc.status === 'approved' &&
    !(await hasApprovedCommentFrom(doc.site, doc.emailHash))
  ) {
    await forgetApprovedAuthor(doc.site, doc.emailHash);
  }
  return toComment(deleted);
}
