// Readers' reports in the API reference: the public report, and the moderators' Reported tab
// with its two actions.
import { z } from 'zod';
import { moderationErrors } from '../moderation/access';
import { cardAnswerSchema } from '../moderation/moderation.responses';
import { type ApiOperation, documented, json } from '../reference/operation';
import { MAX_REPORT_NOTE } from '../shared/reports';
import { dismissedSchema, receivedSchema, reportedListSchema } from './reports.responses';
import { reportedActionRequest, reportedListRequest, reportRequest } from './reports.schema';
import { REPORT_WINDOW_MS, REPORTS_PER_WINDOW, reportErrors } from './reports.service';

const BASE = '/api/v1/moderation/reports';
const FORBIDDEN_SITE = documented(
  moderationErrors.forbiddenSite(),
  'The comment’s site is not one the caller moderates.',
);
const NOT_FOUND = documented(moderationErrors.notFound(), 'No comment has this id.');

export const reportOperations: ApiOperation[] = [
  {
    method: 'post',
    path: '/api/v1/sites/:site/comments/:id/reports',
    tag: 'Comments',
    summary: 'Report a comment',
    description:
      'A reader flags an approved comment for the moderators, with a reason and an optional note ' +
      `(at most ${MAX_REPORT_NOTE} characters) that only moderators see. Each reader counts once per ` +
      'comment: by their `Parley-Author-Token` when they send one, else by their IP address. A repeat ' +
      "is answered the same and counts nothing. Once the site's `reportsToHold` readers have " +
      'reported it, the comment goes back to moderation (pending, reason `reported`) and leaves the ' +
      'public thread; that is done by the worker, within moments.',
    request: reportRequest,
    headers: z.object({
      'Parley-Author-Token': z.string().optional().meta({
        description: "The reader's token from an earlier post: they count as that reader, not as their IP.",
      }),
    }),
    responses: { 202: json('Received (also for a repeat).', receivedSchema) },
    errors: [
      { status: 403, code: 'origin_not_allowed', when: 'A browser on an origin the site does not list.' },
      { status: 404, code: 'site_not_found', when: 'No site has this id.' },
      documented(
        reportErrors.notFound(),
        'No approved comment of this site has this id (pending ones answer the same).',
      ),
      {
        status: 422,
        code: 'validation_failed',
        when: '`reason` is not one of the four, or `note` is too long; `fields` names each one.',
      },
      documented(
        reportErrors.tooMany(1),
        `More than ${REPORTS_PER_WINDOW} reports from one IP address within ${REPORT_WINDOW_MS / 60_000} minutes; \`Retry-After\` says how long to wait.`,
      ),
    ],
  },
  {
    method: 'get',
    path: BASE,
    tag: 'Moderation',
    summary: 'List reported comments',
    description:
      'The Reported tab: approved comments with open reports, most recently reported first (50 at ' +
      'most), each with how many readers reported it, their reasons and their notes.',
    request: reportedListRequest,
    auth: 'user',
    responses: { 200: json('The reported comments.', reportedListSchema) },
    errors: [documented(moderationErrors.forbiddenSite(), '`site` is not one the caller moderates.')],
  },
  {
    method: 'post',
    path: `${BASE}/:id/dismiss`,
    tag: 'Moderation',
    summary: "Dismiss a comment's reports",
    description:
      'Closes the open reports; the comment stays as it is. Reports sent afterwards count afresh, ' +
      'from the same readers too. Writes an audit entry with how many reports there were and why.',
    request: reportedActionRequest,
    auth: 'user',
    responses: { 200: json('How many reports were closed.', dismissedSchema) },
    errors: [FORBIDDEN_SITE, NOT_FOUND],
  },
  {
    method: 'post',
    path: `${BASE}/:id/send-back`,
    tag: 'Moderation',
    summary: 'Send a reported comment back to moderation',
    description:
      'Moves the approved comment to pending with reason `reported` (it leaves the public thread), ' +
      'closes its reports and writes an audit entry.',
    request: reportedActionRequest,
    auth: 'user',
    responses: { 200: json('The comment after the action.', cardAnswerSchema) },
    errors: [
      FORBIDDEN_SITE,
      NOT_FOUND,
      { status: 409, code: 'not_approved', when: 'The comment is not approved.' },
      {
        status: 409,
        code: 'status_changed',
        when: 'Someone changed the comment meanwhile: reload it and try again.',
      },
    ],
  },
];
