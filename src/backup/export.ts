// `export --site <id>`: a site's whole backup written as it is read, each collection through a
// cursor, so memory stays the size of one line whatever the site holds. Emails leave only when
// asked for, and then as plain text (the target re-seals them with its own key); the email HMAC
// and Gravatar hash always stay, so threads, duplicates and blocks work after a restore.
import type { Writable } from 'node:stream';
import { streamSiteAudit } from '../audit/audit.model';
import { streamSiteEntries } from '../commenters/lists.model';
import { type StoredComment, streamSiteComments } from '../comments/store/backup';
import { streamSitePages } from '../pages/page.backup';
import type { EmailVault } from '../privacy/emailVault';
import { streamSiteReports } from '../reports/report.model';
import { findSiteRecord } from '../sites/site.backup';
import { BACKUP_FORMAT, BACKUP_VERSION, type Counts, emptyCounts, lineOf } from './format';
import { BackupError, writeLine } from './output';

export interface ExportOptions {
  includeEmails: boolean;
  includeSecrets: boolean;
  vault: EmailVault;
  now: Date;
}

function commentLine(comment: StoredComment, options: ExportOptions) {
  const { emailSealed, ...fields } = comment;
  let email: string | undefined;
  if (options.includeEmails && emailSealed) {
    try {
      email = options.vault.decrypt(emailSealed);
    } catch {
      throw new BackupError(
        `comment ${comment.id}: its email cannot be decrypted with this EMAIL_KEY; export without --include-emails`,
      );
    }
  }
  return { type: 'comment', ...fields, ...(email !== undefined && { email }) };
}

/** Writes the backup of `siteId` to `out`; answers how many records of each kind it wrote. */
export async function writeBackup(siteId: string, out: Writable, options: ExportOptions): Promise<Counts> {
  const site = await findSiteRecord(siteId, options.includeSecrets);
  if (!site) throw new BackupError(`there is no site "${siteId}"`);
  const counts = emptyCounts();
  await writeLine(
    out,
    lineOf({
      type: 'header',
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      site: siteId,
      exportedAt: options.now,
      includesEmails: options.includeEmails,
      includesSecrets: options.includeSecrets,
    }),
  );
  await writeLine(out, lineOf({ type: 'site', ...site }));
  for await (const page of streamSitePages(siteId)) {
    await writeLine(out, lineOf({ type: 'page', ...page }));
    counts.page += 1;
  }
  for await (const comment of streamSiteComments(siteId)) {
    await writeLine(out, lineOf(commentLine(comment, options)));
    counts.comment += 1;
  }
  for await (const { id, site: _site, ...entry } of streamSiteEntries(siteId)) {
    await writeLine(out, lineOf({ type: 'entry', id, ...entry }));
    counts.entry += 1;
  }
  for await (const { id, site: _site, ...report } of streamSiteReports(siteId)) {
    await writeLine(out, lineOf({ type: 'report', id, ...report }));
    counts.report += 1;
  }
  for await (const { id, site: _site, ...entry } of streamSiteAudit(siteId)) {
    await writeLine(out, lineOf({ type: 'audit', id, ...entry }));
    counts.audit += 1;
  }
  await writeLine(out, lineOf({ type: 'end', counts }));
  return counts;
}
