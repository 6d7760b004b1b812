// Remembers the outcome of POSTs sent with an Idempotency-Key, so a retried request
// returns the first result instead of creating a second comment.
import mongoose, { Schema } from 'mongoose';
import { sweepExpired } from '../queue/sweep';

interface IdempotencyDocument {
  _id: string;
  fingerprint: string;
  commentId?: string;
  authorToken?: string;
  createdAt: Date;
}

const idempotencySchema = new Schema<IdempotencyDocument>(
  {
    _id: { type: String, required: true },
    fingerprint: { type: String, required: true },
    commentId: String,
    authorToken: String,
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const IdempotencyModel = mongoose.model<IdempotencyDocument>(
  'IdempotencyKey',
  idempotencySchema,
  'idempotency_keys',
);

export type Claim =
  | { state: 'claimed' }
  | { state: 'completed'; commentId: string; authorToken: string }
  | { state: 'in_progress' }
  | { state: 'reused_with_other_body' };

const keyId = (site: string, key: string) => `${site}:${key}`;

/** A claim not completed within this long belongs to a request that died. */
const ABANDONED_AFTER_MS = 60_000;

/** Claims a key for this request, or reports what an earlier request with it became. */
export async function claimIdempotencyKey(
  site: string,
  key: string,
  fingerprint: string,
  now: Date,
): Promise<Claim> {
  try {
    await IdempotencyModel.create({ _id: keyId(site, key), fingerprint, createdAt: now });
    return { state: 'claimed' };
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
  }
  const earlier = await IdempotencyModel.findById(keyId(site, key)).lean<IdempotencyDocument>();
  if (!earlier) return claimIdempotencyKey(site, key, fingerprint, now);
  if (earlier.fingerprint !== fingerprint) return { state: 'reused_with_other_body' };
  if (earlier.commentId && earlier.authorToken) {
    return { state: 'completed', commentId: earlier.commentId, authorToken: earlier.authorToken };
  }
  // A request that claimed the key and then died never completes it: after a while, the
  // key is free again, so a retry is not refused forever.
  // (Deleted by _id alone, so this costs one index probe on FerretDB too: two retries taking
  // over the same dead claim at once could both proceed, and the duplicate guard then stops
  // the second comment.)
  if (earlier.createdAt.getTime() < now.getTime() - ABANDONED_AFTER_MS) {
    await IdempotencyModel.deleteOne({ _id: earlier._id });
    return claimIdempotencyKey(site, key, fingerprint, now);
  }
  return { state: 'in_progress' };
}

export async function completeIdempotencyKey(
  site: string,
  key: string,
  commentId: string,
  authorToken: string,
) {
  await IdempotencyModel.updateOne({ _id: keyId(site, key) }, { $set: { commentId, authorToken } });
}

/** Frees a key whose request failed, so that a corrected retry can go through. */
export async function releaseIdempotencyKey(site: string, key: string) {
  // Only the request that claimed the key completes it, and it failed: nothing else wrote it.
  await IdempotencyModel.deleteOne({ _id: keyId(site, key) });
}

/** How long a key's outcome is remembered; a retry after that makes a new comment. */
export const IDEMPOTENCY_KEY_HOURS = 24;

/** Deletes keys older than IDEMPOTENCY_KEY_HOURS (the worker's hourly cleanup). */
export function pruneIdempotencyKeys(now: Date): Promise<number> {
  const before = now.getTime() - IDEMPOTENCY_KEY_HOURS * 60 * 60_000;
  return sweepExpired(IdempotencyModel, (doc) => doc.createdAt.getTime() < before);
}

/**
 * Forgets what keys made these comments (their author was erased: src/privacy/). An admin
 * path, so it may query by a field other than _id.
 */
export async function forgetIdempotencyRecords(commentIds: string[]): Promise<void> {
  if (commentIds.length > 0) await IdempotencyModel.deleteMany({ commentId: { $in: commentIds } });
}
