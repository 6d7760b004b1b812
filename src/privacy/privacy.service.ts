// A commenter's data on request (GDPR articles 15 and 17): everything one email wrote on the
// sites asked about, found by the email's HMAC, and its erasure, by anonymizing or deleting.
// Both are audited with the HMAC, never the address. The moderation API (admins) and the
// command line call this.
import { eraseAuditTexts, insertPrivacyAuditEntry } from '../audit/audit.model';
import type { Clock } from '../clock';
import { listEmailEntries, type StoredEntry } from '../commenters/lists.model';
import { findReplyOptOut } from '../comments/store/contacts';
import {
  type AuthoredRecord,
  anonymizeComment,
  deleteErasedComment,
  forgetApprovedAuthorOn,
  listCommentsByEmailHash,
  type NeutralIdentity,
} from '../comments/store/erasure';
import type { Logger } from '../logger';
import { findPages, type Page } from '../pages/page.model';
import { listSites } from '../sites/site.model';
import type { EmailVault } from './emailVault';

export const ERASURE_MODES = ['anonymize', 'delete'] as const;
export type ErasureMode = (typeof ERASURE_MODES)[number];

/** Who asked: an admin's user id, or `cli`. */
export interface PrivacyActor {
  id: string;
}

export const CLI_PRIVACY_ACTOR: PrivacyActor = { id: 'cli' };

/** What is asked about: one email, on these sites (every site when undefined). */
export interface PrivacyRequest {
  email: string;
  sites?: string[];
}

export interface AuthoredComment extends AuthoredRecord {
  /** The address as it was stored with the comment, opened. */
  email?: string;
  page?: Page;
}

export interface CommenterData {
  emailHash: string;
  comments: AuthoredComment[];
  /** Block and trust entries that list this email (by its HMAC). */
  listEntries: StoredEntry[];
  /** The sites where this email turned reply emails off, and when. */
  replyOptOuts: Array<{ site: string; at: Date }>;
}

export interface ErasureResult {
  emailHash: string;
  mode: ErasureMode;
  /** Comments found for the email. */
  found: number;
  anonymized: number;
  deleted: number;
  /** Deleted, but kept as "This comment was deleted." for their replies. */
  placeholders: number;
  /** Changed by someone else meanwhile, or gone already: run the erasure again. */
  skipped: number;
  /** The sites whose comments changed. */
  sites: string[];
}

/** The neutral face of an erased comment: no name, and the one avatar every erased comment shares. */
function neutralIdentity(vault: EmailVault): NeutralIdentity {
  return { author: '', avatarSeed: vault.avatarSeed('erased') };
}

const siteLabel = (sites: string[] | undefined) => (sites ? sites.join(',') : '*');

