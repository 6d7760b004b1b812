// Comments, stored. Mongoose stays in this file: callers get plain `Comment` objects, and
// private fields (email, request data, token hashes) are `select: false`, so they are only
// read by the functions that name them.
import mongoose, { Schema, Types } from 'mongoose';

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
