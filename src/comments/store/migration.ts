// What the start-up migration (src/db/migrate.ts) reads of the comments: whole-collection
// queries, run once at start-up and never on a public path.
import { type CommentDocument, CommentModel, toComment } from './comment.model';
import type { Comment } from './comment.types';

/** Comments whose spam check is still due, with when it became due. */
export async function listCommentsWithDueCheck(): Promise<Array<{ id: string; dueAt: Date }>> {
  const docs = await CommentModel.find({ 'spamCheck.state': 'due' })
    .select('+spamCheck')
    .lean<CommentDocument[]>();
  return docs.map((doc) => ({ id: doc._id.toHexString(), dueAt: doc.spamCheck?.dueAt ?? doc.createdAt }));
}

/** Every pending comment, with its author's email lookup hash and reader-token hash. */
export async function listPendingWithAuthorKeys(): Promise<
  Array<{ comment: Comment; emailHash?: string; authorTokenHash?: string }>
> {
  const docs = await CommentModel.find({ status: 'pending' })
    .select('+emailHash +authorTokenHash')
    .lean<CommentDocument[]>();
  return docs.map((doc) => ({
    comment: toComment(doc),
    ...(doc.emailHash && { emailHash: doc.emailHash }),
    ...(doc.authorTokenHash && { authorTokenHash: doc.authorTokenHash }),
  }));
}

/** Every approved comment, one at a time from a cursor, with its author's email lookup hash. */
export async function* streamApprovedWithEmailHash(): AsyncGenerator<{
  comment: Comment;
  emailHash?: string;
}> {
  for await (const doc of CommentModel.find({ status: 'approved' })
    .select('+emailHash')
    .lean<CommentDocument>()
    .cursor()) {
    const stored = doc as CommentDocument;
    yield { comment: toComment(stored), ...(stored.emailHash && { emailHash: stored.emailHash }) };
  }
}

export async function hasAnyComment(): Promise<boolean> {
  return (await CommentModel.exists({})) !== null;
}
