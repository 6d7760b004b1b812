// Reading comments: by _id on public paths, and by query only where the caller is a
// moderator, an admin or a rebuild bounded by one page.
import { Types } from 'mongoose';
import { type CommentDocument, CommentModel, toComment } from './comment.model';
import { COMMENT_STATUSES, type Comment, type CommentStatus, isObjectId } from './comment.types';

export async function findComment(id: string): Promise<Comment | undefined> {
  if (!isObjectId(id)) return undefined;
  const doc = await CommentModel.findById(id).lean<CommentDocument>();
  return doc ? toComment(doc) : undefined;
}

/** Comments by id, each looked up by _id (FerretDB reads a whole collection for $in). */
export async function findCommentsById(ids: string[]): Promise<Comment[]> {
  const found = await Promise.all(ids.map(findComment));
  return found.filter((comment): comment is Comment => comment !== undefined);
}

/** Every approved comment of a page (thread rebuilds: admin and start-up paths only). */
export async function listApprovedOnPage(site: string, pageId: string): Promise<Comment[]> {
  const docs = await CommentModel.find({ site, pageId, status: 'approved' })
    .sort({ createdAt: 1, _id: 1 })
    .lean<CommentDocument[]>();
  return docs.map(toComment);
}

/** True when the email has an approved comment on the site (moderation paths only). */
export async function hasApprovedCommentFrom(site: string, emailHash: string): Promise<boolean> {
  return (await CommentModel.exists({ site, emailHash, status: 'approved' })) !== null;
}

/** How many comments answer this one directly, whatever their status. */
export async function countReplies(id: string): Promise<number> {
  if (!isObjectId(id)) return 0;
  return CommentModel.countDocuments({ parentId: new Types.ObjectId(id) });
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
