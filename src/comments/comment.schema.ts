// What the public comment endpoints accept. These zod schemas are the single source for
// validation, the handlers' types and the API reference (/docs; see comments.openapi.ts).
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

/** A comment's text as a reader sends it, when posting or editing. */
function commentContent() {
  return text('Comment')
    .refine((value) => value.length > 0, 'Please type your comment.')
    .refine((value) => Buffer.byteLength(value, 'utf8') <= LIMITS.contentBytes, 'Your comment is too long.');
}

const siteParams = z.object({
  site: z.string().meta({ description: "The site's id, as `sites:add` created it." }),
});

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
      pageId: text('Page id')
        .pipe(z.string().min(1, 'Page id is required.').max(LIMITS.pageId, 'Page id is too long.'))
        .meta({
          description: `The site's own id for the article, such as its canonical path; at most ${LIMITS.pageId} characters. WordPress name: \`comment_post_ID\`.`,
        }),
      pageUrl: optional(
        httpUrl('Page URL', LIMITS.pageUrl).refine(
          (url) => isOnSite(site, url),
          'Page URL must be on this site.',
        ),
      ).meta({
        description: "The article's address, on one of the site's origins: where a form post returns to.",
      }),
      pageTitle: optional(
        text('Page title').pipe(z.string().max(LIMITS.title, 'Page title is too long.')),
      ).meta({ description: "The article's title, for moderators and emails." }),
      parentId: optional(
        text('Reply target').pipe(z.string().regex(/^[0-9a-f]{24}$/i, 'Reply target is not a comment.')),
      ).meta({
        description: 'The comment this one answers. WordPress name: `comment_parent` (`0` means none).',
      }),
      author: (required
        ? z
            .preprocess((value) => (value === '' ? undefined : value), author)
            .pipe(z.string().min(1, 'Please enter your name.'))
        : optional(author)
      ).meta({
        description: `The commenter's name, stored as plain text (escape it where you show it); at most ${LIMITS.author} characters. Required when the site's \`requireNameEmail\` is on.`,
      }),
      email: (required
        ? z.preprocess((value) => (value === '' ? undefined : value), email)
        : optional(email)
      ).meta({
        description: `Never published, and encrypted at rest; at most ${LIMITS.email} characters. Required when the site's \`requireNameEmail\` is on.`,
      }),
      url: optional(httpUrl('Website', LIMITS.url)).meta({
        description: `The commenter's website: \`http(s)://\` only, at most ${LIMITS.url} characters.`,
      }),
      content: commentContent().meta({
        description: `At most ${LIMITS.contentBytes} bytes, sanitised to WordPress's comment tags (docs/api.md lists them): line breaks become paragraphs, links get \`rel="nofollow ugc noopener"\`, and only http, https and mailto links are kept. WordPress name: \`comment\`.`,
      }),
      notifyReplies: optional(flag)
        .transform((value) => value === true || ['on', 'yes', 'true', '1'].includes(String(value)))
        .meta({ description: '`true` or `on`: email me when a reply to this comment is approved.' }),
      [HONEYPOT_FIELD]: z.unknown().optional().meta({
        description:
          'The honeypot, hidden from people: leave it out. A post that fills it is answered as usual and stored as spam.',
      }),
    },
    { error: 'The request body must be an object of fields.' },
  );
  return z.object({ params: siteParams, body: z.preprocess(acceptWordPressNames, body) });
}

export type PostCommentRequest = z.infer<ReturnType<typeof postCommentRequest>>;
export type CommentFields = PostCommentRequest['body'];

const pageIdParam = z
  .string({ error: 'pageId is required.' })
  .min(1, 'pageId is required.')
  .max(LIMITS.pageId, 'pageId is too long.')
  .refine(isCleanText, 'pageId contains characters that are not allowed.');

export const listCommentsRequest = z.object({
  params: siteParams,
  query: z.object({
    pageId: pageIdParam.meta({ description: 'The page, by the id its comments were posted with.' }),
    sort: z
      .enum(['oldest', 'newest'], { error: 'sort must be "oldest" or "newest".' })
      .default('oldest')
      .meta({ description: 'The order of top-level comments; replies are always oldest first.' }),
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
      .optional()
      .meta({ description: "Top-level comments per page; the site's `perPage` setting when not given." }),
    authorToken: z.string({ error: 'authorToken must be text.' }).max(200).optional().meta({
      description:
        "Also show this reader's own pending comments (the `Parley-Author-Token` header does the same).",
    }),
    /** The comment a plain form post's return address names; its hash comes as a header. */
    unapproved: z
      .string({ error: 'unapproved must be a comment id.' })
      .regex(COMMENT_ID_PATTERN, 'unapproved must be a comment id.')
      .optional()
      .meta({
        description:
          'A comment a plain form post just stored (its return address names it); shown, while pending, only with its hash in the `Parley-Moderation-Hash` header.',
      }),
  }),
});

export const countsRequest = z.object({
  params: siteParams,
  query: z.object({
    pageId: z
      .union([pageIdParam, z.array(pageIdParam).max(100, 'Ask for at most 100 pages at once.')], {
        error: 'pageId is required.',
      })
      .transform((value) => (Array.isArray(value) ? value : [value]))
      .meta({ description: 'A page id; repeat the parameter for more pages (at most 100).' }),
  }),
});

const authorActionParams = siteParams.extend({
  id: z.string().max(100).meta({ description: 'The comment, by the id its post answered with.' }),
});

/** An author's edit of their comment: its new text only (name, email and website stay). */
export const editCommentRequest = z.object({
  params: authorActionParams,
  body: z.object(
    {
      content: commentContent().meta({
        description: `The new text: the same rules as a post's \`content\` (at most ${LIMITS.contentBytes} bytes, sanitised the same way).`,
      }),
    },
    { error: 'The request body must be an object of fields.' },
  ),
});

export const deleteCommentRequest = z.object({ params: authorActionParams });
