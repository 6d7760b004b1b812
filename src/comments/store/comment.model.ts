// The comments collection: its schema and indexes. Only src/comments/store imports this
// file; everyone else calls the store's functions and gets plain `Comment` objects. Private
// fields (email, request data, token hashes) are `select: false`, so they are only read by
// the functions that name them.
import mongoose, { Schema, Types } from 'mongoose';
import {
  COMMENT_STATUSES,
  type Comment,
  type CommentStatus,
  type CommentVersion,
  type NewComment,
  type Reason,
  SPAM_CHECK_OUTCOMES,
  type SpamCheck,
  type SpamCheckAttempt,
} from './comment.types';

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
  /** The post's duplicate guard (src/comments/guards.model.ts), freed when the comment is trashed. */
  duplicateGuard?: string;
  spamCheck?: SpamCheck;
  editedAt?: Date;
  /** Earlier texts, oldest first (moderators only). */
  history?: CommentVersion[];
  createdAt: Date;
  updatedAt: Date;
}

const reasonSchema = new Schema<Reason>({ code: String, message: String }, { _id: false });

const spamCheckSchema = new Schema<SpamCheck>(
  {
    state: { type: String, enum: ['due', 'done'], required: true },
    dueAt: { type: Date, required: true },
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
    round: Number,
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
    duplicateGuard: { type: String, select: false },
    spamCheck: { type: spamCheckSchema, select: false },
    editedAt: Date,
    history: {
      type: [
        new Schema<CommentVersion>(
          { content: String, writtenAt: Date, replacedAt: Date, by: String },
          { _id: false },
        ),
      ],
      select: false,
      default: undefined,
    },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
// Public requests read comments by _id only. These indexes serve MongoDB on the paths that
// query: rebuilding a page's thread from its approved comments (repair, migration), the
// moderators' history tabs and search, and the checks that a commenter still has an
// approved comment.
commentSchema.index({ site: 1, pageId: 1, status: 1, createdAt: 1 });
commentSchema.index({ status: 1, site: 1, createdAt: -1, _id: -1 });
commentSchema.index({ site: 1, emailHash: 1, createdAt: -1 });
// Replies of one comment (a permanent delete refuses a comment that has any).
commentSchema.index({ parentId: 1 });

export const CommentModel = mongoose.model<CommentDocument>('Comment', commentSchema);

/**
 * FerretDB 1.x does not implement projections in findAndModify, and mongoose adds one for
 * every `select: false` field. Selecting those fields back makes the projection empty, so
 * findOneAndUpdate works on MongoDB and FerretDB alike. The private fields this brings
 * back never leave this module: `toComment` drops them.
 */
export const WITHOUT_PROJECTION =
  '+emailSealed +emailHash +rawContent +request +authorTokenHash +duplicateGuard +spamCheck +history';

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
    ...(doc.editedAt && { editedAt: doc.editedAt }),
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

/** The document a new comment is stored as (see storeNewComment in comment.changes.ts). */
export function newCommentDocument(input: NewComment): CommentDocument {
  const _id = input.id ? new Types.ObjectId(input.id) : new Types.ObjectId();
  const { parent, id: _ignored, ...fields } = input;
  const ancestorIds = parent ? [...parent.ancestorIds, parent.id] : [];
  return {
    ...fields,
    _id,
    parentId: parent ? new Types.ObjectId(parent.id) : null,
    ancestorIds: ancestorIds.map((id) => new Types.ObjectId(id)),
    threadId: parent ? new Types.ObjectId(parent.threadId) : _id,
    depth: parent ? parent.depth + 1 : 0,
    changeSeq: 0,
    updatedAt: input.createdAt,
  };
}

export async function insertCommentDocument(doc: CommentDocument): Promise<Comment> {
  const created = await CommentModel.create(doc);
  return toComment(created.toObject());
}
