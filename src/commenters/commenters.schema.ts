// What the block and trust list routes accept. These zod schemas are the single source for
// validation, the handlers' types and the API reference (commenters.openapi.ts).
import { z } from 'zod';
import { normaliseCidr, normaliseIp } from './address';
import type { EntryTarget, NewEntry } from './commenters.service';

const MAX_NOTE = 200;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;

const site = z
  .string()
  .min(1)
  .max(100)
  .meta({ description: 'The site whose list it is (one the caller moderates).' });

const text = (label: string) =>
  z
    .string({ error: `${label} must be text.` })
    .trim()
    .refine(
      (value) => !value.includes('\u0000') && value.isWellFormed(),
      `${label} contains characters that are not allowed.`,
    );

const email = text('email')
  .pipe(z.string().max(100, 'The email address is too long.'))
  .pipe(z.email('Not a valid email address.'))
  .meta({ description: 'Hashed (HMAC) and masked before it is stored; never shown again in full.' });

const ip = text('ip')
  .transform((value, ctx) => {
    const address = normaliseIp(value);
    if (address) return address;
    ctx.addIssue({ code: 'custom', message: 'Not an IPv4 or IPv6 address.' });
    return z.NEVER;
  })
  .meta({ description: 'An IPv4 or IPv6 address.' });

const cidr = text('cidr')
  .transform((value, ctx) => {
    const range = normaliseCidr(value);
    if ('cidr' in range) return range.cidr;
    ctx.addIssue({
      code: 'custom',
      message:
        range.problem === 'too_wide'
          ? 'The range is too wide: at least /8 for IPv4, /16 for IPv6.'
          : 'Not a CIDR range (address/prefix, such as 192.0.2.0/24 or 2001:db8::/32).',
    });
    return z.NEVER;
  })
  .meta({ description: 'An IPv4 or IPv6 range, address/prefix: at least /8 (IPv4) or /16 (IPv6).' });

const commentId = z
  .string({ error: 'commentId must be text.' })
  .regex(/^[0-9a-f]{24}$/i, 'Not a comment id.')
  .transform((id) => id.toLowerCase())
  .meta({ description: "A comment of this site: its author's email or IP is listed, read on the server." });

const expiresAt = z
  .string({ error: 'expiresAt must be an ISO 8601 date or time.' })
  .refine(
    (value) => ISO_TIME.test(value) && !Number.isNaN(Date.parse(value)),
    'expiresAt must be an ISO 8601 date or time.',
  )
  .transform((value) => new Date(value))
  .meta({ description: 'When the entry stops applying (ISO 8601, in the future). Never, when left out.' });

const note = text('note')
  .pipe(z.string().max(MAX_NOTE, `note must be at most ${MAX_NOTE} characters.`))
  .meta({ description: `A short note for moderators; at most ${MAX_NOTE} characters.` });

const TARGETS = ['email', 'ip', 'cidr', 'commentId'] as const;

function entryBody(kinds: readonly (typeof TARGETS)[number][]) {
  const by = z
    .enum(kinds.includes('ip') ? ['email', 'ip'] : ['email'], {
      error: kinds.includes('ip') ? 'by must be "email" or "ip".' : 'by must be "email".',
    })
    .meta({ description: "With `commentId`: list the author's email or IP address." });
  return z
    .object({
      email: email.optional(),
      ...(kinds.includes('ip') && { ip: ip.optional(), cidr: cidr.optional() }),
      commentId: commentId.optional(),
      by: kinds.includes('ip') ? by.optional() : by.default('email'),
      expiresAt: expiresAt.optional(),
      note: note.optional(),
    })
    .superRefine((body, ctx) => {
      const given = kinds.filter((kind) => (body as Record<string, unknown>)[kind] !== undefined);
      const choice = kinds.map((kind) => `\`${kind}\``).join(', ');
      if (given.length !== 1) {
        const message = given.length ? `Give only one of ${choice}.` : `Give one of ${choice}.`;
        for (const kind of given.length ? given : kinds)
          ctx.addIssue({ code: 'custom', path: [kind], message });
      }
      if (body.commentId !== undefined && body.by === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['by'],
          message: 'by ("email" or "ip") is required with commentId.',
        });
      }
    })
    .transform((body): NewEntry => {
      const fields = body as {
        email?: string;
        ip?: string;
        cidr?: string;
        commentId?: string;
        by?: 'email' | 'ip';
      };
      const target: EntryTarget =
        fields.email !== undefined
          ? { kind: 'email', email: fields.email }
          : fields.ip !== undefined
            ? { kind: 'ip', ip: fields.ip }
            : fields.cidr !== undefined
              ? { kind: 'cidr', cidr: fields.cidr }
              : { kind: 'comment', commentId: fields.commentId as string, by: fields.by ?? 'email' };
      return {
        target,
        ...(body.expiresAt && { expiresAt: body.expiresAt }),
        ...(body.note && { note: body.note }),
      };
    });
}

const siteParams = z.object({ site });
const entryParams = z.object({
  site,
  id: z
    .string()
    .regex(/^[0-9a-f]{24}$/i, 'Not an entry id.')
    .transform((id) => id.toLowerCase())
    .meta({ description: "An entry's id, as the list gives it." }),
});

export const addBlockRequest = z.object({ params: siteParams, body: entryBody(TARGETS) });
export const addTrustRequest = z.object({ params: siteParams, body: entryBody(['email', 'commentId']) });
export const listRequest = z.object({ params: siteParams });
export const entryRequest = z.object({ params: entryParams });
