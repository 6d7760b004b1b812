// Personal API tokens (collection `api_tokens`). Only the sha256 of a token is stored;
// the token itself is shown once, when it is made.
import { randomUUID } from 'node:crypto';
import mongoose, { Schema } from 'mongoose';

export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

interface ApiTokenDocument {
  _id: string;
  tokenHash: string;
  userId: string;
  name: string;
  createdAt: Date;
  lastUsedAt?: Date;
}

const apiTokenSchema = new Schema<ApiTokenDocument>(
  {
    _id: { type: String, required: true },
    tokenHash: { type: String, required: true, unique: true },
    userId: { type: String, required: true, index: true },
    name: { type: String, required: true },
    createdAt: { type: Date, required: true },
    lastUsedAt: Date,
  },
  { versionKey: false },
);

export const ApiTokenModel = mongoose.model<ApiTokenDocument>('ApiToken', apiTokenSchema, 'api_tokens');

// Recording every use would turn every read into a write; a minute's precision is plenty.
const LAST_USED_PRECISION_MS = 60_000;

function toApiToken(doc: ApiTokenDocument): ApiToken {
  return {
    id: doc._id,
    userId: doc.userId,
    name: doc.name,
    createdAt: doc.createdAt,
    lastUsedAt: doc.lastUsedAt ?? null,
  };
}

export async function insertApiToken(
  input: { tokenHash: string; userId: string; name: string },
  now: Date,
): Promise<ApiToken> {
  const doc = await ApiTokenModel.create({ _id: randomUUID(), ...input, createdAt: now });
  return toApiToken(doc.toObject());
}

export async function findApiTokenByHash(tokenHash: string): Promise<ApiToken | undefined> {
  const doc = await ApiTokenModel.findOne({ tokenHash }).lean<ApiTokenDocument>();
  return doc ? toApiToken(doc) : undefined;
}

export async function markApiTokenUsed(id: string, now: Date): Promise<void> {
  const stale = new Date(now.getTime() - LAST_USED_PRECISION_MS);
  await ApiTokenModel.updateOne(
    { _id: id, $or: [{ lastUsedAt: { $exists: false } }, { lastUsedAt: { $lte: stale } }] },
    { $set: { lastUsedAt: now } },
  );
}

export async function listUserApiTokens(userId: string): Promise<ApiToken[]> {
  const docs = await ApiTokenModel.find({ userId }).sort({ createdAt: 1, _id: 1 }).lean<ApiTokenDocument[]>();
  return docs.map(toApiToken);
}

/** Deletes one of the user's tokens; false when the user has no such token. */
export async function deleteUserApiToken(userId: string, id: string): Promise<boolean> {
  const result = await ApiTokenModel.deleteOne({ _id: id, userId });
  return result.deletedCount === 1;
}

/** Every user's tokens, oldest first: for the operator's `tokens:list`. */
export async function listAllApiTokens(): Promise<ApiToken[]> {
  const docs = await ApiTokenModel.find().sort({ createdAt: 1, _id: 1 }).lean<ApiTokenDocument[]>();
  return docs.map(toApiToken);
}

/** Deletes a token whoever owns it; answers what it was, or undefined when there is none. */
export async function deleteApiToken(id: string): Promise<ApiToken | undefined> {
  const doc = await ApiTokenModel.findById(id).lean<ApiTokenDocument>();
  if (!doc) return undefined;
  const result = await ApiTokenModel.deleteOne({ _id: id });
  return result.deletedCount === 1 ? toApiToken(doc) : undefined;
}
