import { errors } from '../../errors';
import { visibleText } from '../sanitize';
import type { Check, CheckContext } from './check';

function refuseEmpty(message: string): Check<Pick<CheckContext, 'content'>> {
  return {
    code: 'validation_failed',
    run({ content }) {
      if (visibleText(content) === '') throw errors.validationFailed({ content: message });
      return {};
    },
  };
}

/**
 * validation_failed (on content): the schema refuses blank text, but text made only of
 * markup is blank once sanitised. A reader is asked to type something.
 */
export const contentNotEmpty = refuseEmpty(
  'Please type your comment: nothing readable is left once markup is removed.',
);

/** validation_failed (on content), for a moderator's edit or reply. */
export const moderatorContentNotEmpty = refuseEmpty('Nothing readable is left once markup is removed.');
