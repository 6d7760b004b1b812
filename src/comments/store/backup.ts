// A site's comments as a backup holds them (src/backup/): read with a cursor, every private
// field included, and written back in batches with the records kept beside a comment's status
// (the moderation queue, approved authors). Admin paths only: these query by site.
import { Types } from 'mongoose';
import { ignoringDuplicates } from '../../db/duplicates';
import { ApprovedAuthorModel, approvedAuthorKey } from './approvedAuthors.model';
import { pendingRecordOf } from './changes';
import { type CommentDocument, CommentModel, toComment, WITHOUT_PROJECTION } from './comment.model';
import type { Comment, CommentVersion, Reason, SpamCheck } from './comment.types';
import { PendingCommentModel } from './pendingQueue.model';

/** Documents per round trip: the driver would otherwise fetch up to 16 MB at a time. */
const CURSOR_BATCH = 500;

/** A stored comment with everything it holds, ids as hex strings, without its site. */
export interface StoredComment {
  id: string;
  pageId: string;
  parentId: string | null;
  ancestorIds: string[];
  threadId: string;
  depth: number;
  author: string;
  authorUrl?: string;
  avatarSeed: string;
  content: string;
  rawContent: string;
  status: CommentDocument['status'];
  reasons: Reason[];
  notifyReplies: boolean;
  byModerator?: boolean;
  changeSeq: number;
  emailSealed?: string;
  emailHash?: string;
  gravatarHash?: string;
  request: { ip?: string; userAgent?: string; referrer?: string };
  authorTokenHash?: string;
  spamCheck?: SpamCheck;
  editedAt?: Date;
  history?: CommentVersion[];
  createdAt: Date;
  updatedAt: Date;
}

function toStored(doc: CommentDocument): StoredComment {
  const { _id, site: _site, parentId, ancestorIds, threadId, duplicateGuard: _guard, ...fields } = doc;
  return {
    ...fields,
    id: _id.toHexString(),
    parentId: parentId ? parentId.toHexString() : null,
    ancestorIds: ancestorIds.map((id) => id.toHexString()),
    threadId: threadId.toHexString(),
    changeSeq: doc.changeSeq ?? 0,
    rawContent: doc.rawContent ?? doc.content,
    request: doc.request ?? {},
  };
}

/** Every comment of a site, private fields too, one at a time (no sort: FerretDB would read all first). */
export async function* streamSiteComments(site: string): AsyncGenerator<StoredComment> {
  const cursor = CommentModel.find({ site })
    .select(WITHOUT_PROJECTION)
    .lean<CommentDocument>()
    .cursor({ batchSize: CURSOR_BATCH });
  for await (const doc of cursor) yield toStored(doc as unknown as CommentDocument);
}

export async function siteHasComments(site: string): Promise<boolean> {
  return (await CommentModel.exists({ site })) !== null;
}

/** True when a comment with this id is stored already (on any site). */
export async function commentIdExists(id: string): Promise<boolean> {
  return (await CommentModel.exists({ _id: new Types.ObjectId(id) })) !== null;
}

function toDocument(site: string, comment: StoredComment): CommentDocument {
  const { id, parentId, ancestorIds, threadId, ...fields } = comment;
  return {
    ...fields,
    site,
    _id: new Types.ObjectId(id),
    parentId: parentId ? new Types.ObjectId(parentId) : null,
    ancestorIds: ancestorIds.map((ancestor) => new Types.ObjectId(ancestor)),
    threadId: new Types.ObjectId(threadId),
  };
}

/**
 * Stores restored comments as they were, with their moderation-queue and approved-author
 * records; no spam check, event or thread sync (the restore rebuilds the threads after).
 * Pending records go first, as for any comment that becomes pending. Documents stored
 * already (a restore run again after it stopped) are kept as they are.
 */
export async function insertRestoredComments(site: string, comments: StoredComment[], now: Date) {
  const docs = comments.map((comment) => toDocument(site, comment));
  const pending = docs.filter((doc) => doc.status === 'pending').map((doc) => pendingRecordOf(doc));
  if (pending.length > 0) {
    await ignoringDuplicates(
      PendingCommentModel.insertMany(
        pending.map(({ id, ...fields }) => ({ _id: id, ...fields })),
        { ordered: false },
      ),
    );
  }
  await ignoringDuplicates(CommentModel.insertMany(docs, { ordered: false }));
  const authors = new Set(
    docs.filter((doc) => doc.status === 'approved' && doc.emailHash).map((doc) => doc.emailHash as string),
  );
  await recordApprovedAuthors(site, [...authors], now);
}

/** Approved-author records in one round trip; those that exist already (an earlier batch's) stay. */
async function recordApprovedAuthors(site: string, emailHashes: string[], at: Date): Promise<void> {
  if (emailHashes.length === 0) return;
  await ignoringDuplicates(
    ApprovedAuthorModel.insertMany(
      emailHashes.map((emailHash) => ({ _id: approvedAuthorKey(site, emailHash), at })),
      { ordered: false },
    ),
  );
}

/**
 * Every comment of a site, page by page and oldest first within a page (the WordPress
 * export). On MongoDB the sort may spill to disk; FerretDB sorts in its own process.
 */
export async function* streamSiteCommentsByPage(site: string): AsyncGenerator<StoredComment> {
  const cursor = CommentModel.find({ site })
    .select(WITHOUT_PROJECTION)
    .sort({ pageId: 1, createdAt: 1, _id: 1 })
    .allowDiskUse(true)
    .lean<CommentDocument>()
    .cursor({ batchSize: CURSOR_BATCH });
  for await (const doc of cursor) yield toStored(doc as unknown as CommentDocument);
}

/**
 * A site's approved comments, one page at a time, in one sorted read rather than a query per
 * page (FerretDB reads the whole collection for each): what a restore rebuilds threads from.
 */
export async function* approvedCommentsByPage(
  site: string,
): AsyncGenerator<{ pageId: string; approved: Comment[] }> {
  const cursor = CommentModel.find({ site, status: 'approved' })
    .sort({ pageId: 1, createdAt: 1, _id: 1 })
    .allowDiskUse(true)
    .lean<CommentDocument>()
    .cursor({ batchSize: CURSOR_BATCH });
  let page: { pageId: string; approved: Comment[] } | undefined;
  for await (const raw of cursor) {
    const comment = toComment(raw as unknown as CommentDocument);
    if (page && page.pageId !== comment.pageId) {
      yield page;
      page = undefined;
    }
    page ??= { pageId: comment.pageId, approved: [] };
    page.approved.push(comment);
  }
  if (page) yield page;
}
