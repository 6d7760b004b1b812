// Changing a stored comment: its status, its content, its spam-check record, or deleting it,
// each exactly once even when requests and workers race, and keeping its page's public
// thread (counts and version) right.
import mongoose, { Schema, Types } from 'mongoose';
import { findPage, recordThreadCounts } from '../pages/page.model';
import {
  type Comment,
  type CommentDocument,
  CommentModel,
  type CommentStatus,
  isObjectId,
  type Reason,
  toComment,
  WITHOUT_PROJECTION,
} from './comment.model';

// FerretDB 1.x applies an update as a read and a separate write, so two conditional updates
// of one comment can both "succeed" (and concurrent updates can overwrite each other). A
// change that must happen once (a status change, an edit, a delete) first takes a ticket for
// the comment's next change: an insert into a unique index, atomic on FerretDB and MongoDB
// alike. Only the ticket's holder writes, and it writes only over the change number it read.
interface ChangeTicketDocument {
  _id: string;
  commentId: Types.ObjectId;
  seq: number;
  change: string;
  at: Date;
}

const changeTicketSchema = new Schema<ChangeTicketDocument>(
  {
    _id: { type: String, required: true },
    commentId: { type: Schema.Types.ObjectId, required: true },
    seq: { type: Number, required: true },
    change: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
changeTicketSchema.index({ commentId: 1, seq: 1 });

export const CommentChangeTicketModel = mongoose.model<ChangeTicketDocument>(
  'CommentChangeTicket',
  changeTicketSchema,
  'comment_change_tickets',
);

/**
 * Deletes tickets taken before `before`. A ticket only matters while its change is under
 * way (a minute at most); an old one is either spent or its holder long gone, and a comment
 * whose ticket was deleted simply takes that number again.
 */
export async function pruneChangeTickets(before: Date): Promise<number> {
  const result = await CommentChangeTicketModel.deleteMany({ at: { $lt: before } });
  return result.deletedCount;
}

/** A holder that has not written for this long has stopped: its ticket may be stepped over. */
const TICKET_STALE_MS = 60_000;
const MAX_TICKET_TAKEOVERS = 5;

/** True when this caller may make the change after change number `seq` of the comment. */
async function takeChangeTicket(id: string, seq: number, change: string, now: Date): Promise<boolean> {
  for (let takeover = 0; takeover < MAX_TICKET_TAKEOVERS; takeover += 1) {
    const _id = `${id}:${seq}:${takeover}`;
    try {
      await CommentChangeTicketModel.create({ _id, commentId: new Types.ObjectId(id), seq, change, at: now });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      const held = await CommentChangeTicketModel.findById(_id).lean<ChangeTicketDocument>();
      if (!held || held.at.getTime() > now.getTime() - TICKET_STALE_MS) return false;
    }
  }
  return false;
}

/** Matches the comment while it is still at change number `seq` (older comments lack the field). */
function atChange(seq: number) {
  return seq === 0 ? { $or: [{ changeSeq: 0 }, { changeSeq: { $exists: false } }] } : { changeSeq: seq };
}

/** The comment as stored now, with the ticket for its next change; undefined when refused. */
async function ticketedRead(
  id: string,
  change: string,
  now: Date,
  isWanted: (doc: CommentDocument) => boolean,
): Promise<{ doc: CommentDocument; seq: number } | undefined> {
  if (!isObjectId(id)) return undefined;
  const doc = await CommentModel.findById(id).lean<CommentDocument>();
  if (!doc || !isWanted(doc)) return undefined;
  const seq = doc.changeSeq ?? 0;
  return (await takeChangeTicket(id, seq, change, now)) ? { doc, seq } : undefined;
}

/**
 * Writes spam-check results (src/spam) to a comment under a change ticket, so a worker can
 * never overwrite a moderator's concurrent change on FerretDB. False when `isWanted` refuses
 * the comment as stored, or another change of it won the race.
 */
export async function updateCommentSpamCheck(
  id: string,
  now: Date,
  update: { $set?: Record<string, unknown>; $push?: Record<string, unknown>; $inc?: Record<string, unknown> },
  isWanted: (comment: Comment) => boolean = () => true,
): Promise<boolean> {
  const read = await ticketedRead(id, 'spam-check', now, (doc) => isWanted(toComment(doc)));
  if (!read) return false;
  const result = await CommentModel.updateOne(
    { _id: read.doc._id, ...atChange(read.seq) },
    { ...update, $set: { ...update.$set, changeSeq: read.seq + 1 } },
  );
  return result.modifiedCount === 1;
}

const MAX_RECOUNTS = 5;

/**
 * Recounts a page's public thread after a comment entered it, left it or changed in it.
 * Counting, not $inc: on FerretDB 1.x concurrent updates of one page document can be lost.
 * The count is stored only over the page version read before counting, and counted again
 * when another change stored first, so on MongoDB the last stored count saw every change
 * before it; on FerretDB, whose conditional updates are not atomic, a count that raced is
 * put right by the page's next change. The counts run on the thread index.
 */
export async function refreshPageThread(site: string, pageId: string): Promise<void> {
  for (let attempt = 0; attempt < MAX_RECOUNTS; attempt += 1) {
    const page = await findPage(site, pageId);
    if (!page) return;
    const [approvedCount, approvedTopLevelCount] = await Promise.all([
      CommentModel.countDocuments({ site, pageId, status: 'approved' }),
      CommentModel.countDocuments({ site, pageId, status: 'approved', depth: 0 }),
    ]);
    if (await recordThreadCounts(site, pageId, page.version, { approvedCount, approvedTopLevelCount }))
      return;
  }
}

/**
 * Moves a comment from one status to another, only if it is still in `from`, and keeps
 * the page's counts and version right when the comment enters or leaves the public thread.
 * Returns the updated comment, or undefined when it was not in `from` any more (or another
 * change of it won the race).
 */
export async function changeCommentStatus(
  id: string,
  from: CommentStatus,
  to: CommentStatus,
  now: Date,
  reasons?: Reason[],
): Promise<Comment | undefined> {
  const read = await ticketedRead(id, `${from}>${to}`, now, (doc) => doc.status === from);
  if (!read) return undefined;
  const doc = await CommentModel.findOneAndUpdate(
    { _id: read.doc._id, status: from, ...atChange(read.seq) },
    { $set: { status: to, updatedAt: now, changeSeq: read.seq + 1, ...(reasons && { reasons }) } },
    { returnDocument: 'after' },
  )
    .select(WITHOUT_PROJECTION)
    .lean<CommentDocument>();
  if (!doc) return undefined;
  const comment = toComment(doc);
  if ((from === 'approved') !== (to === 'approved')) await refreshPageThread(comment.site, comment.pageId);
  return comment;
}

/**
 * Replaces a comment's (already sanitised) content. When the comment is approved, its page's
 * public thread changed, so the page version moves on. Undefined when the comment is gone or
 * another change of it won the race.
 */
export async function updateCommentContent(
  id: string,
  content: string,
  now: Date,
): Promise<Comment | undefined> {
  const read = await ticketedRead(id, 'edit', now, () => true);
  if (!read) return undefined;
  const doc = await CommentModel.findOneAndUpdate(
    { _id: read.doc._id, ...atChange(read.seq) },
    { $set: { content, updatedAt: now, changeSeq: read.seq + 1 } },
    { returnDocument: 'after' },
  )
    .select(WITHOUT_PROJECTION)
    .lean<CommentDocument>();
  if (!doc) return undefined;
  const comment = toComment(doc);
  if (comment.status === 'approved') await refreshPageThread(comment.site, comment.pageId);
  return comment;
}

/** How many comments answer this one directly, whatever their status. */
export async function countReplies(id: string): Promise<number> {
  if (!isObjectId(id)) return 0;
  return CommentModel.countDocuments({ parentId: new Types.ObjectId(id) });
}

/**
 * Deletes a comment for good. An approved comment leaves its page's public thread, so the
 * counts and version are adjusted as a status change would. Returns what was deleted;
 * undefined when it was gone already or another change of it won the race.
 */
export async function deleteCommentPermanently(id: string, now: Date): Promise<Comment | undefined> {
  const read = await ticketedRead(id, 'delete', now, () => true);
  if (!read) return undefined;
  const doc = await CommentModel.findOneAndDelete({ _id: read.doc._id, ...atChange(read.seq) })
    .select(WITHOUT_PROJECTION)
    .lean<CommentDocument>();
  if (!doc) return undefined;
  const comment = toComment(doc);
  if (comment.status === 'approved') await refreshPageThread(comment.site, comment.pageId);
  return comment;
}
