// Who has an approved comment on a site, by email lookup hash: what the `first-time`
// moderation mode asks for every new comment. Kept as one record per site and author,
// looked up by _id, rather than a query over every comment the site has.
import mongoose, { Schema } from 'mongoose';

interface ApprovedAuthorDocument {
  _id: string;
  at: Date;
}

export const ApprovedAuthorModel = mongoose.model<ApprovedAuthorDocument>(
  'ApprovedAuthor',
  new Schema<ApprovedAuthorDocument>(
    { _id: { type: String, required: true }, at: { type: Date, required: true } },
    { versionKey: false },
  ),
  'approved_authors',
);

export const approvedAuthorKey = (site: string, emailHash: string) => `${site}:${emailHash}`;
const authorKey = approvedAuthorKey;

export async function hasApprovedAuthor(site: string, emailHash: string): Promise<boolean> {
  return (await ApprovedAuthorModel.exists({ _id: authorKey(site, emailHash) })) !== null;
}

export async function recordApprovedAuthor(site: string, emailHash: string, at: Date): Promise<void> {
  try {
    await ApprovedAuthorModel.create({ _id: authorKey(site, emailHash), at });
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
  }
}

export async function forgetApprovedAuthor(site: string, emailHash: string): Promise<void> {
  await ApprovedAuthorModel.deleteOne({ _id: authorKey(site, emailHash) });
}
