// `import:parley <file> --site <id>`: restores a backup into a site that has no pages and no
// comments (created when missing). The file is read twice, line by line: first to check every
// line (a bad one stops it, naming its number, before anything is written), then to write
// in batches (a restore of the same backup that stopped midway is carried on, keeping what it
// wrote). Afterwards the records kept beside the comments are rebuilt: each page's public
// thread, the block and trust summary. No spam check, event, email or webhook runs.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { insertRestoredAudit, type StoredAuditEntry } from '../audit/audit.model';
import { insertRestoredEntries, type StoredEntry } from '../commenters/lists.model';
import { rebuildSummary } from '../commenters/summary';
import {
  approvedCommentsByPage,
  commentIdExists,
  insertRestoredComments,
  type StoredComment,
  siteHasComments,
} from '../comments/store/backup';
import { insertPages, type PageRecord, siteHasPages } from '../pages/page.backup';
import type { EmailVault } from '../privacy/emailVault';
import { insertRestoredReports, type Report } from '../reports/report.model';
import { findUnfinishedRestore, finishRestore, restoreSiteRecord } from '../sites/site.backup';
import { findSite } from '../sites/site.model';
import { writeRebuiltThread } from '../threads/thread.rebuild';
import {
  type BodyLine,
  bodyLine,
  COUNTED,
  type CommentLine,
  type Counts,
  emptyCounts,
  type HeaderLine,
  headerLine,
} from './format';
import { BackupError } from './output';

const BATCH = 500;

export interface RestoreOptions {
  vault: EmailVault;
  now: Date;
}

export interface RestoreResult {
  from: string;
  /** True when this carried on a restore of the same backup that had stopped midway. */
  isResumed: boolean;
  counts: Counts;
  pages: number;
}

/** The file's lines with their numbers, blank ones skipped. */
async function* numberedLines(file: string): AsyncGenerator<{ n: number; line: string }> {
  const input = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let n = 0;
  try {
    for await (const line of lines) {
      n += 1;
      if (line.trim() !== '') yield { n, line };
    }
  } catch (error) {
    throw new BackupError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

function problemOf(error: { issues: Array<{ path: PropertyKey[]; message: string }> }): string {
  const issue = error.issues[0];
  const where = issue?.path.length ? `${issue.path.map(String).join('.')}: ` : '';
  return `${where}${issue?.message ?? 'not a backup line'}`;
}

/** One line parsed and checked; a BackupError naming its number otherwise. */
function parseLine<T>(n: number, line: string, schema: { safeParse(value: unknown): SafeResult<T> }): T {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new BackupError(`line ${n}: not valid JSON`);
  }
  const result = schema.safeParse(value);
  if (!result.success) throw new BackupError(`line ${n}: ${problemOf(result.error)}`);
  return result.data;
}

type SafeResult<T> =
  | { success: true; data: T }
  | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } };

/** The parsed lines of a whole, well-formed backup, checked in a first pass. */
async function* readBackup(file: string): AsyncGenerator<HeaderLine | BodyLine> {
  let position = 0;
  let ended = false;
  let siteSeen = false;
  const counts = emptyCounts();
  for await (const { n, line } of numberedLines(file)) {
    position += 1;
    if (ended) throw new BackupError(`line ${n}: a line after the end line`);
    if (position === 1) {
      const header = parseLine(n, line, headerLine);
      yield header;
      continue;
    }
    const parsed = parseLine(n, line, bodyLine);
    if (parsed.type === 'site') {
      if (siteSeen) throw new BackupError(`line ${n}: a second site line`);
      siteSeen = true;
    } else if (!siteSeen) {
      throw new BackupError(`line ${n}: the site line must come right after the header`);
    }
    if (parsed.type === 'end') {
      ended = true;
      for (const name of COUNTED) {
        if (parsed.counts[name] !== counts[name]) {
          throw new BackupError(
            `line ${n}: the end line counts ${parsed.counts[name]} ${name} lines, the file holds ${counts[name]}`,
          );
        }
      }
    } else if (parsed.type !== 'site') {
      counts[parsed.type] += 1;
    }
    yield parsed;
  }
  if (position === 0) throw new BackupError(`${file} is empty`);
  if (!ended) throw new BackupError(`${file} ends without its end line: the backup is incomplete`);
}

