// A page of an embedding site (an article). It carries the approved-comment counts and a
// version that changes whenever its public thread changes, which is what read caching keys on.
import { randomInt } from 'node:crypto';
import mongoose, { Schema } from 'mongoose';

export interface Page {
  site: string;
  pageId: string;
  url?: string;
  title?: string;
  isClosed: boolean;
  approvedCount: number;
  approvedTopLevelCount: number;
  version: number;
  createdAt: Date;
}

interface PageDocument extends Omit<Page, 'isClosed'> {
  _id: string;
  closed: boolean;
}

const pageSchema = new Schema<PageDocument>(
  {
    _id: { type: String, required: true },
    site: { type: String, required: true },
    pageId: { type: String, required: true },
    url: String,
    title: String,
    closed: { type: Boolean, default: false },
    approvedCount: { type: Number, default: 0 },
    approvedTopLevelCount: { type: Number, default: 0 },
    version: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const PageModel = mongoose.model<PageDocument>('Page', pageSchema);

function toPage(doc: PageDocument): Page {
  return {
    site: doc.site,
    pageId: doc.pageId,
    ...(doc.url && { url: doc.url }),
    ...(doc.title && { title: doc.title }),
    isClosed: doc.closed,
    approvedCount: doc.approvedCount,
    approvedTopLevelCount: doc.approvedTopLevelCount,
    version: doc.version,
    createdAt: doc.createdAt,
  };
}

/**
 * A page's id is its site and its pageId together. Every lookup of a page is then by _id,
 * which is also the only lookup FerretDB 1.x answers without scanning the collection.
 */
export function pageKey(site: string, pageId: string): string {
  return `${site}:${pageId}`;
}

export async function findPage(site: string, pageId: string): Promise<Page | undefined> {
  const doc = await PageModel.findById(pageKey(site, pageId)).lean<PageDocument>();
  return doc ? toPage(doc) : undefined;
}

export async function findPages(site: string, pageIds: string[]): Promise<Page[]> {
  const ids = pageIds.map((pageId) => pageKey(site, pageId));
  const docs = await PageModel.find({ _id: { $in: ids } }).lean<PageDocument[]>();
  return docs.map(toPage);
}

/** Records a page the first time it is commented on; later calls keep its url and title fresh. */
export async function upsertPage(
  site: string,
  pageId: string,
  details: { url?: string; title?: string },
  now: Date,
): Promise<Page> {
  const set = Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined));
  const update = {
    ...(Object.keys(set).length > 0 && { $set: set }),
    $setOnInsert: {
      site,
      pageId,
      closed: false,
      approvedCount: 0,
      approvedTopLevelCount: 0,
      version: 0,
      createdAt: now,
    },
  };
  try {
    const doc = await PageModel.findOneAndUpdate({ _id: pageKey(site, pageId) }, update, {
      upsert: true,
      returnDocument: 'after',
    }).lean<PageDocument>();
    return toPage(doc as PageDocument);
  } catch (error) {
    // Two first comments racing to create the page: the loser reads the winner's page.
    if ((error as { code?: number }).code !== 11000) throw error;
    const doc = await PageModel.findOneAndUpdate({ _id: pageKey(site, pageId) }, set, {
      returnDocument: 'after',
    }).lean<PageDocument>();
    return toPage(doc as PageDocument);
  }
}

export async function setPageClosed(site: string, pageId: string, isClosed: boolean): Promise<boolean> {
  const result = await PageModel.updateOne({ _id: pageKey(site, pageId) }, { $set: { closed: isClosed } });
  return result.matchedCount > 0;
}

/**
 * Stores a page's freshly counted approved comments and gives its thread a new version, so
 * cached reads (ETags) of it are no longer fresh, but only if the page is still at the
 * version the caller read before counting: false means another change got there first and
 * the caller should count again. The version is random rather than incremented: FerretDB
 * 1.x applies concurrent updates to one document non-atomically, so an $inc could be lost
 * and an old version come back.
 */
export async function recordThreadCounts(
  site: string,
  pageId: string,
  countedAtVersion: number,
  counts: { approvedCount: number; approvedTopLevelCount: number },
): Promise<boolean> {
  const result = await PageModel.updateOne(
    { _id: pageKey(site, pageId), version: countedAtVersion },
    { $set: { ...counts, version: randomInt(1, 2 ** 47) } },
  );
  return result.matchedCount === 1;
}
