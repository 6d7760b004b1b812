// The sites and page addresses the checks read. Checks of one site come in runs, so each is
// read once per few seconds rather than once per comment.
import { LRUCache } from 'lru-cache';
import { type CommenterLists, createCommenterListReader } from '../../commenters/matcher';
import { findPage } from '../../pages/page.model';
import { findSiteWithAkismetKey, type Site } from '../../sites/site.model';

/** How long the worker trusts what it read of a site (its settings, key) or a page's address. */
export const SITE_CACHE_MS = 5000;

export interface SiteLookups {
  /** The site with its own Akismet key, if it has one; undefined once it is gone. */
  findSite(id: string): Promise<Site | undefined>;
  /** The page's address (Akismet's permalink). */
  findPageUrl(site: string, pageId: string): Promise<string | undefined>;
  /** The site's block and trust lists (src/commenters/). */
  findCommenterLists(site: string): Promise<CommenterLists>;
}

export function createSiteLookups(): SiteLookups {
  const sites = new LRUCache<string, Site>({
    max: 1000,
    ttl: SITE_CACHE_MS,
    fetchMethod: (id) => findSiteWithAkismetKey(id),
  });
  const pageUrls = new LRUCache<string, string>({
    max: 10_000,
    ttl: SITE_CACHE_MS,
    fetchMethod: async (key) => {
      const [site, pageId] = JSON.parse(key) as [string, string];
      return (await findPage(site, pageId))?.url;
    },
  });
  const commenterLists = createCommenterListReader({ revalidateMs: SITE_CACHE_MS });
  return {
    findSite: (id) => sites.fetch(id),
    findCommenterLists: (site) => commenterLists.read(site),
    findPageUrl: (site, pageId) => pageUrls.fetch(JSON.stringify([site, pageId])),
  };
}
