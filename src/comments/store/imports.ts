// Storing comments brought in from another system (src/imports/) in batches, with what their
// status brings, but none of a post's side effects: no spam-check item (the worker never sees
// them), no event, so no email and no webhook. Ids are chosen by the importer from the source's
// ids, so a comment imported before is a duplicate key here, counted and left as it is.
//
// Write order, as for a post: a pending comment's moderation-queue record before the comment;
// approved authors after it. The caller brings the page threads up to date afterwards.
import { ApprovedAuthorModel } from './approvedAuthors.model';
import { pendingRecordOf } from './changes';
import { CommentModel, newCommentDocument, toComment } from './comment.model';
import type { Comment, NewComment } from './comment.types';
import { PendingCommentModel } from './pendingQueue.model';

const DUPLICATE_KEY = 11000;

interface WriteErrorLike {
  code?: number;
  index?: number;
  err?: { code?: number; index?: number };
}

/** Indexes of the documents a duplicate key refused; throws anything else. */
function duplicateIndexes(error: unknown): Set<number> {
  const writeErrors = (error as { writeErrors?: WriteErrorLike | WriteErrorLike[] }).writeErrors;
  const code = (error as { code?: number }).code;
  if (!writeErrors) {
    if (code === DUPLICATE_KEY) return new Set([0]);
    throw error;
  }
  const list = Array.isArray(writeErrors) ? writeErrors : [writeErrors];
  const indexes = new Set<number>();
  for (const entry of list) {
    const entryCode = entry.code ?? entry.err?.code;
    if (entryCode !== DUPLICATE_KEY) throw error;
    indexes.add(entry.index ?? entry.err?.index ?? -1);
  }
  return indexes;
}

/** Inserts all it can; answers the indexes of those that existed already. */
async function insertAll(collection: typeof CommentModel.collection, docs: object[]): Promise<Set<number>> {
  if (docs.length === 0) return new Set();
  try {
    await collection.insertMany(docs as never[], { ordered: false });
    return new Set();
  } catch (error) {
    return duplicateIndexes(error);
  }
}

/** The document without undefined fields (the driver would store them as null). */
function defined<T extends object>(doc: T): T {
  return Object.fromEntries(Object.entries(doc).filter(([, value]) => value !== undefined)) as T;
}

export interface ImportedBatch {
  /** The comments stored now. */
  inserted: Comment[];
  /** Those an earlier import stored (same ids), as this batch describes them. */
  existing: Array<Pick<Comment, 'id' | 'pageId' | 'threadId' | 'createdAt'>>;
}

/** Stores a batch of imported comments, each with its id set; see the file's comment. */
export async function storeImportedComments(comments: NewComment[]): Promise<ImportedBatch> {
  const docs = comments.map(newCommentDocument);
  const pending = docs.filter((doc) => doc.status === 'pending');
  const records = pending.map((doc) => {
    const { id, ...fields } = pendingRecordOf(doc);
    return { _id: id, ...fields };
  });
  const recordsExisting = await insertAll(PendingCommentModel.collection, records.map(defined));
  const existing = await insertAll(
    CommentModel.collection,
    docs.map((doc) => defined({ ...doc, request: defined(doc.request) })),
  );
  // A comment imported before keeps whatever moderators made of it: a queue record written
  // just now for it goes again (one that was there already is its own).
  const existingIds = new Set([...existing].map((index) => docs[index]?._id.toHexString()));
  const strayRecords = records.filter(
    (record, index) => existingIds.has(record._id) && !recordsExisting.has(index),
  );
  if (strayRecords.length > 0) {
    await PendingCommentModel.deleteMany({ _id: { $in: strayRecords.map((record) => record._id) } });
  }
  const stored = docs.filter((_doc, index) => !existing.has(index));
  const authors = new Map<string, Date>();
  for (const doc of stored) {
    if (doc.status === 'approved' && doc.emailHash)
      authors.set(`${doc.site}:${doc.emailHash}`, doc.createdAt);
  }
  await insertAll(
    ApprovedAuthorModel.collection,
    [...authors].map(([_id, at]) => ({ _id, at })),
  );
  const before = docs.filter((_doc, index) => existing.has(index));
  return {
    inserted: stored.map(toComment),
    existing: before.map(({ _id, pageId, threadId, createdAt }) => ({
      id: _id.toHexString(),
      pageId,
      threadId: threadId.toHexString(),
      createdAt,
    })),
  };
}
