// What the public comment endpoints answer, as zod schemas for the API reference. The shapes
// are the ones in src/shared/publicComment.ts: sameShape() stops tsc when either changes alone.
import { z } from 'zod';
import { sameShape } from '../reference/operation';
import type {
  Avatar,
  CommentPlaceholder,
  PublicComment,
  PublicThread,
  ThreadNode,
} from '../shared/publicComment';

const avatarSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('identicon'), seed: z.string() }),
    z.object({ kind: z.literal('gravatar'), url: z.string(), seed: z.string() }),
  ])
  .meta({
    id: 'Avatar',
    description:
      'An identicon drawn from `seed` (an HMAC of the email, which cannot be turned back into it), ' +
      'or a Gravatar image where the site turned its `gravatar` setting on.',
  });

export const publicCommentSchema = z
  .object({
    id: z.string(),
    parentId: z.string().nullable().meta({ description: 'The comment this one replies to.' }),
    depth: z.number().int().meta({ description: '0 for a top-level comment.' }),
    author: z.object({ name: z.string(), url: z.string().nullable(), avatar: avatarSchema }),
    content: z.string().meta({ description: 'Sanitised HTML.' }),
    status: z.enum(['approved', 'pending']).meta({
      description: 'Pending only for the reader who wrote it (with their author token).',
    }),
    byModerator: z
      .literal(true)
      .optional()
      .meta({ description: 'Present on a reply a moderator of the site wrote, for a badge.' }),
    createdAt: z.iso.datetime(),
    editedAt: z.iso
      .datetime()
      .optional()
      .meta({ description: 'When its author last edited it (shown as "edited"); absent if never.' }),
    get replies() {
      return z
        .array(threadNodeSchema)
        .optional()
        .meta({ description: 'Approved replies (and placeholders), oldest first (on a thread read).' });
    },
  })
  .meta({ id: 'PublicComment', description: 'A comment as readers see it: never an email or an IP.' });

export const commentPlaceholderSchema = z
  .object({
    id: z.string(),
    parentId: z.string().nullable(),
    depth: z.number().int(),
    createdAt: z.iso.datetime(),
    deleted: z
      .literal(true)
      .optional()
      .meta({ description: 'Deleted by its author, trashed or marked spam: "This comment was deleted."' }),
    held: z
      .literal(true)
      .optional()
      .meta({ description: 'Edited (or unapproved) and waiting for moderation again.' }),
    get replies() {
      return z.array(threadNodeSchema).optional().meta({ description: 'Its replies, oldest first.' });
    },
  })
  .meta({
    id: 'CommentPlaceholder',
    description:
      'A comment no longer shown that keeps its place for its approved replies: no author, no text.',
  });

export const threadNodeSchema: z.ZodType<ThreadNode> = z.union([
  publicCommentSchema,
  commentPlaceholderSchema,
]);

export const publicThreadSchema = z
  .object({
    site: z.string(),
    pageId: z.string(),
    sort: z.enum(['oldest', 'newest']),
    page: z.number().int(),
    perPage: z.number().int(),
    totalPages: z.number().int(),
    total: z.number().int().meta({ description: 'Approved comments on the page, replies included.' }),
    topLevelTotal: z.number().int(),
    maxDepth: z.number().int().meta({ description: "The site's reply depth limit; 1 means no replies." }),
    requireNameEmail: z.boolean(),
    editWindowMinutes: z.number().int().meta({
      description:
        'Minutes after posting during which a commenter may edit or delete their comment; 0: never.',
    }),
    comments: z.array(threadNodeSchema).meta({ description: 'One page of top-level comments.' }),
  })
  .meta({ id: 'PublicThread', description: "One page of a page's thread." });

export const postedCommentSchema = z.object({
  comment: publicCommentSchema,
  authorToken: z.string().meta({
    description:
      "The reader's token: send it back as `Parley-Author-Token` to see their own pending comments.",
  }),
});

export const countsSchema = z.object({
  counts: z
    .record(z.string(), z.number().int())
    .meta({ description: 'Approved comments by page id.', example: { '/a': 12, '/b': 0 } }),
});

sameShape<z.output<typeof avatarSchema>, Avatar>();
sameShape<z.output<typeof publicCommentSchema>, PublicComment>();
sameShape<z.output<typeof commentPlaceholderSchema>, CommentPlaceholder>();
sameShape<z.output<typeof publicThreadSchema>, PublicThread>();
