// What the privacy routes accept (/api/v1/moderation/privacy/*). POST bodies only, so an
// email never sits in a URL or an access log. These zod schemas are the single source for
// validation, the handlers' types and the API reference (privacy.openapi.ts).
import { z } from 'zod';
import { ERASURE_MODES } from './privacy.service';

const email = z
  .string({ error: 'email is required, as text.' })
  .trim()
  .refine(
    (value) => !value.includes('\u0000') && value.isWellFormed(),
    'email contains characters that are not allowed.',
  )
  .pipe(z.string().max(254, 'The email address is too long.'))
  .pipe(z.email('Not a valid email address.'))
  .meta({ description: "The commenter's email address, as they gave it (case and spaces do not matter)." });

const site = z
  .string({ error: 'site must be text.' })
  .trim()
  .min(1, 'site must not be empty.')
  .max(100, 'site is too long.')
  .meta({ description: 'Only this site; every site when left out.' });

const mode = z.enum(ERASURE_MODES, { error: 'mode must be "anonymize" or "delete".' }).meta({
  description:
    '`anonymize` keeps the text and removes name, email, URL, IP and user agent; `delete` removes the ' +
    'comments, and keeps those with replies as "This comment was deleted." placeholders.',
});

export const exportRequest = z.object({ body: z.object({ email, site: site.optional() }) });
export const eraseRequest = z.object({ body: z.object({ email, mode, site: site.optional() }) });

/** The email alone, as the command line checks it. */
export const emailSchema = email;
