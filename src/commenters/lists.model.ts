// The block and trust lists' three collections; Mongoose stays in this file.
// - commenter_entries: one document per entry, written and listed on moderation paths only.
// - commenter_lists: per site (`_id` = site), what the entries say, as the post path and the
//   spam check read it (by `_id`); rebuilt from the entries after each change (./summary.ts).
// - commenter_list_changes: a marker per change whose rebuild has not been seen to finish;
//   the worker rebuilds the sites of markers left behind (./summary.ts `repairSummaries`).
import mongoose, { Schema, Types } from 'mongoose';
import { ignoringDuplicates } from '../db/duplicates';
import type { CommenterList, EntryKind } from '../shared/commenterLists';

export interface StoredEntry {
  id: string;
  site: string;
  list: CommenterList;
  kind: EntryKind;
  /** The email's HMAC (src/privacy/emailVault.ts), or the IP address or range. */
  value: string;
  /** What the list shows: the masked email, or the address or range. */
  display: string;
  note?: string;
  addedBy: { id: string; name: string };
  commentId?: string;
  createdAt: Date;
  expiresAt?: Date;
}

interface EntryDocument extends Omit<StoredEntry, 'id'> {
  _id: Types.ObjectId;
}

const entrySchema = new Schema<EntryDocument>(
  {
    site: { type: String, required: true },
    list: { type: String, required: true },
    kind: { type: String, required: true },
    value: { type: String, required: true },
    display: { type: String, required: true },
    note: String,
    addedBy: { id: { type: String, required: true }, name: { type: String, required: true } },
    commentId: String,
    createdAt: { type: Date, required: true },
    expiresAt: Date,
  },
  { versionKey: false },
);
// One entry per value and list: a unique insert, so two moderators adding it at once get one.
entrySchema.index({ site: 1, list: 1, kind: 1, value: 1 }, { unique: true });

const EntryModel = mongoose.model<EntryDocument>('CommenterEntry', entrySchema, 'commenter_entries');

/** One rule of a summary: the value and when it stops applying (null: never). */
export interface SummaryRule {
  value: string;
  until: Date | null;
}

export interface SummaryContent {
  blockedEmails: SummaryRule[];
  blockedIps: SummaryRule[];
  blockedRanges: SummaryRule[];
  trustedEmails: SummaryRule[];
}

interface SummaryDocument extends SummaryContent {
  _id: string;
  builtAt: Date;
}

const rule = [{ _id: false, value: { type: String, required: true }, until: { type: Date, default: null } }];
const SummaryModel = mongoose.model<SummaryDocument>(
  'CommenterListSummary',
  new Schema<SummaryDocument>(
    {
      _id: { type: String, required: true },
      blockedEmails: rule,
      blockedIps: rule,
      blockedRanges: rule,
      trustedEmails: rule,
      builtAt: { type: Date, required: true },
    },
    { versionKey: false },
  ),
  'commenter_lists',
);

interface ChangeDocument {
  _id: string;
  site: string;
  at: Date;
}

const ChangeModel = mongoose.model<ChangeDocument>(
  'CommenterListChange',
  new Schema<ChangeDocument>(
    {
      _id: { type: String, required: true },
      site: { type: String, required: true },
      at: { type: Date, required: true },
    },
    { versionKey: false },
  ),
  'commenter_list_changes',
);

function toEntry(doc: EntryDocument): StoredEntry {
  const { _id, ...fields } = doc;
  return { ...fields, id: _id.toHexString() };
}

/** Stores a new entry; undefined when the list already holds this value. */
export async function insertEntry(entry: Omit<StoredEntry, 'id'>): Promise<StoredEntry | undefined> {
  try {
    const doc = await EntryModel.create(entry);
    return toEntry(doc.toObject());
  } catch (error) {
    if ((error as { code?: number }).code === 11000) return undefined;
    throw error;
  }
}

export async function findEntryByValue(
  site: string,
  list: CommenterList,
  kind: EntryKind,
  value: string,
): Promise<StoredEntry | undefined> {
  const doc = await EntryModel.findOne({ site, list, kind, value }).lean<EntryDocument>();
  return doc ? toEntry(doc) : undefined;
}

/** The entries of one email HMAC on these sites (all when undefined): a commenter's data on request. */
export async function listEmailEntries(emailHash: string, sites?: string[]): Promise<StoredEntry[]> {
  const docs = await EntryModel.find({
    kind: 'email',
    value: emailHash,
    ...(sites && { site: { $in: sites } }),
  })
    .sort({ createdAt: 1, _id: 1 })
    .lean<EntryDocument[]>();
  return docs.map(toEntry);
}

/** A site's entries, of one list or both, oldest first (moderation paths and rebuilds). */
export async function listEntries(site: string, list?: CommenterList): Promise<StoredEntry[]> {
  const docs = await EntryModel.find({ site, ...(list && { list }) })
    .sort({ createdAt: 1, _id: 1 })
    .lean<EntryDocument[]>();
  return docs.map(toEntry);
}

export async function findEntry(id: string): Promise<StoredEntry | undefined> {
  if (!Types.ObjectId.isValid(id)) return undefined;
  const doc = await EntryModel.findById(id).lean<EntryDocument>();
  return doc ? toEntry(doc) : undefined;
}

export async function deleteEntry(id: string): Promise<boolean> {
  return (await EntryModel.deleteOne({ _id: new Types.ObjectId(id) })).deletedCount === 1;
}

/** The site's summary, by `_id`: the only read the post path makes of these collections. */
export async function findSummary(site: string): Promise<(SummaryContent & { builtAt: Date }) | undefined> {
  const doc = await SummaryModel.findById(site).lean<SummaryDocument>();
  if (!doc) return undefined;
  const { _id, ...content } = doc;
  return content;
}

/**
 * Writes a site's summary. Two first writes at once may both try to insert it, and on FerretDB
 * (which does not retry an upsert that loses) one fails as a duplicate: the other's summary
 * stands, and the caller's next round (rebuildSummary) reads it and writes again if needed.
 */
export async function writeSummary(site: string, content: SummaryContent, now: Date): Promise<void> {
  try {
    await SummaryModel.replaceOne({ _id: site }, { ...content, builtAt: now }, { upsert: true });
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
  }
}

export async function markChange(site: string, now: Date): Promise<string> {
  const _id = `${site}:${new Types.ObjectId().toHexString()}`;
  await ChangeModel.create({ _id, site, at: now });
  return _id;
}

export async function clearChange(id: string): Promise<void> {
  await ChangeModel.deleteOne({ _id: id });
}

/** The oldest unfinished changes: the head of a collection that holds only those. */
export async function listChanges(limit: number): Promise<ChangeDocument[]> {
  return ChangeModel.find({}).limit(limit).lean<ChangeDocument[]>();
}

/** A site's entries one at a time, for a backup (src/backup/). */
export async function* streamSiteEntries(site: string): AsyncGenerator<StoredEntry> {
  for await (const doc of EntryModel.find({ site }).lean<EntryDocument>().cursor({ batchSize: 500 })) {
    yield toEntry(doc as unknown as EntryDocument);
  }
}

/** Restores entries under their ids; the caller rebuilds the site's summary after. */
export async function insertRestoredEntries(entries: StoredEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await ignoringDuplicates(
    EntryModel.insertMany(
      entries.map(({ id, ...fields }) => ({ _id: new Types.ObjectId(id), ...fields })),
      { ordered: false },
    ),
  );
}
