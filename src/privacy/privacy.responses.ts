// What the privacy routes answer, as zod schemas for the API reference; the presenter's
// return types are these schemas' outputs, so the document cannot drift from the answers.
import { z } from 'zod';
import { COMMENT_STATUSES } from '../comments/store/comment.types';
import { ERASURE_MODES } from './privacy.service';

const time = z.string().meta({ description: 'ISO 8601.' });

const exportedComment = z.object({
  id: z.string(),
  site: z.string(),
  pageId: z.string(),
  pageUrl: z.string().nullable(),
  pageTitle: z.string().nullable(),
  parentId: z.string().nullable(),
  status: z.enum(COMMENT_STATUSES),
  content: z.string().meta({ description: 'The text as readers see it (sanitised HTML).' }),
  rawContent: z.string().meta({ description: 'The text as it was typed.' }),
  name: z.string(),
  email: z.string().nullable().meta({ description: 'The address stored with the comment.' }),
  url: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  referrer: z.string().nullable(),
  notifyReplies: z.boolean(),
  createdAt: time,
  updatedAt: time,
  editedAt: time.nullable(),
  history: z
    .array(
      z.object({
        content: z.string(),
        writtenAt: time,
        replacedAt: time,
        by: z.enum(['author', 'moderator']),
      }),
    )
    .meta({ description: 'Earlier texts, oldest first.' }),
});

export const exportSchema = z
  .object({
    emailHash: z.string().meta({ description: "The email's HMAC, as Parley looks it up." }),
    comments: z.array(exportedComment).meta({ description: 'Oldest first.' }),
    listEntries: z
      .array(
        z.object({
          site: z.string(),
          list: z.enum(['block', 'trust']),
          createdAt: time,
          expiresAt: time.nullable(),
          note: z.string().nullable(),
        }),
      )
      .meta({ description: 'Block and trust entries naming this email (by its HMAC).' }),
    replyOptOuts: z
      .array(z.object({ site: z.string(), at: time }))
      .meta({ description: 'Sites where this email turned reply emails off.' }),
  })
  .meta({ id: 'CommenterData' });

export const erasureSchema = z
  .object({
    emailHash: z.string(),
    mode: z.enum(ERASURE_MODES),
    found: z.number().int().meta({ description: 'Comments found for the email.' }),
    anonymized: z.number().int(),
    deleted: z.number().int(),
    placeholders: z
      .number()
      .int()
      .meta({ description: 'Deleted, but kept as "This comment was deleted." for their replies.' }),
    skipped: z
      .number()
      .int()
      .meta({ description: 'Changed by someone else meanwhile: run the erasure again.' }),
    sites: z.array(z.string()).meta({ description: 'The sites whose comments changed.' }),
  })
  .meta({ id: 'Erasure' });

export type ExportedData = z.output<typeof exportSchema>;
export type ErasureAnswer = z.output<typeof erasureSchema>;
