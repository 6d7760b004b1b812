// What notifications read of comments: the author's sealed contact and the reply-email
// opt-outs.
import mongoose, { Schema, Types } from 'mongoose';
import { type CommentDocument, CommentModel, toComment } from './comment.model';
import { type Comment, isObjectId } from './comment.types';

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

/**
 * "No more reply emails for any of my comments on this site": one record per site and email
 * lookup hash, kept by _id, rather than an update of every comment by that address (which
 * FerretDB would answer by reading the whole collection, from a public link).
 */
interface ReplyOptOutDocument {
  _id: string;
  at: Date;
}

export const ReplyOptOutModel = mongoose.model<ReplyOptOutDocument>(
  'ReplyOptOut',
  new Schema<ReplyOptOutDocument>(
    { _id: { type: String, required: true }, at: { type: Date, required: true } },
    { versionKey: false },
  ),
  'reply_optouts',
);

const optOutKey = (site: string, emailHash: string) => `${site}:${emailHash}`;

export async function stopReplyNotificationsFrom(site: string, emailHash: string, at: Date): Promise<void> {
  await ReplyOptOutModel.replaceOne({ _id: optOutKey(site, emailHash) }, { at }, { upsert: true });
}

/** When this address asked for no more reply emails on the site, if it did. */
export async function findReplyOptOut(site: string, emailHash: string): Promise<Date | undefined> {
  const doc = await ReplyOptOutModel.findById(optOutKey(site, emailHash)).lean<ReplyOptOutDocument>();
  return doc?.at;
}
