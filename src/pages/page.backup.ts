// A site's pages as a backup holds them (src/backup/): read with a cursor, restored in batches.
import { ignoringDuplicates } from '../db/duplicates';
import { type Page, PageModel, pageKey } from './page.model';

export type PageRecord = Omit<Page, 'site'>;

interface PageDocument {
  _id: string;
  site: string;
  pageId: string;
  url?: string;
  title?: string;
  closed?: boolean;
  createdAt: Date;
}

export async function* streamSitePages(site: string): AsyncGenerator<PageRecord> {
  for await (const doc of PageModel.find({ site }).lean<PageDocument>().cursor({ batchSize: 500 })) {
    const page = doc as unknown as PageDocument;
    yield {
      pageId: page.pageId,
      ...(page.url && { url: page.url }),
      ...(page.title && { title: page.title }),
      isClosed: page.closed ?? false,
      createdAt: page.createdAt,
    };
  }
}

export async function siteHasPages(site: string): Promise<boolean> {
  return (await PageModel.exists({ site })) !== null;
}

export async function insertPages(site: string, pages: PageRecord[]): Promise<void> {
  if (pages.length === 0) return;
  await ignoringDuplicates(
    PageModel.insertMany(
      pages.map(({ pageId, isClosed, ...fields }) => ({
        _id: pageKey(site, pageId),
        site,
        pageId,
        closed: isClosed,
        ...fields,
      })),
      { ordered: false },
    ),
  );
}
