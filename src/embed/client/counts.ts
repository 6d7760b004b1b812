// Comment counts for article lists: every <span data-parley-count="/page-id"> on the page is
// filled from one request per site (up to 100 pages a request, the API's limit).
import { createApi } from './api';
import { countText, stringsFor } from './locale';

const PAGES_PER_REQUEST = 100;

export async function fillCounts(base: string, defaultSite: string | undefined): Promise<void> {
  const bySite = new Map<string, HTMLElement[]>();
  for (const span of Array.from(document.querySelectorAll<HTMLElement>('[data-parley-count]'))) {
    const site = span.dataset.parleySite ?? defaultSite;
    if (site) bySite.set(site, [...(bySite.get(site) ?? []), span]);
  }
  for (const [site, spans] of bySite) {
    const pageIds = [...new Set(spans.map((span) => span.dataset.parleyCount as string))];
    for (let start = 0; start < pageIds.length; start += PAGES_PER_REQUEST) {
      const counts = await createApi(base, site)
        .counts(pageIds.slice(start, start + PAGES_PER_REQUEST))
        .catch(() => ({}) as Record<string, number>);
      for (const span of spans) {
        const count = counts[span.dataset.parleyCount as string];
        const lang = span.dataset.lang ?? span.closest('[lang]')?.getAttribute('lang') ?? undefined;
        if (count !== undefined) span.textContent = countText(stringsFor(lang), count);
      }
    }
  }
}
