// Guards against repeated posts, kept as documents under unique _ids, so that checking and
// recording a post is one insert: atomic on MongoDB and FerretDB alike, with no query over
// the comments. Two identical posts in the same instant cannot both pass.
//
//   duplicate_guards  one per comment for DUPLICATE_WINDOW_MS: site, page, parent, author,
//                     email and content, hashed. Trashing the comment frees it.
//   flood_guards      one per sender (IP, email) per FLOOD_INTERVAL_MS bucket. A post is too
//                     fast when its sender already has a guard in its bucket, or one in the
//                     bucket before that is less than FLOOD_INTERVAL_MS old.
//
// Both expire: by a TTL index on MongoDB, and by the worker's sweep on FerretDB, which has
// no TTL indexes (see pruneGuards).
import { createHash } from 'node:crypto';
import mongoose, { Schema } from 'mongoose';
import { sweepExpired } from '../queue/sweep';

export const FLOOD_INTERVAL_MS = 15_000;
/** How long the same comment from the same person is refused as a duplicate. */
export const DUPLICATE_WINDOW_MS = 24 * 60 * 60_000;

interface GuardDocument {
  _id: string;
  at: Date;
  expiresAt: Date;
  /** The comment a duplicate guard was taken for. */
  commentId?: string;
}

function guardSchema() {
  return new Schema<GuardDocument>(
    {
      _id: { type: String, required: true },
      at: { type: Date, required: true },
      expiresAt: { type: Date, required: true },
      commentId: String,
    },
    { versionKey: false },
  );
}

export const DuplicateGuardModel = mongoose.model<GuardDocument>(
  'DuplicateGuard',
  guardSchema(),
  'duplicate_guards',
);
export const FloodGuardModel = mongoose.model<GuardDocument>('FloodGuard', guardSchema(), 'flood_guards');

function hash(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

async function insertGuard(
  model: mongoose.Model<GuardDocument>,
  _id: string,
  at: Date,
  ttlMs: number,
  commentId?: string,
): Promise<boolean> {
  try {
    await model.create({
      _id,
      at,
      expiresAt: new Date(at.getTime() + ttlMs),
      ...(commentId && { commentId }),
    });
    return true;
  } catch (error) {
    if ((error as { code?: number }).code === 11000) return false;
    throw error;
  }
}

export interface DuplicateKey {
  site: string;
  pageId: string;
  parentId: string | null;
  author: string;
  emailHash?: string;
  content: string;
}

/** A post that has not stored its comment this long after taking its guard has died. */
const ABANDONED_AFTER_MS = 60_000;

/**
 * Records the duplicate guard of comment `commentId`, about to be stored; undefined when the
 * same comment was posted within DUPLICATE_WINDOW_MS. Returns the guard's id, which the
 * comment keeps so trashing it can free the guard. A guard whose post died before storing
 * its comment (`isStored` says no, a minute on) is taken over.
 */
export async function claimDuplicateGuard(
  key: DuplicateKey,
  commentId: string,
  now: Date,
  isStored: (commentId: string) => Promise<boolean>,
): Promise<string | undefined> {
  const _id = hash([key.site, key.pageId, key.parentId, key.author, key.emailHash ?? null, key.content]);
  if (await insertGuard(DuplicateGuardModel, _id, now, DUPLICATE_WINDOW_MS, commentId)) return _id;
  const held = await DuplicateGuardModel.findById(_id).lean<GuardDocument>();
  const isLive =
    held &&
    held.expiresAt > now &&
    (!held.commentId ||
      held.at.getTime() > now.getTime() - ABANDONED_AFTER_MS ||
      (await isStored(held.commentId)));
  if (isLive) return undefined;
  await DuplicateGuardModel.deleteOne({ _id });
  return (await insertGuard(DuplicateGuardModel, _id, now, DUPLICATE_WINDOW_MS, commentId)) ? _id : undefined;
}

export type FloodCheck = { isAllowed: true; guardIds: string[] } | { isAllowed: false; retryAfterMs: number };

/**
 * Records a post from each of `senders` (say, an IP and an email hash, each prefixed with
 * the site); refused when any of them posted less than FLOOD_INTERVAL_MS ago. Nothing stays
 * recorded for a refused post.
 */
export async function claimFloodGuards(senders: string[], now: Date): Promise<FloodCheck> {
  const bucket = Math.floor(now.getTime() / FLOOD_INTERVAL_MS);
  const guardIds: string[] = [];
  let retryAfterMs = 0;
  const waitFor = (since: Date) => Math.max(1000, since.getTime() + FLOOD_INTERVAL_MS - now.getTime());
  for (const sender of senders) {
    const key = hash([sender]);
    const previous = await FloodGuardModel.findById(`${key}:${bucket - 1}`).lean<GuardDocument>();
    if (previous && previous.at.getTime() > now.getTime() - FLOOD_INTERVAL_MS) {
      retryAfterMs = Math.max(retryAfterMs, waitFor(previous.at));
      continue;
    }
    const _id = `${key}:${bucket}`;
    if (await insertGuard(FloodGuardModel, _id, now, 2 * FLOOD_INTERVAL_MS)) {
      guardIds.push(_id);
      continue;
    }
    const held = await FloodGuardModel.findById(_id).lean<GuardDocument>();
    retryAfterMs = Math.max(retryAfterMs, waitFor(held?.at ?? now));
  }
  if (retryAfterMs === 0) return { isAllowed: true, guardIds };
  await releaseFloodGuards(guardIds);
  return { isAllowed: false, retryAfterMs };
}

/** Frees the guards of a post that was not stored after all. */
export async function releaseFloodGuards(guardIds: string[]): Promise<void> {
  for (const _id of guardIds) await FloodGuardModel.deleteOne({ _id });
}

export async function releaseDuplicateGuard(guardId: string): Promise<void> {
  await DuplicateGuardModel.deleteOne({ _id: guardId });
}

/** FerretDB has no TTL indexes: the worker deletes expired guards (see src/queue/cleanup.ts). */
export async function pruneGuards(now: Date): Promise<number> {
  const isExpired = (guard: GuardDocument) => guard.expiresAt < now;
  return (
    (await sweepExpired(FloodGuardModel, isExpired)) + (await sweepExpired(DuplicateGuardModel, isExpired))
  );
}

/**
 * Asks the server to expire guards by itself (a TTL index). MongoDB does; FerretDB 1.x
 * refuses the option as not implemented, and the worker's sweep does the work there.
 * True when the server took the index.
 */
export async function ensureGuardExpiry(): Promise<boolean> {
  try {
    for (const model of [FloodGuardModel, DuplicateGuardModel]) {
      await model.collection.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0, name: 'expiresAt_ttl' });
    }
    return true;
  } catch (error) {
    const code = (error as { code?: number }).code;
    // 238 NotImplemented (FerretDB), 115 CommandNotSupported.
    if (code === 238 || code === 115) return false;
    throw error;
  }
}
