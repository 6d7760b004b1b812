// /api/v1/moderation/sites/{site}/blocks and /trusts in the API reference. Behind requireUser;
// every answer is `Cache-Control: private, no-store`.
import { type ApiOperation, type DocumentedError, documented, empty, json } from '../reference/operation';
import type { CommenterList } from '../shared/commenterLists';
import { entriesSchema, entryAnswerSchema } from './commenters.responses';
import { LIST_PATHS } from './commenters.routes';
import { addBlockRequest, addTrustRequest, entryRequest, listRequest } from './commenters.schema';
import { listErrors } from './commenters.service';

const TAG = 'Block and trust lists';
const BASE = '/api/v1/moderation/sites/:site';

const SITE_ERRORS: DocumentedError[] = [
  documented(listErrors.forbiddenSite(), '`site` is not one the caller moderates.'),
  documented(listErrors.siteNotFound(), 'There is no such site (an admin asked).'),
];

const WHAT: Record<CommenterList, { noun: string; effect: string }> = {
  block: {
    noun: 'block list',
    effect:
      'A blocked commenter’s new comments are stored as spam (reason `blocked_commenter`) and answered as any ' +
      'pending comment is; they reach neither Akismet nor the moderators’ queue.',
  },
  trust: {
    noun: 'trust list',
    effect:
      'A trusted commenter’s comments skip the hold rules and the site’s moderation mode: published once ' +
      'Akismet and the blocked-words rule pass them.',
  },
};

function operationsOf(list: CommenterList): ApiOperation[] {
  const path = `${BASE}/${LIST_PATHS[list]}`;
  const { noun, effect } = WHAT[list];
  const kinds =
    list === 'block' ? '`email`, `ip`, `cidr` or `commentId` (with `by`)' : '`email` or `commentId`';
  return [
    {
      method: 'get',
      path,
      tag: TAG,
      summary: `List a site’s ${noun}`,
      description: 'Every entry, oldest first, expired ones included (`isExpired`). Emails are shown masked.',
      request: listRequest,
      auth: 'user',
      responses: { 200: json(`The ${noun}.`, entriesSchema) },
      errors: SITE_ERRORS,
    },
    {
      method: 'post',
      path,
      tag: TAG,
      summary: `Add to a site’s ${noun}`,
      description:
        `Exactly one of ${kinds}, with an optional \`expiresAt\` and \`note\`. ${effect} An email is stored as ` +
        'its HMAC and a masked form; `commentId` lists that comment’s author without the email leaving the ' +
        'server. Audited.',
      request: list === 'block' ? addBlockRequest : addTrustRequest,
      auth: 'user',
      responses: { 201: json('The new entry.', entryAnswerSchema) },
      errors: [
        ...SITE_ERRORS,
        documented(listErrors.commentNotFound(), '`commentId` names no comment of this site.'),
        documented(listErrors.alreadyListed(), 'The list already holds this value (and it has not expired).'),
        documented(listErrors.nothingToList('email'), 'The comment has no email (or IP address) to list.'),
        {
          status: 422,
          code: 'validation_failed',
          when: 'None or more than one kind, a bad email, IP or range, or `expiresAt` not in the future.',
        },
      ],
    },
    {
      method: 'delete',
      path: `${path}/:id`,
      tag: TAG,
      summary: `Remove from a site’s ${noun}`,
      description: 'The entry stops applying at once on this server, within seconds on others. Audited.',
      request: entryRequest,
      auth: 'user',
      responses: { 204: empty('Removed.') },
      errors: [...SITE_ERRORS, documented(listErrors.entryNotFound(), 'The list has no entry with this id.')],
    },
  ];
}

export const commenterListOperations: ApiOperation[] = [...operationsOf('block'), ...operationsOf('trust')];
