// Spent email links (collection `email_link_uses`): one document per email whose Approve,
// Spam or Trash link was used, under the email's nonce as `_id`. Spending a link is that one
// insert, atomic on MongoDB and FerretDB alike, so two clicks at once cannot both act. A
// record is kept until its links would have expired anyway; then the worker's sweep removes it.
import mongoose, { Schema } from 'mongoose';
import { sweepExpired } from '../../queue/sweep';
import type { EmailLink } from './token';

interface EmailLinkUseDocument {
  _id: string;
  commentId: string;
  userId: string;
  action: string;
  usedAt: Date;
  expiresAt: Date;
}

const EmailLinkUseModel = mongoose.model<EmailLinkUseDocument>(
  'EmailLinkUse',
  new Schema<EmailLinkUseDocument>(
    {
      _id: { type: String, required: true },
      commentId: { type: String, required: true },
      userId: { type: String, required: true },
      action: { type: String, required: true },
      usedAt: { type: Date, required: true },
      expiresAt: { type: Date, required: true },
    },
    { versionKey: false },
  ),
  'email_link_uses',
);

/** When the email's links were spent, and on what; undefined while they are unused. */
export async function findEmailLinkUse(nonce: string): Promise<{ action: string; usedAt: Date } | undefined> {
  const doc = await EmailLinkUseModel.findById(nonce).lean<EmailLinkUseDocument>();
  return doc ? { action: doc.action, usedAt: doc.usedAt } : undefined;
}

/** Spends the email's links; false when one of them was used already. */
export async function spendEmailLink(link: EmailLink, now: Date): Promise<boolean> {
  try {
    await EmailLinkUseModel.create({
      _id: link.nonce,
      commentId: link.commentId,
      userId: link.userId,
      action: link.action,
      usedAt: now,
      expiresAt: link.expiresAt,
    });
    return true;
  } catch (error) {
    if ((error as { code?: number }).code === 11000) return false;
    throw error;
  }
}

/** Gives the links back when the action they were spent on could not be taken. */
export async function unspendEmailLink(link: EmailLink): Promise<void> {
  await EmailLinkUseModel.deleteOne({ _id: link.nonce });
}

export async function pruneEmailLinkUses(now: Date): Promise<number> {
  return sweepExpired(EmailLinkUseModel, (use) => use.expiresAt < now);
}
