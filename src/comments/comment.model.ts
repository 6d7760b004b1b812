// Comments, stored. Mongoose stays in this file: callers get plain `Comment` objects, and
// private fields (email, request data, token hashes) are `select: false`, so they are only
// read by the functions that name them.
import mongoose, { Schema, Types } from 'mongoose';
import { recordThreadCounts } from '../pages/page.model';

export const COMMENT_STATUSES = ['pending', 'approved', 'spam', 'trash'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

export interface Reason {
  code: string;
  message: string;
}

export interface Comment {
  id: string;
  site: string;
  pageId: string;
  parentId: string | null;
  ancestorIds: string[];
  threadId: string;
  depth: number;
  author: string;
  authorUrl?: string;
  avatarSeed: string;
  /** Gravatar's hash of the email; shown only where a site turns Gravatar on. */
  gravatarHash?: string;
  content: string;
  status: CommentStatus;
  reasons: Reason[];
  notifyReplies: boolean;
  /** Written by a moderator through the moderation API (shown with a badge); absent otherwise. */
  byModerator?: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const SPAM_CHECK_OUTCOMES = ['spam', 'ham', 'unavailable', 'invalid_key', 'skipped'] as const;
export type SpamCheckOutcome = (typeof SPAM_CHECK_OUTCOMES)[number];

/** One try at checking a comment: when it ran, what it returned and how long it took. */
export interface SpamCheckAttempt {
  at: Date;
  outcome: SpamCheckOutcome;
  durationMs: number;
  detail?: string;
  /** The status this attempt decided on, when it decided one. */
  verdict?: 'pending' | 'approved' | 'spam';
}

/**
 * A comment's place in the durable spam-check queue (src/spam): 'due' from `dueAt` on,
 * until 'done'. Which worker holds a check lives in the lease slots (src/queue/lease.model.ts);
 * `slot` is the last slot whose holder wrote here.
 */
export interface SpamCheck {
  state: 'due' | 'done';
  dueAt: Date;
  slot: number;
  attempts: SpamCheckAttempt[];
  attemptCount: number;
  firstQueuedAt: Date;
  finishedAt?: Date;
}

/** The spam-check state a new pending comment is stored with, in the same insert. */
export function queuedSpamCheck(now: Date): SpamCheck {
  return { state: 'due', dueAt: now, slot: 0, attempts: [], attemptCount: 0, firstQueuedAt: now };
}

export interface PrivateCommentData {
  emailSealed?: string;
  emailHash?: string;
  gravatarHash?: string;
  rawContent: string;
  request: { ip?: string; userAgent?: string; referrer?: string };
}

export interface CommentDocument {
  _id: Types.ObjectId;
  site: string;
  pageId: string;
  parentId: Types.ObjectId | null;
  ancestorIds: Types.ObjectId[];
  threadId: Types.ObjectId;
  depth: number;
  author: string;
  authorUrl?: string;
  avatarSeed: string;
  content: string;
  status: CommentStatus;
  reasons: Reason[];
  notifyReplies: boolean;
  byModerator?: boolean;
  /** How many ticketed changes (status, content, delete) the comment has had; see takeChangeTicket. */
  changeSeq?: number;
  emailSealed?: string;
  emailHash?: string;
  gravatarHash?: string;
  rawContent: string;
  request: { ip?: string; userAgent?: string; referrer?: string };
  authorTokenHash?: string;
  spamCheck?: SpamCheck;
  createdAt: Date;
  updatedAt: Date;
}

const reasonSchema = new Schema<Reason>({ code: String, message: String }, { _id: false });

const spamCheckSchema = new Schema<SpamCheck>(
  {
    state: { type: String, enum: ['due', 'done'], required: true },
    dueAt: { type: Date, required: true },
    slot: { type: Number, default: 0 },
    attempts: {
      type: [
        new Schema<SpamCheckAttempt>(
          {
            at: Date,
            outcome: { type: String, enum: SPAM_CHECK_OUTCOMES },
            durationMs: Number,
            detail: String,
            verdict: String,
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    attemptCount: { type: Number, default: 0 },
    firstQueuedAt: { type: Date, required: true },
    finishedAt: Date,
  },
  { _id: false },
);

const commentSchema = new Schema<CommentDocument>(
  {
    site: { type: String, required: true },
    pageId: { type: String, required: true },
    parentId: { type: Schema.Types.ObjectId, default: null },
    ancestorIds: { type: [Schema.Types.ObjectId], default: [] },
    threadId: { type: Schema.Types.ObjectId, required: true },
    depth: { type: Number, required: true },
    author: { type: String, default: '' },
    authorUrl: String,
    avatarSeed: { type: String, required: true },
    content: { type: String, required: true },
    status: { type: String, enum: COMMENT_STATUSES, required: true },
    reasons: { type: [reasonSchema], default: [] },
    notifyReplies: { type: Boolean, default: false },
    byModerator: Boolean,
    changeSeq: { type: Number, default: 0 },
    emailSealed: { type: String, select: false },
    emailHash: { type: String, select: false },
    gravatarHash: String,
    rawContent: { type: String, select: false },
    request: {
      type: new Schema({ ip: String, userAgent: String, referrer: String }, { _id: false }),
      select: false,
    },
    authorTokenHash: { type: String, select: false },
    spamCheck: { type: spamCheckSchema, select: false },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
// The public thread: top-level comments of a page by status, in time order.
commentSchema.index({ site: 1, pageId: 1, status: 1, depth: 1, createdAt: 1 });
// Replies of the top-level comments on one page of the thread.
commentSchema.index({ threadId: 1, status: 1, createdAt: 1 });
// A reader's own pending comments.
commentSchema.index({ site: 1, pageId: 1, authorTokenHash: 1 });
// Flood and duplicate checks.
commentSchema.index({ site: 1, 'request.ip': 1, createdAt: -1 });
commentSchema.index({ site: 1, emailHash: 1, createdAt: -1 });
// The spam-check queue: due checks in time order.
commentSchema.index({ 'spamCheck.state': 1, 'spamCheck.dueAt': 1 });
// The moderation queue: comments of a status on some sites, newest or oldest first.
commentSchema.index({ status: 1, site: 1, createdAt: -1, _id: -1 });
// Replies of one comment (a permanent delete refuses a comment that has any).
commentSchema.index({ parentId: 1 });

export const CommentModel = mongoose.model<CommentDocument>('Comment', commentSchema);

/**
 * FerretDB 1.x does not implement projections in findAndModify, and mongoose adds one for
 * every `select: false` field. Selecting those fields back makes the projection empty, so
 * findOneAndUpdate works on MongoDB and FerretDB alike. The private fields this brings
 * back never leave this module: `toComment` drops them.
 */
export const WITHOUT_PROJECTION = '+emailSealed +emailHash +rawContent +request +authorTokenHash +spamCheck';

export function toComment(doc: CommentDocument): Comment {
  return {
    id: doc._id.toHexString(),
    site: doc.site,
    pageId: doc.pageId,
    parentId: doc.parentId ? doc.parentId.toHexString() : null,
    ancestorIds: doc.ancestorIds.map((id) => id.toHexString()),
    threadId: doc.threadId.toHexString(),
    depth: doc.depth,
    author: doc.author,
    ...(doc.authorUrl && { authorUrl: doc.authorUrl }),
    avatarSeed: doc.avatarSeed,
    ...(doc.gravatarHash && { gravatarHash: doc.gravatarHash }),
    content: doc.content,
    status: doc.status,
    reasons: (doc.reasons ?? []).map(({ code, message }) => ({ code, message })),
    notifyReplies: doc.notifyReplies,
    ...(doc.byModerator && { byModerator: true }),
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

export function isObjectId(id: string): boolean {
  return /^[0-9a-f]{24}$/i.test(id);
}

export interface NewComment extends PrivateCommentData {
  id?: string;
  site: string;
  pageId: string;
  parent?: Pick<Comment, 'id' | 'ancestorIds' | 'threadId' | 'depth'>;
  author: string;
  authorUrl?: string;
  avatarSeed: string;
  content: string;
  status: CommentStatus;
  reasons: Reason[];
  notifyReplies: boolean;
  byModerator?: boolean;
  /** Absent for comments no reader holds a token for (moderators' replies). */
  authorTokenHash?: string;
  /** Set for every new pending comment: queues its spam check in the same write. */
  spamCheck?: SpamCheck;
  createdAt: Date;
}

export async function insertComment(input: NewComment): Promise<Comment> {
  const _id = input.id ? new Types.ObjectId(input.id) : new Types.ObjectId();
  const { parent, id: _ignored, ...fields } = input;
  const ancestorIds = parent ? [...parent.ancestorIds, parent.id] : [];
  const doc = await CommentModel.create({
    ...fields,
    _id,
    parentId: parent ? new Types.ObjectId(parent.id) : null,
    ancestorIds: ancestorIds.map((id) => new Types.ObjectId(id)),
    threadId: parent ? new Types.ObjectId(parent.threadId) : _id,
    depth: parent ? parent.depth + 1 : 0,
    updatedAt: input.createdAt,
  });
  return toComment(doc.toObject());
}

export async function findComment(id: string): Promise<Comment | undefined> {
  if (!isObjectId(id)) return undefined;
  const doc = await CommentModel.findById(id).lean<CommentDocument>();
  return doc ? toComment(doc) : undefined;
}

/** The most recent comment on a site from this IP or this email since `since`, if any. */
export async function findRecentFromSender(
  site: string,
  sender: { ip?: string; emailHash?: string },
  since: Date,
): Promise<Comment | undefined> {
  const senders = [
    ...(sender.ip ? [{ 'request.ip': sender.ip }] : []),
    ...(sender.emailHash ? [{ emailHash: sender.emailHash }] : []),
  ];
  if (senders.length === 0) return undefined;
  const doc = await CommentModel.findOne({ site, createdAt: { $gt: since }, $or: senders })
    .sort({ createdAt: -1 })
    .lean<CommentDocument>();
  return doc ? toComment(doc) : undefined;
}

export async function findDuplicate(match: {
  site: string;
  pageId: string;
  parentId: string | null;
  author: string;
  emailHash?: string;
  content: string;
}): Promise<Comment | undefined> {
  const doc = await CommentModel.findOne({
    site: match.site,
    pageId: match.pageId,
    emailHash: match.emailHash ?? { $exists: false },
    parentId: match.parentId ? new Types.ObjectId(match.parentId) : null,
    author: match.author,
    content: match.content,
    status: { $ne: 'trash' },
  }).lean<CommentDocument>();
  return doc ? toComment(doc) : undefined;
}

export async function listTopLevel(options: {
  site: string;
  pageId: string;
  status: CommentStatus;
  newestFirst: boolean;
  skip: number;
  limit: number;
}): Promise<Comment[]> {
  const direction = options.newestFirst ? -1 : 1;
  const docs = await CommentModel.find({
    site: options.site,
    pageId: options.pageId,
    status: options.status,
    depth: 0,
  })
    .sort({ createdAt: direction, _id: direction })
    .skip(options.skip)
    .limit(options.limit)
    .lean<CommentDocument[]>();
  return docs.map(toComment);
}

export async function listReplies(
  threadIds: string[],
  status: CommentStatus,
  limit: number,
): Promise<Comment[]> {
  if (threadIds.length === 0) return [];
  const docs = await CommentModel.find({
    threadId: { $in: threadIds.map((id) => new Types.ObjectId(id)) },
    status,
    depth: { $gt: 0 },
  })
    .sort({ createdAt: 1, _id: 1 })
    .limit(limit)
    .lean<CommentDocument[]>();
  return docs.map(toComment);
}

export async function listOwnPending(site: string, pageId: string, authorTokenHash: string, limit: number) {
  const docs = await CommentModel.find({ site, pageId, authorTokenHash, status: 'pending' })
    .sort({ createdAt: 1, _id: 1 })
    .limit(limit)
    .lean<CommentDocument[]>();
  return docs.map(toComment);
}

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

/**
 * Recounts a page's public thread after a comment entered it, left it or changed in it.
 * Counting, not $inc: on FerretDB 1.x concurrent updates of one page document can be lost,
 * and a count that raced another change is put right by the next change. The counts use
 * the thread index, so this is an index scan on the page's approved comments.
 */
export async function refreshPageThread(site: string, pageId: string): Promise<void> {
  const [approvedCount, approvedTopLevelCount] = await Promise.all([
    CommentModel.countDocuments({ site, pageId, status: 'approved' }),
    CommentModel.countDocuments({ site, pageId, status: 'approved', depth: 0 }),
  ]);
  await recordThreadCounts(site, pageId, { approvedCount, approvedTopLevelCount });
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

/** A comment with the sealed email and lookup hash of its author, for notification emails. */
export interface CommentContact {
  comment: Comment;
  emailSealed?: string;
  emailHash?: string;
}

export async function findCommentContact(id: string): Promise<CommentContact | undefined> {
  if (!isObjectId(id)) return undefined;
  const doc = await CommentModel.findById(id).select('+emailSealed +emailHash').lean<CommentDocument>();
  if (!doc) return undefined;
  return {
    comment: toComment(doc),
    ...(doc.emailSealed && { emailSealed: doc.emailSealed }),
    ...(doc.emailHash && { emailHash: doc.emailHash }),
  };
}

/** Turns reply emails off for one comment (its author unsubscribed). False when there is no such comment. */
export async function stopReplyNotifications(id: string): Promise<boolean> {
  if (!isObjectId(id)) return false;
  const result = await CommentModel.updateOne(
    { _id: new Types.ObjectId(id) },
    { $set: { notifyReplies: false } },
  );
  return result.matchedCount > 0;
}

/** Turns reply emails off for every comment by one email (by its lookup hash) on a site. */
export async function stopReplyNotificationsFrom(site: string, emailHash: string): Promise<number> {
  const result = await CommentModel.updateMany(
    { site, emailHash, notifyReplies: true },
    { $set: { notifyReplies: false } },
  );
  return result.modifiedCount;
}

/** How many comments there are in each status (for metrics). */
export async function countCommentsByStatus(): Promise<Record<CommentStatus, number>> {
  const rows = await CommentModel.aggregate<{ _id: CommentStatus; count: number }>([
    { $group: { _id: '$status', count: { $sum: 1 } } },
  ]);
  const counts = Object.fromEntries(COMMENT_STATUSES.map((status) => [status, 0])) as Record<
    CommentStatus,
    number
  >;
  for (const row of rows) if (row._id in counts) counts[row._id] = row.count;
  return counts;
}
