// The moderation audit log (collection `audit`): who did what to which comment, when, and
// from which status to which. Entries are only ever added; the one change is an erasure on
// request, which takes a deleted comment's earlier text out of its entries. Mongoose stays here.
import mongoose, { Schema, Types } from 'mongoose';
import type { CommentStatus } from '../comments/store/comment.types';
import { ignoringDuplicates } from '../db/duplicates';
import {
  AUDIT_ACTIONS,
  type AuditAction,
  type AuditDetail,
  LIST_AUDIT_ACTIONS,
  type ListAuditAction,
  PRIVACY_AUDIT_ACTIONS,
  type PrivacyAuditAction,
} from '../shared/audit';

export { AUDIT_ACTIONS, type AuditAction, type AuditDetail };

export interface AuditEntry {
  id: string;
  at: Date;
  /** The moderator or admin who acted (users._id). */
  userId: string;
  action: AuditAction;
  commentId: string;
  site: string;
  /** The status before the action; null when the comment did not exist yet (a reply). */
  from: CommentStatus | null;
  /** The status after the action; null when the comment no longer exists (a delete). */
  to: CommentStatus | null;
  detail?: AuditDetail;
}

/** An entry to store: under the id chosen for it beforehand (newAuditId), or a fresh one. */
export type NewAuditEntry = Omit<AuditEntry, 'id'> & { id?: string };

interface AuditDocument extends Omit<AuditEntry, 'id' | 'commentId'> {
  _id: Types.ObjectId;
  commentId: Types.ObjectId;
}

const auditSchema = new Schema<AuditDocument>(
  {
    at: { type: Date, required: true },
    userId: { type: String, required: true },
    action: {
      type: String,
      enum: [...AUDIT_ACTIONS, ...LIST_AUDIT_ACTIONS, ...PRIVACY_AUDIT_ACTIONS],
      required: true,
    },
    // Absent for a change to a block or trust list, and for a privacy request.
    commentId: { type: Schema.Types.ObjectId },
    site: { type: String, required: true },
    from: { type: String, default: null },
    to: { type: String, default: null },
    detail: Schema.Types.Mixed,
  },
  { versionKey: false },
);
// A comment's history, oldest first.
auditSchema.index({ commentId: 1, at: 1 });
// A site's recent moderation.
auditSchema.index({ site: 1, at: -1 });

export const AuditModel = mongoose.model<AuditDocument>('AuditEntry', auditSchema, 'audit');

function toAuditEntry(doc: AuditDocument): AuditEntry {
  return {
    id: doc._id.toHexString(),
    at: doc.at,
    userId: doc.userId,
    action: doc.action,
    commentId: doc.commentId.toHexString(),
    site: doc.site,
    from: doc.from ?? null,
    to: doc.to ?? null,
    ...(doc.detail && { detail: doc.detail }),
  };
}

/** An id for an entry not stored yet, so an action can refer to its entry before it exists. */
export function newAuditId(): string {
  return new Types.ObjectId().toHexString();
}

export async function insertAuditEntry(entry: NewAuditEntry): Promise<AuditEntry> {
  const { id, ...fields } = entry;
  const doc = await AuditModel.create({
    ...fields,
    ...(id && { _id: new Types.ObjectId(id) }),
    commentId: new Types.ObjectId(entry.commentId),
  });
  return toAuditEntry(doc.toObject());
}

/** Everything done to one comment, oldest first. */
export async function listCommentAudit(commentId: string): Promise<AuditEntry[]> {
  if (!Types.ObjectId.isValid(commentId)) return [];
  const docs = await AuditModel.find({ commentId: new Types.ObjectId(commentId) })
    .sort({ at: 1, _id: 1 })
    .lean<AuditDocument[]>();
  return docs.map(toAuditEntry);
}

/** The text an edit replaced, as erased comments' entries keep it instead of the text. */
export const ERASED_TEXT = '[erased]';

/**
 * Takes the earlier texts out of these comments' entries (deleted at their author's request:
 * src/privacy/); who did what and when stays. An admin path: it queries by commentId.
 */