export function createPrivacyRequests(deps: { vault: EmailVault; clock: Clock; log: Logger }) {
  const { vault, clock, log } = deps;

  function openEmail(sealed: string | undefined): string | undefined {
    if (!sealed) return undefined;
    try {
      return vault.decrypt(sealed);
    } catch {
      // Sealed with another EMAIL_KEY: the export says nothing rather than fail.
      return undefined;
    }
  }

  async function withPages(records: AuthoredRecord[]): Promise<AuthoredComment[]> {
    const pages = new Map<string, Page>();
    const bySite = new Map<string, Set<string>>();
    for (const { comment } of records) {
      bySite.set(comment.site, (bySite.get(comment.site) ?? new Set()).add(comment.pageId));
    }
    for (const [site, pageIds] of bySite) {
      for (const page of await findPages(site, [...pageIds])) pages.set(`${site}\n${page.pageId}`, page);
    }
    return records.map((record) => {
      const email = openEmail(record.emailSealed);
      const page = pages.get(`${record.comment.site}\n${record.comment.pageId}`);
      return { ...record, ...(email && { email }), ...(page && { page }) };
    });
  }

  async function optOutsOf(emailHash: string, sites: string[] | undefined) {
    const siteIds = sites ?? (await listSites()).map((site) => site.id);
    const found: Array<{ site: string; at: Date }> = [];
    for (const site of siteIds) {
      const at = await findReplyOptOut(site, emailHash);
      if (at) found.push({ site, at });
    }
    return found;
  }

  /** Everything stored about the email on the sites asked about (article 15). */
  async function exportData(actor: PrivacyActor, request: PrivacyRequest): Promise<CommenterData> {
    const now = clock.now();
    const emailHash = vault.hash(request.email);
    const data: CommenterData = {
      emailHash,
      comments: await withPages(await listCommentsByEmailHash(emailHash, request.sites)),
      listEntries: await listEmailEntries(emailHash, request.sites),
      replyOptOuts: await optOutsOf(emailHash, request.sites),
    };
    await insertPrivacyAuditEntry({
      at: now,
      userId: actor.id,
      action: 'privacy_export',
      site: siteLabel(request.sites),
      detail: { emailHash, comments: data.comments.length, listEntries: data.listEntries.length },
    });
    log.info({ userId: actor.id, comments: data.comments.length }, 'privacy export');
    return data;
  }

  /** Removes the email's authorship from its comments, or the comments themselves (article 17). */
  async function erase(
    actor: PrivacyActor,
    request: PrivacyRequest,
    mode: ErasureMode,
  ): Promise<ErasureResult> {
    const now = clock.now();
    const emailHash = vault.hash(request.email);
    const identity = neutralIdentity(vault);
    const records = await listCommentsByEmailHash(emailHash, request.sites);
    const result: ErasureResult = {
      emailHash,
      mode,
      found: records.length,
      anonymized: 0,
      deleted: 0,
      placeholders: 0,
      skipped: 0,
      sites: [],
    };
    const sites = new Set<string>();
    // Deepest first: the author's own replies go before the comments they answer are counted.
    const ordered = [...records].sort((a, b) => b.comment.depth - a.comment.depth);
    for (const { comment } of ordered) {
      if (mode === 'anonymize') {
        const done = await anonymizeComment(comment.id, emailHash, identity, now);
        if (done) result.anonymized += 1;
        else result.skipped += 1;
        if (done) sites.add(comment.site);
        continue;
      }
      const outcome = await deleteErasedComment(comment.id, emailHash, identity, now);
      if (outcome === 'deleted') result.deleted += 1;
      else if (outcome === 'placeholder') result.placeholders += 1;
      else result.skipped += 1;
      if (outcome) sites.add(comment.site);
    }
    // Deleted comments' earlier texts leave the audit too (anonymized ones keep their text).
    if (mode === 'delete') await eraseAuditTexts(records.map((record) => record.comment.id));
    // None of their comments carries the HMAC any more: they are no longer a known author.
    await forgetApprovedAuthorOn(new Set(records.map((record) => record.comment.site)), emailHash);
    result.sites = [...sites].sort();
    await insertPrivacyAuditEntry({
      at: now,
      userId: actor.id,
      action: 'privacy_erase',
      site: siteLabel(request.sites),
      detail: {
        emailHash,
        mode,
        found: result.found,
        anonymized: result.anonymized,
        deleted: result.deleted,
        placeholders: result.placeholders,
        skipped: result.skipped,
        sites: result.sites.join(','),
      },
    });
    log.info(
      { userId: actor.id, mode, found: result.found, skipped: result.skipped, sites: result.sites },
      'privacy erasure',
    );
    return result;
  }

  /** How many comments an erasure would touch, and on which sites (what the CLI confirms). */
  async function preview(request: PrivacyRequest): Promise<{ found: number; sites: string[] }> {
    const records = await listCommentsByEmailHash(vault.hash(request.email), request.sites);
    return {
      found: records.length,
      sites: [...new Set(records.map((record) => record.comment.site))].sort(),
    };
  }

  return { exportData, erase, preview };
}

export type PrivacyRequests = ReturnType<typeof createPrivacyRequests>;
