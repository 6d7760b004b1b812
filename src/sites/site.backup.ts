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
 * `restoring` names the backup until finishRestore: a restore that stopped can be run again.
 */
export async function restoreSiteRecord(id: string, record: SiteRecord, restoring: string): Promise<void> {
  const { akismetKey, webhooks, createdAt, ...fields } = record;
  await SiteModel.updateOne(
    { _id: id },
    {
      $set: { ...fields, restoring, ...(akismetKey && { akismetKey }), ...(webhooks && { webhooks }) },
      $setOnInsert: { createdAt },
    },
    { upsert: true },
  );
}

/** The backup a restore into the site started from and has not finished; undefined when none. */
export async function findUnfinishedRestore(id: string): Promise<string | undefined> {
  const doc = await SiteModel.findById(id).select('+restoring').lean<{ restoring?: string }>();
  return doc?.restoring ?? undefined;
}

export async function finishRestore(id: string): Promise<void> {
  await SiteModel.updateOne({ _id: id }, { $unset: { restoring: 1 } });
}
