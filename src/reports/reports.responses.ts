// What the report endpoints answer, as zod schemas for the API reference; sameShape() ties
// them to src/shared/reports.ts, which the dashboard reads.
import { z } from 'zod';
import { cardSchema } from '../moderation/moderation.responses';
import { sameShape } from '../reference/operation';
import { REPORT_REASONS, type ReportedComment } from '../shared/reports';

const reason = z.enum(REPORT_REASONS);

export const receivedSchema = z
  .object({ status: z.literal('received') })
  .meta({ description: 'The same answer for a first report and a repeat.' });

const reportedCommentSchema = z
  .object({
    comment: cardSchema,
    reports: z.object({
      count: z
        .number()
        .int()
        .meta({ description: 'Distinct readers who reported it since the last dismissal.' }),
      reasons: z.object({
        spam: z.number().int(),
        abuse: z.number().int(),
        off_topic: z.number().int(),
        other: z.number().int(),
      }),
      notes: z
        .array(z.object({ reason, note: z.string(), at: z.iso.datetime() }))
        .meta({ description: "The readers' notes, newest first: never shown publicly." }),
      lastReportedAt: z.iso.datetime(),
    }),
  })
  .meta({ id: 'ReportedComment' });

export const reportedListSchema = z.object({ comments: z.array(reportedCommentSchema) });

export const dismissedSchema = z.object({
  dismissed: z
    .number()
    .int()
    .meta({ description: 'How many open reports were closed (0 when there were none).' }),
});

sameShape<z.output<typeof reportedCommentSchema>, ReportedComment>();
