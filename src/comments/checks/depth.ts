import { errors } from '../../errors';
import type { Check, CheckContext } from './check';

/** too_deep: refuses a reply that would sit maxDepth levels down or deeper (top level is 0). */
export const depth: Check<Pick<CheckContext, 'site' | 'parent'>> = {
  code: 'too_deep',
  async run({ site, parent }) {
    const replied = await parent();
    if (replied && replied.depth + 1 >= (await site()).settings.maxDepth) {
      throw errors.unprocessable('too_deep', 'This conversation is nested as deeply as this site allows.');
    }
    return {};
  },
};
