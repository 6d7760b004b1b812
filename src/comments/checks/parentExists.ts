import { errors } from '../../errors';
import type { Check, CheckContext } from './check';

/**
 * parent_not_found: refuses a reply to an id that names no comment, or a comment of another
 * site (which is not this site's to show, so it is as good as missing).
 */
export const parentExists: Check<Pick<CheckContext, 'site' | 'parentId' | 'parent'>> = {
  code: 'parent_not_found',
  async run({ site, parentId, parent }) {
    if (parentId === undefined) return {};
    const found = await parent();
    if (!found || found.site !== (await site()).id) {
      throw errors.notFound('parent_not_found', 'The comment you are replying to does not exist.');
    }
    return {};
  },
};
