// What a site's settings may be. The one source for the model's defaults, the CLI's
// `sites:set` checks and the README.
import { z } from 'zod';

const keywordList = z.array(z.string().trim().toLowerCase().min(1).max(100)).max(500);

export const siteSettingsSchema = z.object({
  /** Name and email are required on every comment (WordPress's "Comment author must fill out name and email"). */
  requireNameEmail: z.boolean().default(true),
  /** How deep replies may nest; 1 means no replies. */
  maxDepth: z.number().int().min(1).max(10).default(5),
  /** Close a page to new comments this many days after its first comment; 0 means never. */
  closeAfterDays: z.number().int().min(0).max(36500).default(0),
  /** 'all': a moderator approves every comment; 'first-time': authors with an approved comment skip the queue; 'none': approve what passes the spam check. */
  moderation: z.enum(['all', 'first-time', 'none']).default('all'),
  /** Hold a comment with this many links or more. */
  maxLinks: z.number().int().min(0).max(100).default(2),
  /** Hold a comment containing any of these words. */
  moderationKeywords: keywordList.default([]),
  /** Mark a comment containing any of these words as spam. */
  blockedKeywords: keywordList.default([]),
  /** Top-level comments per page of a thread. */
  perPage: z.number().int().min(1).max(200).default(50),
  /** Show Gravatar images (sends a hash of the email to Gravatar); identicons otherwise. */
  gravatar: z.boolean().default(false),
  /** Send an approved comment back to moderation once this many readers reported it; 0 means never. */
  reportsToHold: z.number().int().min(0).max(1000).default(3),
  /** Minutes after posting during which a commenter may edit or delete their comment; 0 turns that off. */
  editWindowMinutes: z.number().int().min(0).max(10080).default(10),
});

export type SiteSettings = z.infer<typeof siteSettingsSchema>;
export type SiteSettingName = keyof SiteSettings;

export const siteIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lowercase letters, digits and dashes (at most 63)');

const origin = z.url({ protocol: /^https?$/ }).transform((value) => new URL(value).origin);

export const newSiteSchema = z.object({
  id: siteIdSchema,
  name: z.string().trim().min(1).max(200),
  url: z.url({ protocol: /^https?$/ }),
  allowedOrigins: z.array(origin).min(1),
  settings: siteSettingsSchema.default(siteSettingsSchema.parse({})),
});

export type NewSite = z.input<typeof newSiteSchema>;

/** Reads a CLI value ("true", "5", "a,b") as the type the setting wants. */
export function parseSettingValue(name: string, raw: string): { name: SiteSettingName; value: unknown } {
  const shape = siteSettingsSchema.shape;
  if (!(name in shape)) {
    throw new Error(`unknown setting "${name}"; settings are: ${Object.keys(shape).join(', ')}`);
  }
  const settingName = name as SiteSettingName;
  const candidate: unknown =
    raw === 'true' ? true : raw === 'false' ? false : /^-?\d+$/.test(raw) ? Number(raw) : raw;
  const asList = settingName === 'moderationKeywords' || settingName === 'blockedKeywords';
  const value = asList
    ? raw
        .split(',')
        .map((word) => word.trim())
        .filter(Boolean)
    : candidate;
  const result = shape[settingName].safeParse(value);
  if (!result.success) throw new Error(`${name}: ${result.error.issues[0]?.message ?? 'invalid value'}`);
  return { name: settingName, value: result.data };
}

/** What a site's webhooks can subscribe to (src/notify delivers them). */
export const WEBHOOK_EVENTS = [
  'comment.created',
  'comment.approved',
  'comment.spam',
  'comment.trashed',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** A webhook as an operator adds it; the secret signs every delivery (X-Parley-Signature). */
export const newWebhookSchema = z.object({
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  secret: z.string().min(16, 'must be at least 16 characters').max(200),
  events: z
    .array(z.enum(WEBHOOK_EVENTS))
    .min(1)
    .transform((events) => [...new Set(events)]),
});

export type NewWebhook = z.input<typeof newWebhookSchema>;
