// A site's record as a backup holds it (src/backup/), and restoring it: the settings as
// stored, and the Akismet key and webhooks only when the operator asks for secrets.
import { SiteModel, type SiteWebhook } from './site.model';
import { type SiteSettings, siteSettingsSchema } from './site.schema';

export interface SiteRecord {
  name: string;
  url: string;
  allowedOrigins: string[];
  settings: SiteSettings;
  createdAt: Date;
  akismetKey?: string;
  webhooks?: SiteWebhook[];
}

interface SiteDocument extends SiteRecord {
  _id: string;
}

export async function findSiteRecord(id: string, withSecrets: boolean): Promise<SiteRecord | undefined> {
  const query = SiteModel.findById(id);
  if (withSecrets) query.select('+akismetKey +webhooks');
  const doc = await query.lean<SiteDocument>();
  if (!doc) return undefined;
  return {
    name: doc.name,
    url: doc.url,
    allowedOrigins: doc.allowedOrigins,
    settings: siteSettingsSchema.parse(doc.settings ?? {}),
    createdAt: doc.createdAt,
    ...(withSecrets && doc.akismetKey && { akismetKey: doc.akismetKey }),
    ...(withSecrets &&
      doc.webhooks?.length && {
        webhooks: doc.webhooks.map(({ id: hookId, url, secret, events }) => ({
          id: hookId,
          url,
          secret,
          events: [...events],
        })),
      }),
  };
}

/**
 * Writes a restored site under `id`: created when missing, else its name, address, origins
 * and settings replaced. Secrets the backup does not hold are left as the site has them.
 */
export async function restoreSiteRecord(id: string, record: SiteRecord): Promise<void> {
  const { akismetKey, webhooks, createdAt, ...fields } = record;
  await SiteModel.updateOne(
    { _id: id },
    {
      $set: { ...fields, ...(akismetKey && { akismetKey }), ...(webhooks && { webhooks }) },
      $setOnInsert: { createdAt },
    },
    { upsert: true },
  );
}
