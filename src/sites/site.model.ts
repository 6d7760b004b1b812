// Sites that embed Parley. Mongoose stays in this file; callers get plain objects.
import { randomBytes } from 'node:crypto';
import mongoose, { Schema } from 'mongoose';
import { AppError } from '../errors';
import {
  type NewSite,
  type NewWebhook,
  newSiteSchema,
  newWebhookSchema,
  type SiteSettingName,
  type SiteSettings,
  siteSettingsSchema,
  type WebhookEvent,
} from './site.schema';

export interface Site {
  id: string;
  name: string;
  url: string;
  allowedOrigins: string[];
  settings: SiteSettings;
  akismetKey?: string;
  createdAt: Date;
}

/** A site's webhook, secret included: read only by the code that signs deliveries. */
export interface SiteWebhook {
  id: string;
  url: string;
  secret: string;
  events: WebhookEvent[];
}

/** A site as its operator is shown it: whether it has its own Akismet key, and webhooks without secrets. */
export interface SiteOverview extends Omit<Site, 'akismetKey'> {
  hasAkismetKey: boolean;
  webhooks: Array<Omit<SiteWebhook, 'secret'>>;
}

interface SiteDocument {
  _id: string;
  name: string;
  url: string;
  allowedOrigins: string[];
  settings: Partial<SiteSettings>;
  akismetKey?: string;
  webhooks?: SiteWebhook[];
  /** The backup being restored into the site (src/backup/restore.ts), until it is whole. */
  restoring?: string;
  createdAt: Date;
}

const siteSchema = new Schema<SiteDocument>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    url: { type: String, required: true },
    allowedOrigins: { type: [String], default: [] },
    settings: { type: Schema.Types.Mixed, default: {} },
    akismetKey: { type: String, select: false },
    webhooks: {
      type: [
        new Schema<SiteWebhook>(
          { id: String, url: String, secret: String, events: [String] },
          { _id: false },
        ),
      ],
      default: undefined,
      select: false,
    },
    restoring: { type: String, select: false },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);

export const SiteModel = mongoose.model<SiteDocument>('Site', siteSchema);

export class SiteExistsError extends AppError {
  constructor(id: string) {
    super(409, 'site_exists', `A site with the id "${id}" already exists.`);
  }
}

function toSite(doc: SiteDocument): Site {
  return {
    id: doc._id,
    name: doc.name,
    url: doc.url,
    allowedOrigins: doc.allowedOrigins,
    // Stored settings are merged over today's defaults, so new settings need no migration.
    settings: siteSettingsSchema.parse(doc.settings ?? {}),
    ...(doc.akismetKey && { akismetKey: doc.akismetKey }),
    createdAt: doc.createdAt,
  };
}

export async function findSite(id: string): Promise<Site | undefined> {
  const doc = await SiteModel.findById(id).lean<SiteDocument>();
  return doc ? toSite(doc) : undefined;
}

export async function findSiteWithAkismetKey(id: string): Promise<Site | undefined> {
  const doc = await SiteModel.findById(id).select('+akismetKey').lean<SiteDocument>();
  return doc ? toSite(doc) : undefined;
}

export async function findSiteOverview(id: string): Promise<SiteOverview | undefined> {
  const doc = await SiteModel.findById(id).select('+akismetKey +webhooks').lean<SiteDocument>();
  if (!doc) return undefined;
  const { akismetKey: _key, ...site } = toSite(doc);
  return {
    ...site,
    hasAkismetKey: Boolean(doc.akismetKey),
    webhooks: (doc.webhooks ?? []).map(({ id, url, events }) => ({ id, url, events: [...events] })),
  };
}

export async function createSite(input: NewSite, now: Date): Promise<Site> {
  const site = newSiteSchema.parse(input);
  try {
    const doc = await SiteModel.create({
      _id: site.id,
      name: site.name,
      url: site.url,
      allowedOrigins: [...new Set(site.allowedOrigins)],
      settings: site.settings,
      createdAt: now,
    });
    return toSite(doc.toObject());
  } catch (error) {
    if ((error as { code?: number }).code === 11000) throw new SiteExistsError(site.id);
    throw error;
  }
}

// Updates are written, then read back: FerretDB 1.x cannot project in findAndModify, and
// the select:false akismetKey would make mongoose ask for a projection.
export async function updateSiteSetting(
  id: string,
  name: SiteSettingName,
  value: unknown,
): Promise<Site | undefined> {
  const result = await SiteModel.updateOne({ _id: id }, { $set: { [`settings.${name}`]: value } });
  return result.matchedCount > 0 ? findSite(id) : undefined;
}

export async function updateSite(
  id: string,
  changes: { name?: string; url?: string; allowedOrigins?: string[]; akismetKey?: string | null },
): Promise<Site | undefined> {
  const { akismetKey, ...rest } = changes;
  const set: Record<string, unknown> = { ...rest, ...(akismetKey && { akismetKey }) };
  const update = {
    ...(Object.keys(set).length > 0 && { $set: set }),
    ...(akismetKey === null && { $unset: { akismetKey: 1 } }),
  };
  const result = await SiteModel.updateOne({ _id: id }, update);
  return result.matchedCount > 0 ? findSite(id) : undefined;
}

export async function listSites(): Promise<Site[]> {
  const docs = await SiteModel.find().sort({ _id: 1 }).lean<SiteDocument[]>();
  return docs.map(toSite);
}

/** Outside production, a `demo` site serving Parley's own /demo page always exists. */
export async function ensureDemoSite(publicUrl: string, now: Date): Promise<void> {
  const origin = new URL(publicUrl).origin;
  await SiteModel.updateOne(
    { _id: 'demo' },
    {
      $setOnInsert: {
        name: 'Parley demo',
        url: `${origin}/demo`,
        allowedOrigins: [origin],
        settings: siteSettingsSchema.parse({}),
        createdAt: now,
      },
    },
    { upsert: true },
  );
}

export async function listSiteWebhooks(siteId: string): Promise<SiteWebhook[]> {
  const doc = await SiteModel.findById(siteId).select('+webhooks').lean<SiteDocument>();
  return (doc?.webhooks ?? []).map(({ id, url, secret, events }) => ({
    id,
    url,
    secret,
    events: [...events],
  }));
}

/** Adds a webhook to a site; undefined when there is no such site. */
export async function addSiteWebhook(siteId: string, input: NewWebhook): Promise<SiteWebhook | undefined> {
  const { url, secret, events } = newWebhookSchema.parse(input);
  const webhook: SiteWebhook = { id: `wh_${randomBytes(6).toString('hex')}`, url, secret, events };
  const result = await SiteModel.updateOne({ _id: siteId }, { $push: { webhooks: webhook } });
  return result.matchedCount > 0 ? webhook : undefined;
}

/** Removes one webhook; false when the site or the webhook does not exist. */
export async function removeSiteWebhook(siteId: string, webhookId: string): Promise<boolean> {
  // Written whole rather than with $pull: FerretDB 1.x's $pull cannot match by a sub-field.
  const webhooks = await listSiteWebhooks(siteId);
  const remaining = webhooks.filter((webhook) => webhook.id !== webhookId);
  if (remaining.length === webhooks.length) return false;
  const result = await SiteModel.updateOne(
    { _id: siteId, 'webhooks.id': webhookId },
    { $set: { webhooks: remaining } },
  );
  return result.modifiedCount > 0;
}
