// A commenter's data on request (src/privacy/): their comments found by email HMAC, with the
// private fields, and the two erasures. Both are ticketed changes like a moderator's
// (./changes.ts), so the page's public thread is synced and nothing races a moderator; they
// run on admin paths only, so they may query by email HMAC.
import { releaseDuplicateGuard } from '../guards.model';
import { forgetIdempotencyRecords } from '../idempotency.model';
import { forgetReaderComments } from '../readerPending.model';
import { forgetApprovedAuthor } from './approvedAuthors.model';
import { deleteCommentPermanently, ticketedRead, withThreadSync } from './changes';
import { type CommentDocument, CommentModel, toComment, WITHOUT_PROJECTION } from './comment.model';
import type { Comment, CommentVersion, Reason } from './comment.types';
import { anonymizePendingRecord, removePending } from './pendingQueue.model';
import { countReplies } from './reads';

/** A comment with everything stored about its author, for an export to that author. */
export interface AuthoredRecord {
  comment: Comment;
  emailSealed?: string;
  rawContent: string;
  request: { ip?: string; userAgent?: string; referrer?: string };
  history: CommentVersion[];
}

/** Every comment written with this email HMAC, on these sites (all when undefined), oldest first. */
export async function listCommentsByEmailHash(
  emailHash: string,
  sites?: string[],
): Promise<AuthoredRecord[]> {
  const docs = await CommentModel.find({ emailHash, ...(sites && { site: { $in: sites } }) })
    .select('+emailSealed +rawContent +request +history')
    .sort({ createdAt: 1, _id: 1 })
    .lean<CommentDocument[]>();
  return docs.map((doc) => ({
    comment: toComment(doc),
    ...(doc.emailSealed && { emailSealed: doc.emailSealed }),
    rawContent: doc.rawContent ?? doc.content,
    request: { ...doc.request },
    history: (doc.history ?? []).map(({ content, writtenAt, replacedAt, by }) => ({
      content,
      writtenAt,
      replacedAt,
      by,
    })),
  }));
}

/** What an erased comment shows instead of its author. */
export interface NeutralIdentity {
  /** Empty: every view shows a nameless comment as "Anonymous", in the reader's language. */
  author: '';
  avatarSeed: string;
}

/** The reason an erasure leaves on a comment, for moderators. */
export const ERASED: Reason = { code: 'erased', message: "Erased at its author's request." };
/** The text a deleted comment kept as a placeholder holds (readers see no text at all). */
export const ERASED_CONTENT = '<p>This comment was deleted.</p>';

/** Every field that says who wrote a comment, or could lead back to them. */
const PERSONAL_FIELDS = {
  authorUrl: 1,
  emailSealed: 1,
  emailHash: 1,
  gravatarHash: 1,
  request: 1,
  authorTokenHash: 1,
  duplicateGuard: 1,
} as const;

/** Still written with this email HMAC (an erasure that ran first leaves nothing to do). */
const isTheirs = (emailHash: string) => (doc: CommentDocument) => doc.emailHash === emailHash;

async function writeErasure(
  doc: CommentDocument,
  seq: number,
  update: Record<string, unknown>,
): Promise<CommentDocument | undefined> {
  const write = async () =>
    (await CommentModel.findOneAndUpdate({ _id: doc._id }, update, { returnDocument: 'after' })
      .select(WITHOUT_PROJECTION)
      .lean<CommentDocument>()) ?? undefined;
  // Only an approved comment shows its author to readers; its thread is synced.
  return doc.status === 'approved' ? withThreadSync(doc, String(seq), write) : write();
}

/** What hangs on a comment by key rather than by field: freed once its author is erased. */
async function forgetAround(doc: CommentDocument): Promise<void> {
  if (doc.duplicateGuard) await releaseDuplicateGuard(doc.duplicateGuard);
  await forgetAroundId(doc._id.toHexString());
}

async function forgetAroundId(id: string): Promise<void> {
  await forgetIdempotencyRecords([id]);
  await forgetReaderComments([id]);
}

/**
 * Keeps the comment's text and status, and removes who wrote it: name, email (sealed, HMAC,
 * Gravatar hash), URL, IP, user agent, referrer and author token. Undefined when it is no
 * longer theirs or another change of it won the race.
 */
export async function anonymizeComment(
  id: string,
  emailHash: string,
  identity: NeutralIdentity,
  now: Date,
): Promise<Comment | undefined> {
  const read = await ticketedRead(id, 'erase', now, isTheirs(emailHash));
  if (!read) return undefined;
  const { doc, seq } = read;
  const updated = await writeErasure(doc, seq, {
    $set: { ...identity, updatedAt: now, changeSeq: seq + 1 },
    $unset: PERSONAL_FIELDS,
  });
  if (!updated) return undefined;
  if (doc.status === 'pending') await anonymizePendingRecord(id, identity.author);
  await forgetAround(doc);
  return toComment(updated);
}

export type DeleteOutcome = 'deleted' | 'placeholder';

/**
 * Deletes the comment for good; one that has replies (whatever their status) is kept as a
 * trashed placeholder with neither text nor author, so its replies keep their place in the
 * thread. Run the deepest comments first: an author's own replies then go before the comment
 * they answer is counted. Undefined when it is no longer theirs or another change won.
 */
export async function deleteErasedComment(
  id: string,
  emailHash: string,
  identity: NeutralIdentity,
  now: Date,
): Promise<DeleteOutcome | undefined> {
  if ((await countReplies(id)) === 0) {
    const deleted = await deleteCommentPermanently(id, now, isTheirs(emailHash));
    if (!deleted) return undefined;
    await forgetAroundId(id);
    return 'deleted';
  }
  const read = await ticketedRead(id, 'erase', now, isTheirs(emailHash));
  if (!read) return undefined;
  const { doc, seq } = read;
  const updated = await writeErasure(doc, seq, {
    $set: {
      ...identity,
      content: ERASED_CONTENT,
      rawContent: '',
      status: 'trash',
      reasons: [...(doc.reasons ?? []).filter((reason) => reason.code !== ERASED.code), ERASED],
      notifyReplies: false,
      updatedAt: now,
      changeSeq: seq + 1,
    },
    // Its spam-check record stays: the spam-check queue may still name it, and it holds no author data.
    $unset: { ...PERSONAL_FIELDS, history: 1 },
  });
  if (!updated) return undefined;
  if (doc.status === 'pending') await removePending(id);
  await forgetAround(doc);
  return 'placeholder';
}

/** Drops the "has an approved comment" record of this email HMAC on these sites. */
export async function forgetApprovedAuthorOn(sites: Iterable<string>, emailHash: string): Promise<void> {
  for (const site of sites) await forgetApprovedAuthor(site, emailHash);
}
