// The public comment API in the API reference: what readers and embedding sites call.
import { z } from 'zod';
import { type ApiOperation, empty, json } from '../reference/operation';
import { siteSettingsSchema } from '../sites/site.schema';
import {
  countsSchema,
  postedCommentSchema,
  publicCommentSchema,
  publicThreadSchema,
} from './comment.responses';
import {
  countsRequest,
  deleteCommentRequest,
  editCommentRequest,
  listCommentsRequest,
  postCommentRequest,
} from './comment.schema';
import { postCommentRequestForSite } from './comments.routes';

const TAG = 'Comments';

// The post's fields as a site with the default settings takes them (name and email required).
const DEFAULT_SITE = {
  id: 'example',
  name: 'Example',
  url: 'https://example.org/',
  allowedOrigins: ['https://example.org'],
  settings: siteSettingsSchema.parse({}),
  createdAt: new Date(0),
};

const SITE_NOT_FOUND = { status: 404, code: 'site_not_found', when: 'No site has this id.' };

const AUTHOR_TOKEN = z.object({
  'Parley-Author-Token': z
    .string()
    .meta({ description: 'The token the post of this comment answered with.' }),
});

// What an author's edit and delete both refuse.
const AUTHOR_ERRORS = [
  { status: 401, code: 'unauthorized', when: 'No `Parley-Author-Token` header.' },
  { status: 403, code: 'origin_not_allowed', when: 'A browser on an origin the site does not list.' },
  { status: 403, code: 'not_your_comment', when: 'The token is not the one this comment was posted with.' },
  {
    status: 403,
    code: 'edit_window_closed',
    when: "More than the site's `editWindowMinutes` passed since the comment was posted (or the setting is 0).",
  },
  SITE_NOT_FOUND,
  {
    status: 404,
    code: 'comment_not_found',
    when: 'No comment of this site has this id, or it was deleted or marked spam.',
  },
  { status: 409, code: 'comment_changed', when: 'Another change of the comment landed at the same moment.' },
];

