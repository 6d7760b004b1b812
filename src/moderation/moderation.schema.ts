// What the moderation API accepts. These zod schemas are the single source for validation,
// the handlers' types and the API reference (/docs; see moderation.openapi.ts).
import { z } from 'zod';
import { COMMENT_STATUSES } from '../comments/store/comment.types';
import { decodeCursor } from './cursor';
import { STATUS_ACTIONS } from './transitions';

export const MAX_PAGE_SIZE = 100;
export const MAX_BULK = 100;
const MAX_CONTENT_BYTES = 65525;

const commentId = z
  .string({ error: 'A comment id is required.' })
  .regex(/^[0-9a-f]{24}$/i, 'Not a comment id.')
  .transform((id) => id.toLowerCase())
  .meta({ description: "A comment's id: 24 hexadecimal digits." });

const idParams = z.object({ id: commentId });

/** A query value given once; `?x=a&x=b` is refused rather than guessed at. */
const oneText = (label: string, max: number) =>
  z
    .string({ error: `${label} must be given once, as text.` })
    .trim()
    .max(max, `${label} is too long.`)
    .refine(
      (value) => !value.includes('\u0000') && value.isWellFormed(),
      `${label} contains characters that are not allowed.`,
    );

const content = z
  .string({
    error: (issue) => (issue.input === undefined ? 'Content is required.' : 'Content must be text.'),
  })
  .trim()
  .min(1, 'Please type the comment.')
  .refine((value) => Buffer.byteLength(value, 'utf8') <= MAX_CONTENT_BYTES, 'The comment is too long.')
  .refine(
    (value) => !value.includes('\u0000') && value.isWellFormed(),
    'Content contains characters that are not allowed.',
  )
  .meta({ description: `The text, sanitised as a reader's is; at most ${MAX_CONTENT_BYTES} bytes.` });

export const listRequest = z.object({
  query: z.object({
    status: z
      .enum(COMMENT_STATUSES, { error: `status must be one of ${COMMENT_STATUSES.join(', ')}.` })
      .default('pending'),
    site: oneText('site', 100)
      .pipe(z.string().min(1, 'site must not be empty.'))
      .optional()
      .meta({ description: "Only this site's comments (one the caller moderates)." }),
    pageId: oneText('pageId', 500)
      .pipe(z.string().min(1, 'pageId must not be empty.'))
      .optional()
      .meta({ description: "Only this page's comments." }),
    q: oneText('q', 200)
      .optional()
      .transform((value) => (value === '' ? undefined : value))
      .meta({ description: "Text in the content or the author's name, or a commenter's exact email." }),
    sort: z
      .enum(['newest', 'oldest'], { error: 'sort must be "newest" or "oldest".' })
      .default('newest')
      .meta({ description: 'By the time each comment was posted.' }),
    limit: z.coerce
      .number({ error: 'limit must be a number.' })
      .int('limit must be a whole number.')
      .min(1, 'limit must be at least 1.')
      .max(MAX_PAGE_SIZE, `limit must be at most ${MAX_PAGE_SIZE}.`)
      .default(25),
    cursor: z
      .string({ error: 'cursor must be given once, as text.' })
      .transform((value, ctx) => {
        const cursor = decodeCursor(value);
        if (!cursor) {
          ctx.addIssue({ code: 'custom', message: 'cursor is not one this API gave out.' });
          return z.NEVER;
        }
        return cursor;
      })
      .optional()
      .meta({ description: 'The `nextCursor` of the page before, with the same `sort`.' }),
  }),
});
export type ListRequest = z.infer<typeof listRequest>;

export const countsRequest = z.object({
  query: z.object({
    site: oneText('site', 100)
      .pipe(z.string().min(1, 'site must not be empty.'))
      .optional()
      .meta({ description: "Only this site's counts (one the caller moderates)." }),
  }),
});

export const commentRequest = z.object({ params: idParams });

export const editRequest = z.object({ params: idParams, body: z.object({ content }) });

export const replyRequest = z.object({ params: idParams, body: z.object({ content }) });

export const BULK_ACTIONS = [...STATUS_ACTIONS, 'delete'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

export const bulkRequest = z.object({
  body: z.object({
    ids: z
      .array(commentId, { error: 'ids must be a list of comment ids.' })
      .min(1, 'Give at least one comment id.')
      .max(MAX_BULK, `Give at most ${MAX_BULK} comment ids at once.`),
    action: z.enum(BULK_ACTIONS, { error: `action must be one of ${BULK_ACTIONS.join(', ')}.` }),
  }),
});
