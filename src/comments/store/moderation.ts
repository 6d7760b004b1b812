// The moderators' reads of comments: the queue with its filters and cursor, counts by
// status, and one comment with its private data; callers (src/moderation) get plain objects.
//
// The Pending tab reads the moderation queue (src/comments/pendingQueue.model.ts), which
// holds only what waits for a moderator, then the comments themselves by _id. The history
// tabs (approved, spam, trash) query the comments; on MongoDB they run on the indexes in
// comment.model.ts, while FerretDB 1.x reads the whole collection for them.
import { Types } from 'mongoose';
import type { ListCursor, ListSort } from '../../moderation/cursor';
import { type CommentDocument, CommentModel, toComment } from './comment.model';
import {
  type Comment,
  type CommentStatus,
  type CommentVersion,
  isObjectId,
  type SpamCheckAttempt,
} from './comment.types';
import { countPendingBySite, listPendingIds, removePending } from './pendingQueue.model';
import { findCommentsById } from './reads';

/** Where a comment stands in the spam-check queue, as a card shows it. */
export interface SpamCheckSummary {
  state: 'due' | 'done';
  dueAt?: Date;
  attemptCount: number;
  lastAttempt?: Pick<SpamCheckAttempt, 'at' | 'outcome' | 'detail'>;
}

/** A comment with what only moderators see. */
export interface ModeratedComment {
  comment: Comment;
  emailSealed?: string;
  rawContent: string;
  request: { ip?: string; userAgent?: string; referrer?: string };
  spamCheck?: SpamCheckSummary;
}

const PRIVATE_FIELDS = '+emailSealed +rawContent +request +spamCheck';

function toModerated(doc: CommentDocument): ModeratedComment {
  const check = doc.spamCheck;
  const last = check?.attempts?.at(-1);
  return {
    comment: toComment(doc),
    ...(doc.emailSealed && { emailSealed: doc.emailSealed }),
    rawContent: doc.rawContent ?? doc.content,
    request: {
      ...(doc.request?.ip && { ip: doc.request.ip }),
      ...(doc.request?.userAgent && { userAgent: doc.request.userAgent }),
      ...(doc.request?.referrer && { referrer: doc.request.referrer }),
    },
    ...(check && {
      spamCheck: {
        state: check.state,
        ...(check.state === 'due' && { dueAt: check.dueAt }),
        attemptCount: check.attemptCount ?? check.attempts?.length ?? 0,
        ...(last && {
          lastAttempt: { at: last.at, outcome: last.outcome, ...(last.detail && { detail: last.detail }) },
        }),
      },
    }),
  };
}

export interface ModerationQuery {
  status: CommentStatus;
  /** Only these sites; undefined means every site. */
  sites?: string[];
  pageId?: string;
  /** Matches content or author (a regular expression, already escaped), or the exact email. */
  search?: { pattern: string; emailHash?: string };
  sort: ListSort;
  after?: ListCursor;
  limit: number;
}

function moderationFilter(query: ModerationQuery, idOf: (id: string) => unknown): Record<string, unknown> {
  const direction = query.sort === 'newest' ? -1 : 1;
  const beyond = direction === -1 ? '$lt' : '$gt';
  const conditions: Record<string, unknown>[] = [];
  if (query.sites) conditions.push({ site: { $in: query.sites } });
  if (query.pageId !== undefined) conditions.push({ pageId: query.pageId });
  if (query.search) {
    const regex = { $regex: query.search.pattern, $options: 'i' };
    conditions.push({
      $or: [
        { content: regex },
        { author: regex },
        ...(query.search.emailHash ? [{ emailHash: query.search.emailHash }] : []),
      ],
    });
  }
  if (query.after) {
    const { createdAt, id } = query.after;
    conditions.push({
      $or: [{ createdAt: { [beyond]: createdAt } }, { createdAt, _id: { [beyond]: idOf(id) } }],
    });
  }
  if (conditions.length === 0) return {};
  return conditions.length === 1 ? (conditions[0] as Record<string, unknown>) : { $and: conditions };
}

/** The pending comments matching the query, from the moderation queue, then each by _id. */
async function listPending(query: ModerationQuery): Promise<ModeratedComment[]> {
  const direction = query.sort === 'newest' ? -1 : 1;
  const ids = await listPendingIds(
    moderationFilter(query, (id) => id),
    { createdAt: direction, _id: direction },
    query.limit,
  );
  const found = await Promise.all(ids.map(findModeratedComment));
  const listed: ModeratedComment[] = [];
  for (const [i, moderated] of found.entries()) {
    if (moderated?.comment.status === 'pending') listed.push(moderated);
    // Left by a change that stopped halfway (see changes.ts): the comment moved on.
    else await removePending(ids[i] as string);
  }
  return listed;
}

export async function listModeratedComments(query: ModerationQuery): Promise<ModeratedComment[]> {
  if (query.status === 'pending') return listPending(query);
  const direction = query.sort === 'newest' ? -1 : 1;
  const filter = moderationFilter(query, (id) => new Types.ObjectId(id));
  const docs = await CommentModel.find({ ...filter, status: query.status })
    .sort({ createdAt: direction, _id: direction })
    .limit(query.limit)
    .select(PRIVATE_FIELDS)
    .lean<CommentDocument[]>();
  return docs.map(toModerated);
}

export async function findModeratedComment(id: string): Promise<ModeratedComment | undefined> {
  if (!isObjectId(id)) return undefined;
  const doc = await CommentModel.findById(id).select(PRIVATE_FIELDS).lean<CommentDocument>();
  return doc ? toModerated(doc) : undefined;
}

/** A comment's earlier texts, oldest first (moderators only: never public). */
export async function findCommentHistory(id: string): Promise<CommentVersion[]> {
  if (!isObjectId(id)) return [];
  const doc = await CommentModel.findById(id).select('+history').lean<CommentDocument>();
  return (doc?.history ?? []).map(({ content, writtenAt, replacedAt, by }) => ({
    content,
    writtenAt,
    replacedAt,
    by,
  }));
}

/** The comments with these ids that exist, each looked up by _id. */
export async function findCommentsByIds(ids: string[]): Promise<Comment[]> {
  return findCommentsById(ids.filter(isObjectId));
}

/** How many comments each site has in each status; sites undefined means every site. */
export async function countCommentsBySiteAndStatus(
  sites: string[] | undefined,
): Promise<Array<{ site: string; status: CommentStatus; count: number }>> {
  const [rows, pending] = await Promise.all([
    CommentModel.aggregate<{ _id: { site: string; status: CommentStatus }; count: number }>([
      { $match: { status: { $ne: 'pending' }, ...(sites && { site: { $in: sites } }) } },
      { $group: { _id: { site: '$site', status: '$status' }, count: { $sum: 1 } } },
    ]),
    countPendingBySite(sites),
  ]);
  return [
    ...rows.map((row) => ({ site: row._id.site, status: row._id.status, count: row.count })),
    ...[...pending].map(([site, count]) => ({ site, status: 'pending' as const, count })),
  ];
}
