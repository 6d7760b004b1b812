// The moderators' reads of comments: the queue with its filters and cursor, counts by
// status, and one comment with its private data. Mongoose stays here and in
// src/comments/comment.model.ts; callers get plain objects.
import { Types } from 'mongoose';
import {
  type Comment,
  type CommentDocument,
  CommentModel,
  type CommentStatus,
  isObjectId,
  type SpamCheckAttempt,
  toComment,
} from '../comments/comment.model';
import type { ListCursor, ListSort } from './cursor';

/** Where a comment stands in the spam-check queue, as a card shows it. */
export interface SpamCheckSummary {
  state: string;
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

export async function listModeratedComments(query: ModerationQuery): Promise<ModeratedComment[]> {
  const direction = query.sort === 'newest' ? -1 : 1;
  const beyond = direction === -1 ? '$lt' : '$gt';
  const conditions: Record<string, unknown>[] = [{ status: query.status }];
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
      $or: [{ createdAt: { [beyond]: createdAt } }, { createdAt, _id: { [beyond]: new Types.ObjectId(id) } }],
    });
  }
  const docs = await CommentModel.find(conditions.length === 1 ? conditions[0] : { $and: conditions })
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

/** The comments with these ids that exist (in no particular order). */
export async function findCommentsByIds(ids: string[]): Promise<Comment[]> {
  const valid = ids.filter(isObjectId);
  if (valid.length === 0) return [];
  const docs = await CommentModel.find({ _id: { $in: valid.map((id) => new Types.ObjectId(id)) } }).lean<
    CommentDocument[]
  >();
  return docs.map(toComment);
}

/** How many comments each site has in each status; sites undefined means every site. */
export async function countCommentsBySiteAndStatus(
  sites: string[] | undefined,
): Promise<Array<{ site: string; status: CommentStatus; count: number }>> {
  const rows = await CommentModel.aggregate<{ _id: { site: string; status: CommentStatus }; count: number }>([
    { $match: sites ? { site: { $in: sites } } : {} },
    { $group: { _id: { site: '$site', status: '$status' }, count: { $sum: 1 } } },
  ]);
  return rows.map((row) => ({ site: row._id.site, status: row._id.status, count: row.count }));
}
