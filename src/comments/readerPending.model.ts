// A reader's own comments on a page that may still be pending, found by their author token
// without querying the comments: one record per site, page and token hash, holding the ids of
// their latest comments there. A read shows those still pending; the rest are skipped.
import { createHash } from 'node:crypto';
import mongoose, { Schema } from 'mongoose';

/** Ids kept per reader and page: the newest ones. */
export const MAX_OWN_PENDING = 50;

interface ReaderPendingDocument {
  _id: string;
  commentIds: string[];
}

export const ReaderPendingModel = mongoose.model<ReaderPendingDocument>(
  'ReaderPending',
  new Schema<ReaderPendingDocument>(
    { _id: { type: String, required: true }, commentIds: { type: [String], default: [] } },
    { versionKey: false },
  ),
  'reader_pending',
);

function readerKey(site: string, pageId: string, authorTokenHash: string): string {
  return createHash('sha256')
    .update(JSON.stringify([site, pageId, authorTokenHash]))
    .digest('base64url');
}

export async function rememberReaderComment(
  site: string,
  pageId: string,
  authorTokenHash: string,
  commentId: string,
): Promise<void> {
  const _id = readerKey(site, pageId, authorTokenHash);
  const update = { $push: { commentIds: { $each: [commentId], $slice: -MAX_OWN_PENDING } } };
  try {
    await ReaderPendingModel.updateOne({ _id }, update, { upsert: true });
  } catch (error) {
    // Two first comments of one reader at once: the second one updates what the first made.
    if ((error as { code?: number }).code !== 11000) throw error;
    await ReaderPendingModel.updateOne({ _id }, update);
  }
}

export async function findReaderCommentIds(
  site: string,
  pageId: string,
  authorTokenHash: string,
): Promise<string[]> {
  const doc = await ReaderPendingModel.findById(
    readerKey(site, pageId, authorTokenHash),
  ).lean<ReaderPendingDocument>();
  return doc?.commentIds ?? [];
}

/**
 * Takes these comments out of every reader's list (their author was erased: src/privacy/).
 * An admin path: it reads the records that hold them, then writes each by _id.
 */
export async function forgetReaderComments(commentIds: string[]): Promise<void> {
  if (commentIds.length === 0) return;
  const erased = new Set(commentIds);
  const docs = await ReaderPendingModel.find({ commentIds: { $in: commentIds } }).lean<
    ReaderPendingDocument[]
  >();
  for (const doc of docs) {
    const kept = doc.commentIds.filter((id) => !erased.has(id));
    if (kept.length === 0) await ReaderPendingModel.deleteOne({ _id: doc._id });
    else await ReaderPendingModel.updateOne({ _id: doc._id }, { $set: { commentIds: kept } });
  }
}
