// Other names a page answers to: a WordPress post id, kept by the WordPress import so that a
// theme's comment form still posting `comment_post_ID=<number>` reaches the imported thread.
// `_id` = `site:postId`, so the post path looks one up by _id.
import mongoose, { Schema } from 'mongoose';
import { pageKey } from './page.model';

interface PageAliasDocument {
  _id: string;
  pageId: string;
}

export const PageAliasModel = mongoose.model<PageAliasDocument>(
  'PageAlias',
  new Schema<PageAliasDocument>(
    { _id: { type: String, required: true }, pageId: { type: String, required: true } },
    { versionKey: false },
  ),
  'page_aliases',
);

/** Records that `alias` (a WordPress post id) names the page `pageId`; the latest import wins. */
export async function savePageAlias(site: string, alias: string, pageId: string): Promise<void> {
  await PageAliasModel.replaceOne({ _id: pageKey(site, alias) }, { pageId }, { upsert: true });
}

export async function findPageAlias(site: string, alias: string): Promise<string | undefined> {
  const doc = await PageAliasModel.findById(pageKey(site, alias)).lean<PageAliasDocument>();
  return doc?.pageId;
}
