// What the report endpoints accept: a reader's report (public) and the moderators' Reported
// tab and its two actions. The single source for validation, types and the API reference.
import { z } from 'zod';
import { MAX_REPORT_NOTE, REPORT_REASONS } from '../shared/reports';

const REASONS = REPORT_REASONS.map((reason) => `"${reason}"`).join(', ');

const commentId = z
  .string({ error: 'A comment id is required.' })
  .regex(/^[0-9a-f]{24}$/i, 'Not a comment id.')
  .transform((id) => id.toLowerCase())
  .meta({ description: "A comment's id: 24 hexadecimal digits." });

export const reportRequest = z.object({
  params: z.object({
    site: z.string().meta({ description: "The site's id, as `sites:add` created it." }),
    // Any text: an id that names no approved comment of the site answers 404, as an unknown one does.
    id: z.string().meta({ description: 'The id of the approved comment reported.' }),
  }),
  body: z.object({
    reason: z
      .enum(REPORT_REASONS, { error: `reason must be one of ${REASONS}.` })
      .meta({ description: 'Why the reader reports the comment.' }),
    note: z
      .string({ error: 'note must be text.' })
      .trim()
      .max(MAX_REPORT_NOTE, `note must be at most ${MAX_REPORT_NOTE} characters.`)
      .refine(
        (value) => !value.includes('\u0000') && value.isWellFormed(),
        'note contains characters that are not allowed.',
      )
      .optional()
      .transform((value) => value || undefined)
      .meta({
        description: `A few words for the moderators (at most ${MAX_REPORT_NOTE} characters); never shown publicly.`,
      }),
  }),
});
export type ReportInput = z.infer<typeof reportRequest>['body'];

export const reportedListRequest = z.object({
  query: z.object({
    site: z
      .string({ error: 'site must be given once, as text.' })
      .trim()
      .min(1, 'site must not be empty.')
      .max(100, 'site is too long.')
      .optional()
      .meta({ description: "Only this site's reported comments (one the caller moderates)." }),
  }),
});

export const reportedActionRequest = z.object({ params: z.object({ id: commentId }) });
