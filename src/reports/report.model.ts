// Readers' reports of approved comments (collection `comment_reports`) and the per-IP limit on
// sending them (`report_guards`). Mongoose stays in this file.
//
// A report is stored under `_id = commentId:readerKey`, where readerKey is a keyed hash of the
// reader's author token or IP (reports.service.ts): one reader counts once per comment because
// a second insert under the same _id fails, atomically on MongoDB and FerretDB alike. A report
// stays open until a moderator dismisses the comment's reports, or the comment is held or sent
// back for them: then its reports are deleted (the audit entry keeps how many and why), so the
// same readers' later reports count afresh.
import mongoose, { Schema } from 'mongoose';
import { ignoringDuplicates } from '../db/duplicates';
import { sweepExpired } from '../queue/sweep';
import { REPORT_REASONS, type ReportReason } from '../shared/reports';

export interface Report {
  id: string;
  site: string;
  commentId: string;
  reason: ReportReason;
  note?: string;
  at: Date;
  /** The id of the audit entry that records this report, chosen before it was stored. */
  auditId: string;
}

interface ReportDocument extends Omit<Report, 'id'> {
  _id: string;
}

const reportSchema = new Schema<ReportDocument>(
  {
    _id: { type: String, required: true },
    site: { type: String, required: true },
    commentId: { type: String, required: true },
    reason: { type: String, enum: REPORT_REASONS, required: true },
    note: String,
    at: { type: Date, required: true },
    auditId: { type: String, required: true },
  },
  { versionKey: false },
);
// The worker's count for one comment, and the Reported tab's listing (moderation paths).
reportSchema.index({ commentId: 1 });
reportSchema.index({ site: 1, at: -1 });

export const ReportModel = mongoose.model<ReportDocument>('Report', reportSchema, 'comment_reports');

interface GuardDocument {
  _id: string;
  expiresAt: Date;
}

export const ReportGuardModel = mongoose.model<GuardDocument>(
  'ReportGuard',
  new Schema<GuardDocument>(
    { _id: { type: String, required: true }, expiresAt: { type: Date, required: true } },
    { versionKey: false },
  ),
  'report_guards',
);

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: number }).code === 11000;
}

function toReport(doc: ReportDocument): Report {
  const { _id, note, ...rest } = doc;
  return { id: _id, ...rest, ...(note && { note }) };
}

/**
 * Stores a report; `isNew` is false when this reader had reported the comment already, and
 * then the stored report is the first one (a repeat changes nothing).
 */
export async function storeReport(report: Report): Promise<{ report: Report; isNew: boolean }> {
  const { id, ...fields } = report;
  try {
    await ReportModel.create({ _id: id, ...fields });
    return { report, isNew: true };
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  const stored = await ReportModel.findById(id).lean<ReportDocument>();
  // Dismissed between the insert and this read: the repeat stands for the report.
  return stored ? { report: toReport(stored), isNew: false } : { report, isNew: false };
}

/** A reader's open report of a comment, by its _id. */
export async function findReport(id: string): Promise<Report | undefined> {
  const doc = await ReportModel.findById(id).lean<ReportDocument>();
  return doc ? toReport(doc) : undefined;
}

/** The open reports of one comment (the worker, and moderation paths). */
export async function listCommentReports(commentId: string): Promise<Report[]> {
  const docs = await ReportModel.find({ commentId }).sort({ at: -1, _id: 1 }).lean<ReportDocument[]>();
  return docs.map(toReport);
}

/** Open reports on these sites (all when undefined), newest first, at most `limit`. */
export async function listRecentReports(sites: string[] | undefined, limit: number): Promise<Report[]> {
  const filter = sites ? { site: { $in: sites } } : {};
  const docs = await ReportModel.find(filter).sort({ at: -1, _id: 1 }).limit(limit).lean<ReportDocument[]>();
  return docs.map(toReport);
}

/**
 * Closes these reports. Only the reports that were read are deleted: one that arrived since
 * stays open and counts towards the next hold.
 */
export async function deleteReports(reports: Report[]): Promise<void> {
  for (const report of reports) await ReportModel.deleteOne({ _id: report.id });
}

/**
 * Takes one of `limit` slots for `key` in the window `bucket`: `key:bucket:1`, `:2`, and so
 * on, each an insert under a unique _id, so two requests can never take the same slot. The
 * last slot is looked up first, so a caller past the limit costs one lookup. False when every
 * slot is taken.
 */
export async function takeReportSlot(
  key: string,
  bucket: number,
  limit: number,
  expiresAt: Date,
): Promise<boolean> {
  const slot = (n: number) => `${key}:${bucket}:${n}`;
  if (await ReportGuardModel.findById(slot(limit)).lean()) return false;
  for (let n = 1; n <= limit; n += 1) {
    try {
      await ReportGuardModel.create({ _id: slot(n), expiresAt });
      return true;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }
  return false;
}

/** FerretDB has no TTL indexes: the worker's hourly cleanup deletes expired slots. */
export function pruneReportGuards(now: Date): Promise<number> {
  return sweepExpired(ReportGuardModel, (guard) => guard.expiresAt < now);
}

/** A site's open reports one at a time, for a backup (src/backup/). */
export async function* streamSiteReports(site: string): AsyncGenerator<Report> {
  for await (const doc of ReportModel.find({ site }).lean<ReportDocument>().cursor({ batchSize: 500 })) {
    yield toReport(doc as unknown as ReportDocument);
  }
}

export async function insertRestoredReports(reports: Report[]): Promise<void> {
  if (reports.length === 0) return;
  await ignoringDuplicates(
    ReportModel.insertMany(
      reports.map(({ id, ...fields }) => ({ _id: id, ...fields })),
      { ordered: false },
    ),
  );
}
