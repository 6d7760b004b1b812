// A page of an embedding site (an article): its address, title, whether it is closed, and
// when it was first commented on. What readers see of its comments, with the counts, lives in
// its precomputed thread (src/threads/).
import mongoose, { Schema } from 'mongoose';

export interface Page {
  site: string;
  pageId: string;
  url?: string;
  title?: string;
  isClosed: boolean;
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
    isClosed: doc.closed ?? false,
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

/** Pages by id, each looked up by _id (FerretDB reads a whole collection for $in). */
export async function findPages(site: string, pageIds: string[]): Promise<Page[]> {
  const found = await Promise.all(pageIds.map((pageId) => findPage(site, pageId)));
  return found.filter((page): page is Page => page !== undefined);
}

/**
 * Records a page the first time it is commented on, and keeps its url and title fresh.
 * `known` is the page as the caller read it already (undefined when it did not exist).
 */
export async function savePage(
  site: string,
  pageId: string,
  details: { url?: string; title?: string },
  now: Date,
  known?: Page,
): Promise<Page> {
  const set = Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined)) as {
    url?: string;
    title?: string;
  };
  const _id = pageKey(site, pageId);
  if (!known) {
    try {
      const doc = await PageModel.create({ _id, site, pageId, closed: false, createdAt: now, ...set });
      return toPage(doc.toObject());
    } catch (error) {
      // Two first comments racing to create the page: the loser uses the winner's page.
      if ((error as { code?: number }).code !== 11000) throw error;
      known = await findPage(site, pageId);
      if (!known) throw error;
    }
  }
  const isStale = (set.url && set.url !== known.url) || (set.title && set.title !== known.title);
  if (!isStale) return known;
  await PageModel.updateOne({ _id }, { $set: set });
  return { ...known, ...set };
}

/** savePage for callers that have not read the page yet (test factories, tools). */
export async function upsertPage(
  site: string,
  pageId: string,
  details: { url?: string; title?: string },
  now: Date,
): Promise<Page> {
  return savePage(site, pageId, details, now, await findPage(site, pageId));
}

export async function setPageClosed(site: string, pageId: string, isClosed: boolean): Promise<boolean> {
  const result = await PageModel.updateOne({ _id: pageKey(site, pageId) }, { $set: { closed: isClosed } });
  return result.matchedCount > 0;
}

/** The pages of one site, or of every site (admin paths only: it queries by site). */
export async function listPageIds(site?: string): Promise<Array<{ site: string; pageId: string }>> {
  const docs = await PageModel.find(site ? { site } : {})
    .select('site pageId')
    .lean<Array<{ site: string; pageId: string }>>();
  return docs.map(({ site: siteId, pageId }) => ({ site: siteId, pageId }));
}
