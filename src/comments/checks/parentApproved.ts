import { type AppError, errors } from '../../errors';
import type { Check, CheckContext } from './check';

function replyOnlyUnderApproved(refuse: () => AppError): Check<Pick<CheckContext, 'pageId' | 'parent'>> {
  return {
    code: 'parent_not_approved',
    async run({ pageId, parent }) {
      const replied = await parent();
      if (replied && (replied.status !== 'approved' || replied.pageId !== pageId)) throw refuse();
      return {};
    },
  };
}

/**
 * parent_not_approved: a reader replies only under a published comment of the same page,
 * since a reply shows under its parent and a pending parent is not shown.
 */
export const parentApproved = replyOnlyUnderApproved(() =>
  errors.forbidden('parent_not_approved', 'You can only reply to published comments on this page.'),
);

/**
 * parent_not_approved, for a moderator's reply (which goes on its parent's page): the parent
 * is theirs to approve, so they are told to, with a 409 as for any comment in the wrong state.
 */
export const moderatorParentApproved = replyOnlyUnderApproved(() =>
  errors.conflict('parent_not_approved', 'Approve the comment before replying to it.'),
);
