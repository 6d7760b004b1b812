// Sites that embed Parley. Mongoose stays in this file; callers get plain objects.
import mongoose, { Schema } from 'mongoose';
import { AppError } from '../errors';
import {
  type NewSite,
  newSiteSchema,
  type SiteSettingName,
  type SiteSettings,
  siteSettingsSchema,
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

interface SiteDocument {
  _id: string;
  name: string;
  url: string;
  allowedOrigins: string[];
  settings: Partial<SiteSettings>;
  akismetKey?: string;
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
