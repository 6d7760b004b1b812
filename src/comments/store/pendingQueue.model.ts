// The moderation queue: one small record per pending comment, so the moderators' Pending
// tab reads a collection that holds only what waits for them, not every comment ever stored.
// A record is written before its comment becomes pending and deleted after it stops being
// pending, so every pending comment has one; a leftover record (a crash in between) is
// dropped the next time a listing finds its comment decided.
import mongoose, { Schema } from 'mongoose';

interface PendingDocument {
  _id: string;
  site: string;
  pageId: string;
  author: string;
  /** The comment as readers would see it, for the moderators' search. */
  content: string;
  emailHash?: string;
  createdAt: Date;
}

const pendingSchema = new Schema<PendingDocument>(
  {
    _id: { type: String, required: true },
    site: { type: String, required: true },
    pageId: { type: String, required: true },
    author: { type: String, default: '' },
    content: { type: String, default: '' },
    emailHash: String,
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
pendingSchema.index({ site: 1, createdAt: -1, _id: -1 });

export const PendingCommentModel = mongoose.model<PendingDocument>(
  'PendingComment',
  pendingSchema,
  'pending_comments',
);

export interface PendingRecord {
  id: string;
  site: string;
  pageId: string;
  author: string;
  content: string;
  emailHash?: string;
  createdAt: Date;
}

/** Records a comment as waiting for moderators; a record that exists already is kept. */
export async function recordPending(record: PendingRecord): Promise<void> {
  const { id, ...fields } = record;
  try {
    await PendingCommentModel.create({ _id: id, ...fields });
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
  }
}

export async function removePending(id: string): Promise<void> {
  await PendingCommentModel.deleteOne({ _id: id });
}

/** Removes who wrote a pending comment from its record (its author was erased: src/privacy/). */
export async function anonymizePendingRecord(id: string, author: string): Promise<void> {
  await PendingCommentModel.updateOne({ _id: id }, { $set: { author }, $unset: { emailHash: 1 } });
}

export async function updatePendingContent(id: string, content: string): Promise<void> {
  await PendingCommentModel.updateOne({ _id: id }, { $set: { content } });
}

/**
 * Ids of pending records matching a moderation filter, in its order. The filter uses the
 * comments' own field names (site, pageId, author, content, emailHash, createdAt, _id).
 */
export async function listPendingIds(
  filter: Record<string, unknown>,
  sort: Record<string, 1 | -1>,
  limit: number,
): Promise<string[]> {
  const docs = await PendingCommentModel.find(filter).sort(sort).limit(limit).select('_id').lean();
  return docs.map((doc) => String(doc._id));
}

/** How many comments wait for moderators on each site; sites undefined means every site. */
export async function countPendingBySite(sites: string[] | undefined): Promise<Map<string, number>> {
  const rows = await PendingCommentModel.aggregate<{ _id: string; count: number }>([
    { $match: sites ? { site: { $in: sites } } : {} },
    { $group: { _id: '$site', count: { $sum: 1 } } },
  ]);
  return new Map(rows.map((row) => [row._id, row.count]));
}
