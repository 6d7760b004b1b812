// /api/v1/moderation/privacy in the API reference: a commenter's data on request. Admins
// only; every answer is `Cache-Control: private, no-store`.
import { authErrors } from '../auth/auth.errors';
import { type ApiOperation, documented, json } from '../reference/operation';
import { erasureSchema, exportSchema } from './privacy.responses';
import { eraseRequest, exportRequest } from './privacy.schema';

const TAG = 'A commenter’s data';
const BASE = '/api/v1/moderation/privacy';
const NOT_ADMIN = documented(authErrors.forbidden(), 'The caller is not an admin.');

export const privacyOperations: ApiOperation[] = [
  {
    method: 'post',
    path: `${BASE}/export`,
    tag: TAG,
    summary: 'Export what one email wrote',
    description:
      'Admins only (GDPR article 15). Every comment written with this email, on every site or on `site`: ' +
      'page, status, text, dates, name, email, URL, IP, user agent and edit history; with the block and trust ' +
      'entries and reply-email opt-outs that name the email. A POST, so the address never sits in a URL. ' +
      'Audited with the email’s HMAC.',
    request: exportRequest,
    auth: 'user',
    responses: { 200: json('Everything stored about the email.', exportSchema) },
    errors: [NOT_ADMIN],
  },
  {
    method: 'post',
    path: `${BASE}/erase`,
    tag: TAG,
    summary: 'Erase what one email wrote',
    description:
      'Admins only (GDPR article 17). `anonymize` keeps each comment’s text and removes its name, email, URL, ' +
      'IP, user agent, referrer and author token; `delete` removes the comments, keeping those with replies ' +
      'as "This comment was deleted." placeholders. Public threads change at once. Audited with the ' +
      'email’s HMAC, the mode and the counts.',
    request: eraseRequest,
    auth: 'user',
    responses: { 200: json('What was erased.', erasureSchema) },
    errors: [NOT_ADMIN],
  },
];