/** Every restored page's public thread, from one sorted read of the approved comments. */
async function rebuildThreads(site: string, pageIds: Set<string>): Promise<void> {
  const gravatar = (await findSite(site))?.settings.gravatar ?? false;
  const left = new Set(pageIds);
  for await (const { pageId, approved } of approvedCommentsByPage(site)) {
    await writeRebuiltThread(site, pageId, approved, gravatar);
    left.delete(pageId);
  }
  for (const pageId of left) await writeRebuiltThread(site, pageId, [], gravatar);
}

/** Refuses a target that holds pages or comments, or a database holding the backup's comments. */
async function checkTarget(target: string, firstCommentId: string | undefined): Promise<void> {
  if ((await siteHasComments(target)) || (await siteHasPages(target))) {
    throw new BackupError(
      `site "${target}" has pages or comments: a backup restores only into an empty site`,
    );
  }
  if (firstCommentId && (await commentIdExists(firstCommentId))) {
    throw new BackupError(
      `comment ${firstCommentId} of this backup is stored in this database already (another site holds it): ` +
        'restore into another installation, or delete the original site first',
    );
  }
}

/** The comment as stored here: an included email sealed with this installation's key. */
function storedComment(line: CommentLine, vault: EmailVault, rehashed: Map<string, string>, now: Date) {
  const { type: _type, email, spamCheck, ...fields } = line;
  const comment: StoredComment = { ...fields };
  if (email !== undefined) {
    const emailHash = vault.hash(email);
    if (line.emailHash && line.emailHash !== emailHash) rehashed.set(line.emailHash, emailHash);
    Object.assign(comment, { emailSealed: vault.encrypt(email), emailHash });
  }
  // A check that had not run yet is not run now (no Akismet on restore): it is closed, and
  // the comment waits for a moderator in whatever status it had.
  if (spamCheck)
    comment.spamCheck =
      spamCheck.state === 'due' ? { ...spamCheck, state: 'done', finishedAt: now } : spamCheck;
  return comment;
}

export async function restoreBackup(
  file: string,
  target: string,
  options: RestoreOptions,
): Promise<RestoreResult> {
  let from = '';
  let backupKey = '';
  let firstCommentId: string | undefined;
  for await (const line of readBackup(file)) {
    if (line.type === 'header') {
      from = line.site;
      backupKey = `${line.site}@${line.exportedAt.toISOString()}`;
    }
    if (line.type === 'comment' && !firstCommentId) firstCommentId = line.id;
  }
  // The same backup's restore that stopped midway is carried on: what it wrote stays.
  const isResumed = (await findUnfinishedRestore(target)) === backupKey;
  if (!isResumed) await checkTarget(target, firstCommentId);

  const { vault, now } = options;
  const rehashed = new Map<string, string>();
  const pageIds = new Set<string>();
  const counts = emptyCounts();
  let pages: PageRecord[] = [];
  let comments: StoredComment[] = [];
  let entries: StoredEntry[] = [];
  let reports: Report[] = [];
  let audit: StoredAuditEntry[] = [];
  const flush = async () => {
    await insertPages(target, pages);
    if (comments.length > 0) await insertRestoredComments(target, comments, now);
    await insertRestoredEntries(entries);
    await insertRestoredReports(reports);
    await insertRestoredAudit(audit);
    pages = [];
    comments = [];
    entries = [];
    reports = [];
    audit = [];
  };
  for await (const line of readBackup(file)) {
    if (line.type === 'header' || line.type === 'end') continue;
    if (line.type === 'site') {
      const { type: _type, ...site } = line;
      await restoreSiteRecord(target, site, backupKey);
      continue;
    }
    counts[line.type] += 1;
    if (line.type === 'page') {
      const { type: _type, ...page } = line;
      pages.push(page);
      pageIds.add(page.pageId);
    } else if (line.type === 'comment') {
      comments.push(storedComment(line, vault, rehashed, now));
      pageIds.add(line.pageId);
    } else if (line.type === 'entry') {
      const { type: _type, ...entry } = line;
      const value = entry.kind === 'email' ? (rehashed.get(entry.value) ?? entry.value) : entry.value;
      entries.push({ ...entry, value, site: target });
    } else if (line.type === 'report') {
      const { type: _type, ...report } = line;
      reports.push({ ...report, site: target });
    } else {
      const { type: _type, ...entry } = line;
      audit.push({ ...entry, site: target });
    }
    if (pages.length + comments.length + entries.length + reports.length + audit.length >= BATCH)
      await flush();
  }
  await flush();
  await rebuildSummary(target, now);
  await rebuildThreads(target, pageIds);
  await finishRestore(target);
  return { from, counts, pages: pageIds.size, isResumed };
}
