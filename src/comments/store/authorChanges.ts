// What a comment's author may do to it with their author token: edit its text or delete it.
// Both are ticketed changes like a moderator's (./changes.ts), but on a public path: every read
// and write here is by _id or an insert, so the approved-author bookkeeping that queries by
// email (forgetApprovedAuthor) is left out: an author who once had an approved comment stays
// known as one.
import { releaseDuplicateGuard } from '../guards.model';
import {
  earlierVersion,
  isPublicStatusChange,
  pendingRecordOf,
  ticketedRead,
  withThreadSync,
} from './changes';
import { type CommentDocument, CommentModel, toComment, WITHOUT_PROJECTION } from './comment.model';
import { type Comment, type CommentStatus, isObjectId, type Reason, type SpamCheck } from './comment.types';
import { recordPending, removePending, updatePendingContent } from './pendingQueue.model';
import { queueSpamCheck } from './spamChecks';

/** The reasons an author's acts leave on the comment, for moderators. */
export const AUTHOR_EDITED: Reason = {
  code: 'author_edited',
  message: 'Edited by its author: checked for spam and moderated again.',
};
export const AUTHOR_DELETED: Reason = { code: 'author_deleted', message: 'Deleted by its author.' };

/** A comment as its author's request is checked against: with the hash of its token. */
export interface AuthoredComment {
  comment: Comment;
  authorTokenHash?: string;
  /** The HMAC of the email it was posted with, for the site's block list. */
  emailHash?: string;
}

export async function findAuthoredComment(id: string): Promise<AuthoredComment | undefined> {
  if (!isObjectId(id)) return undefined;
  const doc = await CommentModel.findById(id).select('+authorTokenHash +emailHash').lean<CommentDocument>();
  return doc
    ? { comment: toComment(doc), authorTokenHash: doc.authorTokenHash, emailHash: doc.emailHash }
    : undefined;
}

/** The comment is still its author's to change: theirs, and pending or approved. */
function isAuthorsToChange(authorTokenHash: string) {
  return (doc: CommentDocument) =>
    doc.authorTokenHash === authorTokenHash && (doc.status === 'pending' || doc.status === 'approved');
}

function withReason(reasons: Reason[], reason: Reason): Reason[] {
  return [...reasons.filter((existing) => existing.code !== reason.code), reason];
}

export interface AuthorChange {
  comment: Comment;
  /** The status before the change. */
  from: CommentStatus;
  previousContent: string;
}

async function writeChange(
  doc: CommentDocument,
  seq: number,
  update: { $set: { status: CommentStatus } & Record<string, unknown> } & Record<string, unknown>,
): Promise<CommentDocument | undefined> {
  const write = async () =>
    (await CommentModel.findOneAndUpdate({ _id: doc._id }, update, { returnDocument: 'after' })
      .select(WITHOUT_PROJECTION)
      .lean<CommentDocument>()) ?? undefined;
  const isPublic = doc.status === 'approved' || isPublicStatusChange(doc.status, update.$set.status);
  return isPublic ? withThreadSync(doc, String(seq), write) : write();
}

/**
 * Replaces the text of an author's comment (already sanitised, and as typed) and puts it
 * through its spam check and moderation again: it becomes pending, its next check round is
 * queued (before the comment is written, as for a post), and the text it replaces goes to
 * its history. With `spam` (the edit's checks found its author on the block list) it becomes
 * spam instead, with those reasons: no check is queued, it leaves the moderation queue, and
 * the new round is closed at once so a check of the earlier text is dropped unrun. Undefined
 * when the comment is no longer theirs to change or another change of it won the race.
 */
export async function storeAuthorEdit(
  id: string,
  authorTokenHash: string,
  edit: { content: string; rawContent: string; now: Date; spam?: Reason[] },
): Promise<AuthorChange | undefined> {
  const { content, rawContent, now, spam } = edit;
  const read = await ticketedRead(id, 'author-edit', now, isAuthorsToChange(authorTokenHash));
  if (!read) return undefined;
  const { doc, seq } = read;
  const round = (doc.spamCheck?.round ?? 0) + 1;
  if (!spam) await queueSpamCheck(id, now, round);
  // An approved comment enters the moderation queue before it becomes pending.
  if (!spam && doc.status === 'approved') await recordPending(pendingRecordOf(doc, content));
  const spamCheck: SpamCheck = {
    state: spam ? 'done' : 'due',
    dueAt: now,
    attempts: doc.spamCheck?.attempts ?? [],
    attemptCount: 0,
    firstQueuedAt: now,
    round,
    ...(spam && { finishedAt: now }),
  };
  let reasons = withReason(doc.reasons ?? [], AUTHOR_EDITED);
  for (const reason of spam ?? []) reasons = withReason(reasons, reason);
  const updated = await writeChange(doc, seq, {
    $set: {
      content,
      rawContent,
      status: spam ? 'spam' : 'pending',
      reasons,
      spamCheck,
      editedAt: now,
      updatedAt: now,
      changeSeq: seq + 1,
    },
    $push: { history: earlierVersion(doc, now, 'author') },
  });
  if (!updated) return undefined;
  if (doc.status === 'pending') {
    if (spam) await removePending(id);
    else await updatePendingContent(id, content);
  }
  return { comment: toComment(updated), from: doc.status, previousContent: doc.content };
}

/**
 * Moves an author's comment to the trash, where moderators still see it (reason
 * `author_deleted`). Undefined when it is no longer theirs to change or another change won.
 */
export async function storeAuthorDelete(
  id: string,
  authorTokenHash: string,
  now: Date,
): Promise<AuthorChange | undefined> {
  const read = await ticketedRead(id, 'author-delete', now, isAuthorsToChange(authorTokenHash));
  if (!read) return undefined;
  const { doc, seq } = read;
  const updated = await writeChange(doc, seq, {
    $set: {
      status: 'trash',
      reasons: withReason(doc.reasons ?? [], AUTHOR_DELETED),
      updatedAt: now,
      changeSeq: seq + 1,
    },
  });
  if (!updated) return undefined;
  if (doc.status === 'pending') await removePending(id);
  if (doc.duplicateGuard) await releaseDuplicateGuard(doc.duplicateGuard);
  return { comment: toComment(updated), from: doc.status, previousContent: doc.content };
}