export const commentOperations: ApiOperation[] = [
  {
    method: 'post',
    path: '/api/v1/sites/:site/comments',
    tag: TAG,
    summary: 'Post a comment or a reply',
    description:
      'Stores the comment as `pending`: other readers see it once it is approved, by a moderator or ' +
      "by the site's moderation rules after the spam check. Takes JSON or a classic form post, and " +
      "WordPress's field names, so an existing WordPress comment form can post here by changing its " +
      '`action`; unknown fields are ignored. A form post that accepts HTML gets a redirect back to ' +
      'the comment, and its errors as an HTML page with a link back.',
    request: { factory: postCommentRequestForSite, shown: postCommentRequest(DEFAULT_SITE) },
    headers: z.object({
      'Idempotency-Key': z
        .string()
        .optional()
        .meta({
          description:
            '1 to 255 visible ASCII characters. A retried post with the same key and fields answers ' +
            'the first result and stores nothing new.',
        }),
      'Parley-Author-Token': z.string().optional().meta({
        description:
          "A token from the reader's earlier post: kept, so one token shows all their pending comments.",
      }),
    }),
    bodyTypes: ['application/json', 'application/x-www-form-urlencoded'],
    responses: {
      201: json('Stored. `comment.status` is `pending`.', postedCommentSchema),
      303: empty(
        "A form post that accepts HTML: to `pageUrl#comment-{id}`, only ever on the site's origins (else the site's address).",
      ),
    },
    errors: [
      { status: 403, code: 'origin_not_allowed', when: 'A browser on an origin the site does not list.' },
      {
        status: 403,
        code: 'comments_closed',
        when: "The page is closed, or older than the site's `closeAfterDays`.",
      },
      {
        status: 403,
        code: 'parent_not_approved',
        when: 'The reply is to a comment that is not approved, or is on another page.',
      },
      SITE_NOT_FOUND,
      { status: 404, code: 'parent_not_found', when: '`parentId` names no comment.' },
      {
        status: 409,
        code: 'duplicate_comment',
        when: 'The same page, parent, author, email and content within 24 hours (unless that one was trashed or deleted).',
      },
      {
        status: 409,
        code: 'idempotency_in_progress',
        when: 'A request with this `Idempotency-Key` is still being handled.',
      },
      {
        status: 409,
        code: 'idempotency_key_used',
        when: 'The comment this `Idempotency-Key` stored no longer exists.',
      },
      {
        status: 422,
        code: 'validation_failed',
        when: 'A field is missing or wrong, the comment has nothing readable left after sanitising, or `Idempotency-Key` is malformed; `fields` names each one.',
      },
      {
        status: 422,
        code: 'idempotency_key_reused',
        when: 'This `Idempotency-Key` was used for a different comment.',
      },
      { status: 422, code: 'too_deep', when: "The reply would pass the site's `maxDepth`." },
      {
        status: 429,
        code: 'too_fast',
        when: 'The same IP address or email posted within 15 seconds; `Retry-After` says how long to wait.',
      },
    ],
    errorMedia: 'json-or-html',
  },
  {
    method: 'get',
    path: '/api/v1/sites/:site/comments',
    tag: TAG,
    summary: "Read a page's thread",
    description:
      'Approved comments as a tree: one page of top-level comments, each with its approved replies ' +
      'nested oldest first. With an author token, that reader’s own pending comments appear too. ' +
      'Anonymous reads are cacheable (`Cache-Control: public, max-age=10, stale-while-revalidate=60`) ' +
      'and carry an `ETag`; a matching `If-None-Match` gets a 304. Reads with an author token are ' +
      '`private, no-store`.',
    request: listCommentsRequest,
    headers: z.object({
      'Parley-Author-Token': z.string().optional().meta({
        description: "Also show this reader's own pending comments.",
      }),
      'If-None-Match': z.string().optional().meta({ description: 'The `ETag` of an earlier read.' }),
    }),
    responses: {
      200: json('One page of the thread.', publicThreadSchema),
      304: empty('The thread has not changed since the read whose `ETag` was sent.'),
    },
    errors: [SITE_NOT_FOUND],
  },
  {
    method: 'patch',
    path: '/api/v1/sites/:site/comments/:id',
    tag: TAG,
    summary: "Edit one's own comment",
    description:
      "The comment's author replaces its text, with the author token its post answered with, within the " +
      "site's `editWindowMinutes` of posting. Only `content` changes (name, email and website stay). The new " +
      'text is sanitised and checked as a post is, then checked for spam again and moderated again: the ' +
      'comment is `pending` until then (readers see a `held` placeholder where it has replies, nothing ' +
      'otherwise), and once approved it carries `editedAt`. Moderators see the earlier texts.',
    request: editCommentRequest,
    headers: AUTHOR_TOKEN,
    responses: { 200: json('The comment as stored now.', z.object({ comment: publicCommentSchema })) },
    errors: [
      ...AUTHOR_ERRORS,
      { status: 403, code: 'comments_closed', when: 'The page was closed since.' },
      {
        status: 422,
        code: 'validation_failed',
        when: '`content` is missing, too long, or has nothing readable left after sanitising; `fields` says which.',
      },
    ],
  },
  {
    method: 'delete',
    path: '/api/v1/sites/:site/comments/:id',
    tag: TAG,
    summary: "Delete one's own comment",
    description:
      "The comment's author deletes it, with the author token its post answered with, within the site's " +
      '`editWindowMinutes` of posting. It moves to the trash (reason `author_deleted`), where moderators ' +
      'still see it; readers see a `deleted` placeholder in its place while it has approved replies, ' +
      'nothing otherwise.',
    request: deleteCommentRequest,
    headers: AUTHOR_TOKEN,
    responses: { 204: empty('Deleted.') },
    errors: AUTHOR_ERRORS,
  },
  {
    method: 'get',
    path: '/api/v1/sites/:site/counts',
    tag: TAG,
    summary: 'Count approved comments on pages',
    description: 'For lists of articles. Cacheable for 10 seconds, like a thread read.',
    request: countsRequest,
    responses: { 200: json('Approved comments by page id; 0 for a page nobody commented on.', countsSchema) },
    errors: [SITE_NOT_FOUND],
  },
];