export async function eraseAuditTexts(commentIds: string[]): Promise<void> {
  const ids = commentIds.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
  if (ids.length === 0) return;
  await AuditModel.updateMany(
    { commentId: { $in: ids }, 'detail.previousContent': { $exists: true } },
    { $set: { 'detail.previousContent': ERASED_TEXT } },
  );
}

/** A change to a site's block or trust list; no comment's history shows it. */
export interface ListAuditEntry {
  at: Date;
  /** The moderator or admin, or `cli` for the command line. */
  userId: string;
  action: ListAuditAction;
  site: string;
  detail: AuditDetail;
}

export async function insertListAuditEntry(entry: ListAuditEntry): Promise<void> {
  await AuditModel.collection.insertOne({ _id: new Types.ObjectId(), from: null, to: null, ...entry });
}

/** A site's list changes, newest first (for tests and the CLI). */
export async function listListAudit(site: string): Promise<ListAuditEntry[]> {
  const docs = await AuditModel.collection
    .find<ListAuditEntry>({ site, action: { $in: [...LIST_AUDIT_ACTIONS] } })
    .sort({ at: -1, _id: -1 })
    .toArray();
  return docs.map(({ at, userId, action, site: entrySite, detail }: ListAuditEntry) => ({
    at,
    userId,
    action,
    site: entrySite,
    detail,
  }));
}

/**
 * A commenter's data found or erased on request (src/privacy/). The detail holds the email's
 * HMAC, never the address; `site` is the one asked for, or `*` for every site.
 */
export interface PrivacyAuditEntry {
  at: Date;
  /** The admin, or `cli` for the command line. */
  userId: string;
  action: PrivacyAuditAction;
  site: string;
  detail: AuditDetail;
}

export async function insertPrivacyAuditEntry(entry: PrivacyAuditEntry): Promise<void> {
  await AuditModel.collection.insertOne({ _id: new Types.ObjectId(), from: null, to: null, ...entry });
}

/** Privacy requests, newest first (for tests and the CLI). */
export async function listPrivacyAudit(): Promise<PrivacyAuditEntry[]> {
  const docs = await AuditModel.collection
    .find<PrivacyAuditEntry>({ action: { $in: [...PRIVACY_AUDIT_ACTIONS] } })
    .sort({ at: -1, _id: -1 })
    .toArray();
  return docs.map(({ at, userId, action, site, detail }: PrivacyAuditEntry) => ({
    at,
    userId,
    action,
    site,
    detail,
  }));
}

/** Any entry of a site's log as stored: a comment's (with commentId), a list change's or a privacy request's. */
export interface StoredAuditEntry extends Omit<AuditEntry, 'commentId' | 'action'> {
  action: AuditAction | ListAuditAction | PrivacyAuditAction;
  commentId?: string;
}

/** A site's whole log one entry at a time, for a backup (src/backup/). */
export async function* streamSiteAudit(site: string): AsyncGenerator<StoredAuditEntry> {
  for await (const raw of AuditModel.find({ site }).lean<AuditDocument>().cursor({ batchSize: 500 })) {
    const doc = raw as unknown as AuditDocument;
    yield {
      id: doc._id.toHexString(),
      at: doc.at,
      userId: doc.userId,
      action: doc.action,
      ...(doc.commentId && { commentId: doc.commentId.toHexString() }),
      site: doc.site,
      from: doc.from ?? null,
      to: doc.to ?? null,
      ...(doc.detail !== undefined && { detail: doc.detail }),
    };
  }
}

/** Restores entries under their ids, written as the log wrote them. */
export async function insertRestoredAudit(entries: StoredAuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await ignoringDuplicates(
    AuditModel.collection.insertMany(
      entries.map(({ id, commentId, ...fields }) => ({
        _id: new Types.ObjectId(id),
        ...fields,
        ...(commentId && { commentId: new Types.ObjectId(commentId) }),
      })),
      { ordered: false },
    ),
  );
}
