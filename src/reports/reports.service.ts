// A reader's report of an approved comment, on the public path: only lookups by _id and
// inserts (docs/architecture.md). Counting reports and holding the comment is background work
// (./hold.ts): the request stores the report, its audit entry and a keyed hold job.
//
// Write order, so that nothing acknowledged is lost: the report, then its audit entry and its
// job, both under ids the report carries. A retry of a request that died midway is a repeat,
// and a repeat writes both again (an existing entry or job is left as it is), so a report once
// stored always ends with its entry and its job.
import { insertAuditEntry, newAuditId } from '../audit/audit.model';
import type { Clock } from '../clock';
import { hashAuthorToken, isAuthorToken } from '../comments/authorToken';
import { findComment } from '../comments/store/reads';
import { errors } from '../errors';
import type { Logger } from '../logger';
import type { EmailVault } from '../privacy/emailVault';
import type { Site } from '../sites/site.model';
import { enqueueHoldCheck } from './hold';
import { findReport, type Report, storeReport, takeReportSlot } from './report.model';
import type { ReportInput } from './reports.schema';

/** Reports one IP may send in a window, over every comment and site. */
export const REPORTS_PER_WINDOW = 10;
export const REPORT_WINDOW_MS = 10 * 60_000;
/**
 * Readers with distinct author tokens counted per IP and comment. A token is not checked
 * against anything (that would take a query), so this keeps someone who makes tokens up from
 * counting as many readers; two leaves room for two people behind one address.
 */
export const TOKEN_READERS_PER_IP = 2;
const TOKEN_SLOTS_KEPT_MS = 30 * 24 * 60 * 60_000;

export const reportErrors = {
  notFound: () => errors.notFound('comment_not_found', 'There is no approved comment with this id.'),
  tooMany: (retryAfterSeconds: number) =>
    errors.tooManyRequests(
      'too_many_reports',
      'You have sent many reports in a short time. Try again later.',
      retryAfterSeconds,
    ),
};

export interface Reader {
  ip?: string;
  authorToken?: string;
}

export function createReportService(deps: { vault: EmailVault; clock: Clock; log: Logger }) {
  const { vault, clock } = deps;
  const log = deps.log.child({ component: 'reports' });
  // Keyed hashes (HMAC under the email key): an IP cannot be found again by hashing every address.
  const ipKey = (ip: string) => vault.hash(`report-ip:${ip}`);

  async function limitRate(ip: string | undefined, now: Date): Promise<void> {
    if (!ip) return;
    const bucket = Math.floor(now.getTime() / REPORT_WINDOW_MS);
    const end = (bucket + 1) * REPORT_WINDOW_MS;
    if (!(await takeReportSlot(`ip:${ipKey(ip)}`, bucket, REPORTS_PER_WINDOW, new Date(end)))) {
      throw reportErrors.tooMany(Math.ceil((end - now.getTime()) / 1000));
    }
  }

  /** Writes what a stored report owes: its audit entry and its hold job, each once. */
  async function settleStored(report: Report, site: Site): Promise<void> {
    try {
      await insertAuditEntry({
        id: report.auditId,
        at: report.at,
        userId: 'reader',
        action: 'report',
        commentId: report.commentId,
        site: report.site,
        from: 'approved',
        to: 'approved',
        detail: { reason: report.reason },
      });
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
    }
    if (site.settings.reportsToHold > 0) await enqueueHoldCheck(report, clock.now());
  }

  /**
   * Records `reader`'s report of comment `id`. Answers the same whether it counted or was a
   * repeat. 404 unless the comment is approved and on `site`, so a pending one cannot be probed.
   */
  async function reportComment(site: Site, id: string, input: ReportInput, reader: Reader): Promise<void> {
    const now = clock.now();
    await limitRate(reader.ip, now);
    const comment = await findComment(id);
    if (!comment || comment.site !== site.id || comment.status !== 'approved') throw reportErrors.notFound();
    const token = isAuthorToken(reader.authorToken) ? reader.authorToken : undefined;
    const readerKey = token
      ? vault.hash(`report-token:${hashAuthorToken(token)}`)
      : vault.hash(`report-ip:${site.id}:${reader.ip ?? 'unknown'}`);
    const report: Report = {
      id: `${comment.id}:${readerKey}`,
      site: site.id,
      commentId: comment.id,
      reason: input.reason,
      ...(input.note && { note: input.note }),
      at: now,
      auditId: newAuditId(),
    };
    const earlier = await findReport(report.id);
    if (earlier) {
      await settleStored(earlier, site);
      log.info({ commentId: comment.id, reason: input.reason, isNew: false }, 'comment reported');
      return;
    }
    if (token && reader.ip) {
      const slots = `token-readers:${comment.id}:${ipKey(reader.ip)}`;
      const expiresAt = new Date(now.getTime() + TOKEN_SLOTS_KEPT_MS);
      if (!(await takeReportSlot(slots, 0, TOKEN_READERS_PER_IP, expiresAt))) {
        log.info({ commentId: comment.id }, 'report not counted: too many readers from one address');
        return;
      }
    }
    const stored = await storeReport(report);
    await settleStored(stored.report, site);
    log.info({ commentId: comment.id, reason: input.reason, isNew: stored.isNew }, 'comment reported');
  }

  return { reportComment };
}

export type ReportService = ReturnType<typeof createReportService>;
