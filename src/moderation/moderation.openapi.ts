// /api/v1/moderation in the API reference. Every route is behind requireUser, and answers
// `Cache-Control: private, no-store`: moderators see private data.
import { authErrors } from '../auth/auth.errors';
import { type ApiOperation, type DocumentedError, documented, empty, json } from '../reference/operation';
import { moderationErrors } from './access';
import {
  bulkSchema,
  cardAnswerSchema,
  commentDetailSchema,
  countsSchema,
  listSchema,
} from './moderation.responses';
import {
  bulkRequest,
  commentRequest,
  countsRequest,
  editRequest,
  listRequest,
  replyRequest,
} from './moderation.schema';
import { akismetFeedbackFor, STATUS_ACTIONS, TRANSITIONS } from './transitions';

const TAG = 'Moderation';
const BASE = '/api/v1/moderation';

const FORBIDDEN_SITE = documented(
  moderationErrors.forbiddenSite(),
  'The comment’s site is not one the caller moderates.',
);
const NOT_FOUND = documented(moderationErrors.notFound(), 'No comment has this id.');
const STATUS_CHANGED: DocumentedError = {
  status: 409,
  code: 'status_changed',
  when: 'Someone changed the comment meanwhile: reload it and try again.',
};

function orList(words: readonly string[]): string {
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words.at(-1)}` : (words[0] ?? '');
}

// Each action's description comes from the state machine's table, so it says what the route does.
const statusActions: ApiOperation[] = STATUS_ACTIONS.map((action) => {
  const { from, to } = TRANSITIONS[action];
  const teaching = from.filter((status) => akismetFeedbackFor(status, to));
  const akismet = teaching.length
    ? ` From ${orList(teaching)}, Akismet is told (through the job queue) that it ${to === 'spam' ? 'is' : 'is not'} spam.`
    : '';
  return {
    method: 'post',
    path: `${BASE}/comments/:id/${action}`,
    tag: TAG,
    summary: `${action[0]?.toUpperCase()}${action.slice(1)} a comment`,
    description: `Moves a ${orList(from)} comment to ${to}, and writes an audit entry.${akismet}`,
    request: commentRequest,
    auth: 'user',
    responses: { 200: json('The comment after the action.', cardAnswerSchema) },
    errors: [
      FORBIDDEN_SITE,
      NOT_FOUND,
      { status: 409, code: 'invalid_transition', when: `The comment is not ${orList(from)}.` },
      STATUS_CHANGED,
    ],
  };
});

export const moderationOperations: ApiOperation[] = [
  {
    method: 'get',
    path: `${BASE}/comments`,
    tag: TAG,
    summary: 'List comments to moderate',
    description:
      'The comments of the sites the caller moderates, a page at a time; follow `nextCursor` for more.',
    request: listRequest,
    auth: 'user',
    responses: { 200: json('A page of cards.', listSchema) },
    errors: [
      documented(moderationErrors.forbiddenSite(), '`site` is not one the caller moderates.'),
      {
        status: 422,
        code: 'validation_failed',
        when: 'A parameter is wrong, or `cursor` belongs to the other `sort`; `fields` names each one.',
      },
    ],
  },
  {
    method: 'get',
    path: `${BASE}/counts`,
    tag: TAG,
    summary: 'Count comments by status',
    request: countsRequest,
    auth: 'user',
    responses: { 200: json('Counts by status, in all and by site.', countsSchema) },
    errors: [documented(moderationErrors.forbiddenSite(), '`site` is not one the caller moderates.')],
  },
  {
    method: 'post',
    path: `${BASE}/comments/bulk`,
    tag: TAG,
    summary: 'Act on many comments',
    description:
      'One action on up to 100 comments; each gets the result the single action would have given. ' +
      'Deletes take replies before their parents. A comment of a site the caller does not moderate ' +
      'refuses the whole request.',
    request: bulkRequest,
    auth: 'user',
    responses: { 200: json('One result per id, in the order given.', bulkSchema) },
    errors: [
      documented(authErrors.forbidden(), '`delete` by a moderator who is not an admin.'),
      documented(
        moderationErrors.forbiddenSite(),
        'One of the comments is on a site the caller does not moderate.',
      ),
    ],
  },
  {
    method: 'get',
    path: `${BASE}/comments/:id`,
    tag: TAG,
    summary: 'Read one comment in full',
    description:
      'The card plus the request details, the text as typed, every spam-check attempt and the audit history.',
    request: commentRequest,
    auth: 'user',
    responses: { 200: json('Everything known about the comment.', commentDetailSchema) },
    errors: [FORBIDDEN_SITE, NOT_FOUND],
  },
  {
    method: 'patch',
    path: `${BASE}/comments/:id`,
    tag: TAG,
    summary: "Edit a comment's text",
    description:
      'Sanitised again; the audit entry keeps the previous text. The same text again changes nothing.',
    request: editRequest,
    auth: 'user',
    responses: { 200: json('The comment after the edit.', cardAnswerSchema) },
    errors: [
      FORBIDDEN_SITE,
      NOT_FOUND,
      STATUS_CHANGED,
      {
        status: 422,
        code: 'validation_failed',
        when: 'The content is missing, too long, or has nothing readable left after sanitising.',
      },
    ],
  },
  {
    method: 'delete',
    path: `${BASE}/comments/:id`,
    tag: TAG,
    summary: 'Delete a comment for good',
    description: 'Admins only. A comment with replies cannot be deleted: delete them first, or trash it.',
    request: commentRequest,
    auth: 'user',
    responses: { 204: empty('Deleted.') },
    errors: [
      documented(authErrors.forbidden(), 'The caller is not an admin.'),
      FORBIDDEN_SITE,
      NOT_FOUND,
      { status: 409, code: 'has_replies', when: 'The comment has replies.' },
      STATUS_CHANGED,
    ],
  },
  ...statusActions,
  {
    method: 'post',
    path: `${BASE}/comments/:id/reply`,
    tag: TAG,
    summary: 'Reply as a moderator',
    description:
      'Published at once under an approved comment, shown as "Moderator" with a badge; it skips the spam ' +
      'check and the readers’ rules (closed pages, duplicates, flood).',
    request: replyRequest,
    auth: 'user',
    responses: { 201: json('The reply.', cardAnswerSchema) },
    errors: [
      FORBIDDEN_SITE,
      NOT_FOUND,
      { status: 409, code: 'parent_not_approved', when: 'The comment replied to is not approved.' },
      { status: 422, code: 'too_deep', when: "The reply would pass the site's `maxDepth`." },
      {
        status: 422,
        code: 'validation_failed',
        when: 'The content is missing, too long, or has nothing readable left after sanitising.',
      },
    ],
  },
];
