// Login sessions (collection `sessions`). The document id is the sha256 of the cookie
// value, never the value itself. Expired sessions are removed by `deleteExpiredSessions`
// with the injected clock rather than a TTL index, so time stays under the caller's control.
import mongoose, { Schema } from 'mongoose';

export interface Session {
  /** sha256 of the cookie value. */
  key: string;
  userId: string;
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
}

interface SessionDocument {
  _id: string;
  userId: string;
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
}

const sessionSchema = new Schema<SessionDocument>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true, index: true },
    csrfToken: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true, index: true },
  },
  { versionKey: false },
);

export const SessionModel = mongoose.model<SessionDocument>('Session', sessionSchema, 'sessions');

function toSession(doc: SessionDocument): Session {
  const { _id, ...rest } = doc;
  return { key: _id, ...rest };
}

export async function insertSession(session: Session): Promise<Session> {
  const { key, ...rest } = session;
  const doc = await SessionModel.create({ _id: key, ...rest });
  return toSession(doc.toObject());
}

export async function findLiveSession(key: string, now: Date): Promise<Session | undefined> {
  const doc = await SessionModel.findOne({ _id: key, expiresAt: { $gt: now } }).lean<SessionDocument>();
  return doc ? toSession(doc) : undefined;
}

export async function deleteSession(key: string): Promise<void> {
  await SessionModel.deleteOne({ _id: key });
}

export async function deleteUserSessions(userId: string): Promise<number> {
  const result = await SessionModel.deleteMany({ userId });
  return result.deletedCount;
}

export async function deleteExpiredSessions(now: Date): Promise<void> {
  await SessionModel.deleteMany({ expiresAt: { $lte: now } });
}
