import { errors } from '../../errors';
import { claimDuplicateGuard, releaseDuplicateGuard } from '../guards.model';
import { findComment } from '../store/reads';
import type { Check, CheckContext } from './check';

type DuplicateContext = Pick<
  CheckContext,
  'site' | 'now' | 'commentId' | 'pageId' | 'parentId' | 'author' | 'emailHash' | 'content'
>;

/**
 * duplicate_comment: refuses the same words from the same person under the same parent
 * within DUPLICATE_WINDOW_MS. Checking is taking the guard (one insert), so two identical
 * posts in the same instant cannot both pass; the guard is given back if the comment is not
 * stored after all, and the stored comment keeps it so trashing it frees the guard.
 */
export const duplicate: Check<DuplicateContext> = {
  code: 'duplicate_comment',
  async run(context) {
    const duplicateGuard = await claimDuplicateGuard(
      {
        site: (await context.site()).id,
        pageId: context.pageId,
        parentId: context.parentId ?? null,
        author: context.author,
        emailHash: context.emailHash,
        content: context.content,
      },
      context.commentId,
      context.now,
      async (id) => (await findComment(id)) !== undefined,
    );
    if (!duplicateGuard) {
      throw errors.conflict(
        'duplicate_comment',
        'Duplicate comment detected; it looks as though you’ve already said that!',
      );
    }
    return { duplicateGuard, undo: () => releaseDuplicateGuard(duplicateGuard) };
  },
};
