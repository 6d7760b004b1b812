// What the moderation API answers, as zod schemas for the API reference. The shapes are the
// ones in src/shared/moderationCard.ts: sameShape() stops tsc when either changes alone.
import { z } from 'zod';
import { sameShape } from '../reference/operation';
import { AUDIT_ACTIONS } from '../shared/audit';
import type { BulkResult, Card, CommentDetail, StatusCounts } from '../shared/moderationCard';
import { COMMENT_STATUSES, SPAM_CHECK_OUTCOMES } from '../shared/statuses';

const status = z.enum(COMMENT_STATUSES);
const outcome = z.enum(SPAM_CHECK_OUTCOMES);

export const cardSchema = z
  .object({
    id: z.string(),
    site: z.string(),
    pageId: z.string(),
    page: z.object({ url: z.string().nullable(), title: z.string().nullable() }),
    parentId: z.string().nullable(),
    parent: z
      .object({
        id: z.string(),
        author: z.string(),
        excerpt: z.string(),
        status,
        byModerator: z.boolean(),
      })
      .nullable()
      .meta({ description: 'The comment this one answers, for a reply.' }),
    depth: z.number().int(),
    author: z.object({ name: z.string(), email: z.string().nullable(), url: z.string().nullable() }),
    ip: z.string().nullable(),
    content: z.string().meta({ description: 'Sanitised HTML, as readers are shown it.' }),
    status,
    reasons: z
      .array(z.object({ code: z.string(), message: z.string() }))
      .meta({ description: 'Why the comment was held or marked spam.' }),
    byModerator: z.boolean(),
    spamCheck: z
      .object({
        state: z.enum(['due', 'done']),
        dueAt: z.iso.datetime().nullable(),
        attemptCount: z.number().int(),
        lastAttempt: z.object({ at: z.iso.datetime(), outcome, detail: z.string().nullable() }).nullable(),
      })
      .nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Card', description: 'A comment as a moderator needs it to decide: private data included.' });

const spamCheckHistorySchema = z.object({
  state: z.enum(['due', 'done']),
  dueAt: z.iso.datetime().nullable(),
  firstQueuedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
  attemptCount: z.number().int(),
  attempts: z.array(
    z.object({
      at: z.iso.datetime(),
      outcome,
      durationMs: z.number(),
      detail: z.string().nullable(),
      verdict: z.enum(['pending', 'approved', 'spam']).nullable(),
    }),
  ),
});

const auditLineSchema = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  userId: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  from: status.nullable().meta({ description: 'Null when the comment did not exist yet (a reply).' }),
  to: status.nullable().meta({ description: 'Null when the comment no longer exists (a delete).' }),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).nullable(),
});

export const commentDetailSchema = z
  .object({
    comment: cardSchema.extend({
      userAgent: z.string().nullable(),
      referrer: z.string().nullable(),
      rawContent: z.string().meta({ description: 'What the commenter typed, before sanitising.' }),
      notifyReplies: z.boolean(),
      replyCount: z.number().int(),
      editedAt: z.iso.datetime().nullable().meta({ description: 'When its author last edited it.' }),
    }),
    spamCheck: spamCheckHistorySchema
      .nullable()
      .meta({ description: 'Every attempt at checking it for spam.' }),
    audit: z.array(auditLineSchema).meta({ description: 'Its moderation history, oldest first.' }),
    history: z
      .array(
        z.object({
          content: z.string().meta({ description: 'Sanitised HTML, as readers were shown it.' }),
          writtenAt: z.iso.datetime(),
          replacedAt: z.iso.datetime(),
          by: z.enum(['author', 'moderator']),
        }),
      )
      .meta({ description: 'Its earlier texts, oldest first, each with when it was written and replaced.' }),
  })
  .meta({ id: 'CommentDetail' });

const statusCountsSchema = z
  .object({
    pending: z.number().int(),
    approved: z.number().int(),
    spam: z.number().int(),
    trash: z.number().int(),
  })
  .meta({ id: 'StatusCounts' });

export const countsSchema = z.object({
  counts: statusCountsSchema.meta({
    description: 'Over every site the caller moderates (or the one asked for).',
  }),
  sites: z.record(z.string(), statusCountsSchema).meta({ description: 'The same, by site.' }),
});

export const listSchema = z.object({
  comments: z.array(cardSchema),
  nextCursor: z
    .string()
    .nullable()
    .meta({ description: 'Send it as `cursor` for the next page; null on the last.' }),
});

const bulkResultSchema = z.object({
  id: z.string(),
  ok: z.boolean(),
  status: status
    .nullable()
    .optional()
    .meta({ description: "The comment's status after the action; null once deleted." }),
  error: z
    .object({ code: z.string(), message: z.string() })
    .optional()
    .meta({ description: 'Why this one failed: what the single action would have answered.' }),
});

export const bulkSchema = z.object({ results: z.array(bulkResultSchema) });

export const cardAnswerSchema = z.object({ comment: cardSchema });

sameShape<z.output<typeof cardSchema>, Card>();
sameShape<z.output<typeof commentDetailSchema>, CommentDetail>();
sameShape<z.output<typeof statusCountsSchema>, StatusCounts>();
sameShape<z.output<typeof bulkResultSchema>, BulkResult>();
