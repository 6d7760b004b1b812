// Failed logins (collection `login_failures`), one document per failure and throttle key,
// so every instance of Parley sees the same counts. Keys are hashes: neither an email
// address nor an IP address is stored here.
import mongoose, { Schema } from 'mongoose';

interface LoginFailureDocument {
  key: string;
  at: Date;
}

const loginFailureSchema = new Schema<LoginFailureDocument>(
  {
    key: { type: String, required: true },
    at: { type: Date, required: true, index: true },
  },
  { versionKey: false },
);
loginFailureSchema.index({ key: 1, at: -1 });

export const LoginFailureModel = mongoose.model<LoginFailureDocument>(
  'LoginFailure',
  loginFailureSchema,
  'login_failures',
);

export async function recordLoginFailure(keys: string[], now: Date): Promise<void> {
  await LoginFailureModel.insertMany(keys.map((key) => ({ key, at: now })));
}

/**
 * When the `limit`-th most recent failure since `since` happened, or undefined when there
 * were fewer: the key stays blocked until that failure leaves the window.
 */
export async function findNthLatestFailure(
  key: string,
  limit: number,
  since: Date,
): Promise<Date | undefined> {
  const doc = await LoginFailureModel.findOne({ key, at: { $gt: since } })
    .sort({ at: -1 })
    .skip(limit - 1)
    .lean<LoginFailureDocument>();
  return doc?.at;
}

export async function clearLoginFailures(key: string): Promise<void> {
  await LoginFailureModel.deleteMany({ key });
}

export async function deleteLoginFailuresBefore(cutoff: Date): Promise<void> {
  await LoginFailureModel.deleteMany({ at: { $lte: cutoff } });
}
