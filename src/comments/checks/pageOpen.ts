import { errors } from '../../errors';
import type { Page } from '../../pages/page.model';
import type { Site } from '../../sites/site.model';
import type { Check, CheckContext } from './check';

function isClosed(site: Site, page: Page | undefined, now: Date): boolean {
  if (!page) return false;
  if (page.isClosed) return true;
  const days = site.settings.closeAfterDays;
  return days > 0 && now.getTime() - page.createdAt.getTime() > days * 86_400_000;
}

/**
 * comments_closed: refuses a page a moderator closed, or one older than the site's
 * closeAfterDays (0 keeps pages open). A page's first comment finds it open.
 */
export const pageOpen: Check<Pick<CheckContext, 'site' | 'page' | 'now'>> = {
  code: 'comments_closed',
  async run({ site, page, now }) {
    if (isClosed(await site(), await page(), now)) {
      throw errors.forbidden('comments_closed', 'Comments are closed on this page.');
    }
    return {};
  },
};
