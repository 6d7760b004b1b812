// What the public comment endpoints accept. These zod schemas are the single source for
// validation, the handlers' types and the API documentation in README.md.
import { z } from 'zod';
import { COMMENT_ID_PATTERN } from '../shared/heldComment';
import type { Site } from '../sites/site.model';
import { isOnSite } from './formResponse';

/** The honeypot: hidden from people by the embed and the documented form, filled by bots. */
export const HONEYPOT_FIELD = 'homepage';

const LIMITS = {
  author: 245,
  email: 100,
  url: 200,
  contentBytes: 65525,
  pageId: 500,
  pageUrl: 2000,
  title: 500,
};

function isCleanText(value: string): boolean {
  return !value.includes('\u0000') && value.isWellFormed();
}

/** A text field with messages a reader understands, for every way it can be wrong. */
function text(label: string) {
  return z
    .string({
      error: (issue) => (issue.input === undefined ? `${label} is required.` : `${label} must be text.`),
    })
    .refine(isCleanText, `${label} contains characters that are not allowed.`)
    .transform((value) => value.trim());
}

/** Form posts send empty strings for fields left blank; those mean "not given". */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === '' || value === null ? undefined : value), schema.optional());
}

const httpUrl = (label: string, max: number) =>
  text(label)
    .pipe(z.string().max(max, `${label} is too long.`))
    .pipe(
      z.url({
        protocol: /^https?$/,
        error: `${label} must be a web address starting with http:// or https://.`,
      }),
    );

const flag = z.union([z.boolean(), z.enum(['on', 'yes', 'true', '1', 'off', 'no', 'false', '0'])], {
  error: 'Must be true or false.',
});

// WordPress's comment form field names, so an existing form can post to Parley unchanged.
const WORDPRESS_NAMES: Record<string, string> = {
  comment: 'content',
  comment_parent: 'parentId',
  comment_post_ID: 'pageId',
};

function acceptWordPressNames(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const mapped: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  for (const [theirs, ours] of Object.entries(WORDPRESS_NAMES)) {
    if (mapped[ours] === undefined && mapped[theirs] !== undefined) mapped[ours] = mapped[theirs];
  }
  // WordPress posts comment_parent=0 for a top-level comment.
  if (mapped.parentId === '0' || mapped.parentId === 0) mapped.parentId = undefined;
  return mapped;
}

export function postCommentRequest(site: Site) {
  const required = site.settings.requireNameEmail;
  const author = text('Name').pipe(z.string().max(LIMITS.author, 'Your name is too long.'));
  const email = text('Email')
    .pipe(z.string().max(LIMITS.email, 'Your email address is too long.'))
    .pipe(z.email('Please enter a valid email address.'));
  const body = z.object(
    {
      pageId: text('Page id').pipe(
        z.string().min(1, 'Page id is required.').max(LIMITS.pageId, 'Page id is too long.'),
      ),
      pageUrl: optional(
        httpUrl('Page URL', LIMITS.pageUrl).refine(
          (url) => isOnSite(site, url),
          'Page URL must be on this site.',
        ),
      ),
      pageTitle: optional(text('Page title').pipe(z.string().max(LIMITS.title, 'Page title is too long.'))),
      parentId: optional(
        text('Reply target').pipe(z.string().regex(/^[0-9a-f]{24}$/i, 'Reply target is not a comment.')),
      ),
      author: required
        ? z
            .preprocess((value) => (value === '' ? undefined : value), author)
            .pipe(z.string().min(1, 'Please enter your name.'))
        : optional(author),
      email: required ? z.preprocess((value) => (value === '' ? undefined : value), email) : optional(email),
      url: optional(httpUrl('Website', LIMITS.url)),
      content: text('Comment')
        .refine((value) => value.length > 0, 'Please type your comment.')
        .refine(
          (value) => Buffer.byteLength(value, 'utf8') <= LIMITS.contentBytes,
          'Your comment is too long.',
        ),
      notifyReplies: optional(flag).transform(
        (value) => value === true || ['on', 'yes', 'true', '1'].includes(String(value)),
      ),
      [HONEYPOT_FIELD]: z.unknown().optional(),
    },
    { error: 'The request body must be an object of fields.' },
  );
  return z.object({
    params: z.object({ site: z.string() }),
    body: z.preprocess(acceptWordPressNames, body),
  });
}

export type PostCommentRequest = z.infer<ReturnType<typeof postCommentRequest>>;
export type CommentFields = PostCommentRequest['body'];

const pageIdParam = z
  .string({ error: 'pageId is required.' })
  .min(1, 'pageId is required.')
  .max(LIMITS.pageId, 'pageId is too long.')
  .refine(isCleanText, 'pageId contains characters that are not allowed.');

export const listCommentsRequest = z.object({
  params: z.object({ site: z.string() }),
  query: z.object({
    pageId: pageIdParam,
    sort: z.enum(['oldest', 'newest'], { error: 'sort must be "oldest" or "newest".' }).default('oldest'),
    page: z.coerce
      .number({ error: 'page must be a number.' })
      .int('page must be a whole number.')
      .min(1, 'page starts at 1.')
      .default(1),
    perPage: z.coerce
      .number({ error: 'perPage must be a number.' })
      .int('perPage must be a whole number.')
      .min(1, 'perPage must be at least 1.')
      .max(200, 'perPage must be at most 200.')
      .optional(),
    authorToken: z.string({ error: 'authorToken must be text.' }).max(200).optional(),
    /** The comment a plain form post's return address names; its hash comes as a header. */
    unapproved: z
      .string({ error: 'unapproved must be a comment id.' })
      .regex(COMMENT_ID_PATTERN, 'unapproved must be a comment id.')
      .optional(),
  }),
});

export const countsRequest = z.object({
  params: z.object({ site: z.string() }),
  query: z.object({
    pageId: z
      .union([pageIdParam, z.array(pageIdParam).max(100, 'Ask for at most 100 pages at once.')], {
        error: 'pageId is required.',
      })
      .transform((value) => (Array.isArray(value) ? value : [value])),
  }),
});
