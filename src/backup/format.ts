// The backup file: NDJSON, one JSON object per line, each with a `type`. A header first, the
// site, then its pages, comments, list entries, reports and audit entries, and an `end` line
// with the counts, so a cut-off file is told from a whole one. Lines carry no site id: the
// header names the site they came from, and a restore writes them under the site it is given.
// These zod schemas are the one source for what a restore accepts.
import { z } from 'zod';
import { COMMENT_STATUSES, SPAM_CHECK_OUTCOMES } from '../comments/store/comment.types';
import { AUDIT_ACTIONS, LIST_AUDIT_ACTIONS, PRIVACY_AUDIT_ACTIONS } from '../shared/audit';
import { COMMENTER_LISTS, ENTRY_KINDS } from '../shared/commenterLists';
import { REPORT_REASONS } from '../shared/reports';
import { siteSettingsSchema, WEBHOOK_EVENTS } from '../sites/site.schema';

export const BACKUP_FORMAT = 'parley-backup';
export const BACKUP_VERSION = 1;

const date = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
const objectId = z.string().regex(/^[0-9a-f]{24}$/, 'must be a 24-digit hexadecimal id');
const text = z.string();

export const headerLine = z.object({
  type: z.literal('header'),
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  site: z.string().min(1),
  exportedAt: date,
  includesEmails: z.boolean(),
  includesSecrets: z.boolean(),
});

const siteLine = z.object({
  type: z.literal('site'),
  name: text,
  url: text,
  allowedOrigins: z.array(text),
  settings: siteSettingsSchema,
  createdAt: date,
  akismetKey: text.optional(),
  webhooks: z
    .array(z.object({ id: text, url: text, secret: text, events: z.array(z.enum(WEBHOOK_EVENTS)) }))
    .optional(),
});

const pageLine = z.object({
  type: z.literal('page'),
  pageId: z.string().min(1),
  url: text.optional(),
  title: text.optional(),
  isClosed: z.boolean(),
  createdAt: date,
});

const spamCheck = z.object({
  state: z.enum(['due', 'done']),
  dueAt: date,
  attempts: z.array(
    z.object({
      at: date,
      outcome: z.enum(SPAM_CHECK_OUTCOMES),
      durationMs: z.number(),
      detail: text.optional(),
      verdict: z.enum(['pending', 'approved', 'spam']).optional(),
    }),
  ),
  attemptCount: z.number().int(),
  firstQueuedAt: date,
  finishedAt: date.optional(),
  round: z.number().int().optional(),
});

const commentLine = z.object({
  type: z.literal('comment'),
  id: objectId,
  pageId: z.string().min(1),
  parentId: objectId.nullable(),
  ancestorIds: z.array(objectId),
  threadId: objectId,
  depth: z.number().int().min(0),
  author: text,
  authorUrl: text.optional(),
  avatarSeed: text,
  content: text,
  rawContent: text,
  status: z.enum(COMMENT_STATUSES),
  reasons: z.array(z.object({ code: text, message: text })),
  notifyReplies: z.boolean(),
  byModerator: z.boolean().optional(),
  changeSeq: z.number().int().min(0),
  /** The plain address, only in a backup written with --include-emails. */
  email: text.optional(),
  emailHash: text.optional(),
  gravatarHash: text.optional(),
  request: z.object({ ip: text.optional(), userAgent: text.optional(), referrer: text.optional() }),
  authorTokenHash: text.optional(),
  spamCheck: spamCheck.optional(),
  editedAt: date.optional(),
  history: z
    .array(
      z.object({ content: text, writtenAt: date, replacedAt: date, by: z.enum(['author', 'moderator']) }),
    )
    .optional(),
  createdAt: date,
  updatedAt: date,
});

const entryLine = z.object({
  type: z.literal('entry'),
  id: objectId,
  list: z.enum(COMMENTER_LISTS),
  kind: z.enum(ENTRY_KINDS),
  value: text,
  display: text,
  note: text.optional(),
  addedBy: z.object({ id: text, name: text }),
  commentId: text.optional(),
  createdAt: date,
  expiresAt: date.optional(),
});

const reportLine = z.object({
  type: z.literal('report'),
  id: z.string().min(1),
  commentId: objectId,
  reason: z.enum(REPORT_REASONS),
  note: text.optional(),
  at: date,
  auditId: text,
});

const auditLine = z.object({
  type: z.literal('audit'),
  id: objectId,
  at: date,
  userId: text,
  action: z.enum([...AUDIT_ACTIONS, ...LIST_AUDIT_ACTIONS, ...PRIVACY_AUDIT_ACTIONS]),
  commentId: objectId.optional(),
  from: z.enum(COMMENT_STATUSES).nullable(),
  to: z.enum(COMMENT_STATUSES).nullable(),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
});

export const COUNTED = ['page', 'comment', 'entry', 'report', 'audit'] as const;
export type Counted = (typeof COUNTED)[number];
export type Counts = Record<Counted, number>;

const endLine = z.object({
  type: z.literal('end'),
  counts: z.object(
    Object.fromEntries(COUNTED.map((name) => [name, z.number().int().min(0)])) as {
      [K in Counted]: z.ZodNumber;
    },
  ),
});

/** Any line after the header. */
export const bodyLine = z.discriminatedUnion('type', [
  siteLine,
  pageLine,
  commentLine,
  entryLine,
  reportLine,
  auditLine,
  endLine,
]);

export type HeaderLine = z.infer<typeof headerLine>;
export type BodyLine = z.infer<typeof bodyLine>;
export type SiteLine = z.infer<typeof siteLine>;
export type CommentLine = z.infer<typeof commentLine>;

export function emptyCounts(): Counts {
  return { page: 0, comment: 0, entry: 0, report: 0, audit: 0 };
}

/** A line as JSON: dates as ISO strings, undefined fields left out. */
export function lineOf(value: object): string {
  return `${JSON.stringify(value)}\n`;
}
