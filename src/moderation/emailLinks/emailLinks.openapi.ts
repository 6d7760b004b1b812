// The moderation links of notification emails in the API reference. Both answer HTML pages,
// their refusals too: moderators open them from an email.
import { type ApiOperation, html } from '../../reference/operation';
import { showEmailLinkRequest, useEmailLinkRequest } from './emailLinks.routes';
import { emailLinkErrors } from './emailLinks.service';

const TAG = 'Emails';

const LINK_ERRORS = [
  { ...summary(emailLinkErrors.invalid()), when: 'The token is not one Parley signed, or was changed.' },
  {
    ...summary(emailLinkErrors.notModerator()),
    when: 'The account is disabled, gone, or no longer moderates the site.',
  },
  { ...summary(emailLinkErrors.commentGone()), when: 'The comment was deleted.' },
  { ...summary(emailLinkErrors.used('approve')), when: 'A link from the same email was used already.' },
  { ...summary(emailLinkErrors.expired()), when: 'The email is more than 7 days old.' },
];

function summary(error: { status: number; code: string }) {
  return { status: error.status, code: error.code };
}

export const emailLinkOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/moderate/email-action',
    tag: TAG,
    summary: 'Show a moderation link’s page',
    description:
      'The Approve, Spam and Trash links of a moderator notification email: a page showing the ' +
      'comment and a button. Opening it changes nothing, so mail scanners that follow links act on nothing.',
    request: showEmailLinkRequest,
    responses: { 200: html('The page with the button, or a note that there is nothing left to do.') },
    errors: LINK_ERRORS,
    errorMedia: 'html',
  },
  {
    method: 'post',
    path: '/moderate/email-action',
    tag: TAG,
    summary: 'Moderate from a notification email',
    description:
      'The page’s button: takes the action as the moderator the email went to, audited like a ' +
      'dashboard action (with `via: email`). The first use spends the email’s three links.',
    request: useEmailLinkRequest,
    bodyTypes: ['application/x-www-form-urlencoded'],
    responses: { 200: html('Done: a page saying so.') },
    errors: [
      ...LINK_ERRORS,
      { status: 409, code: 'invalid_transition', when: 'The comment is already where the action leads.' },
      { status: 409, code: 'status_changed', when: 'Someone moderated the comment at the same moment.' },
    ],
    errorMedia: 'html',
  },
];
