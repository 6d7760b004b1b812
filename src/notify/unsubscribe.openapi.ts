// The unsubscribe links of reply emails in the API reference. Both answer HTML pages, their
// errors too: people open them from an email.
import { type ApiOperation, html } from '../reference/operation';
import { showRequest, unsubscribeRequest } from './unsubscribe.routes';

const TAG = 'Emails';

const LINK_ERRORS = [
  { status: 400, code: 'invalid_unsubscribe_link', when: 'The token is not one Parley signed.' },
  {
    status: 404,
    code: 'comment_not_found',
    when: 'The comment no longer exists, so no more emails are sent about it.',
  },
];

export const unsubscribeOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/unsubscribe',
    tag: TAG,
    summary: 'Show an unsubscribe link’s page',
    description:
      'The link in a reply email: a page saying what it is for, with a button. Opening it changes ' +
      'nothing, so link scanners unsubscribe nobody.',
    request: showRequest,
    responses: { 200: html('The page with the button.') },
    errors: LINK_ERRORS,
    errorMedia: 'html',
  },
  {
    method: 'post',
    path: '/unsubscribe',
    tag: TAG,
    summary: 'Unsubscribe from reply emails',
    description:
      "The page's button, or a mail client's one-click unsubscribe (RFC 8058), which posts " +
      '`List-Unsubscribe=One-Click` to the link with the token in its query.',
    request: unsubscribeRequest,
    bodyTypes: ['application/x-www-form-urlencoded', 'application/json'],
    responses: { 200: html('Done: a page saying so.') },
    errors: LINK_ERRORS,
    errorMedia: 'html',
  },
];
