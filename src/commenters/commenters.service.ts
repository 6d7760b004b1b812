// Adding, listing and removing the entries of a site's block and trust lists, for the
// moderation API and the CLI alike. Each change is audited and rebuilds the site's summary
// (./summary.ts). An email is hashed (the comments' own HMAC) and masked before it is stored;
// listing a comment's author reads its email on the server, so it never goes to the browser.

import { insertListAuditEntry } from '../audit/audit.model';
import { type AuthUser, canModerateSite } from '../auth';
import type { Clock } from '../clock';
import { findModeratedComment } from '../comments/store/moderation';
import { errors } from '../errors';
import type { EmailVault } from '../privacy/emailVault';
import type { ListAuditAction } from '../shared/audit';
import type { CommenterList, EntryKind } from '../shared/commenterLists';
import { findSite } from '../sites/site.model';
import { maskEmail, normaliseIp } from './address';
import {
  deleteEntry,
  findEntry,
  findEntryByValue,
  insertEntry,
  listEntries,
  type StoredEntry,
} from './lists.model';
import { changeUnderMarker } from './summary';

/** Who changes a list: a moderator, or the operator at the command line. */
export interface ListActor {
  id: string;
  name: string;
}

export const CLI_ACTOR: ListActor = { id: 'cli', name: 'command line' };

export function actorOf(user: AuthUser): ListActor {
  return { id: user.id, name: user.name ?? user.email };
}

/** What is listed: a value as typed (already checked), or a comment's author. */
export type EntryTarget =
  | { kind: 'email'; email: string }
  | { kind: 'ip'; ip: string }
  | { kind: 'cidr'; cidr: string }
  | { kind: 'comment'; commentId: string; by: 'email' | 'ip' };

export interface NewEntry {
  target: EntryTarget;
  expiresAt?: Date;
  note?: string;
}

export const listErrors = {
  siteNotFound: () => errors.notFound('site_not_found', 'There is no site with this id.'),
  forbiddenSite: () => errors.forbidden('forbidden_site', 'You do not moderate this site.'),
  entryNotFound: () => errors.notFound('entry_not_found', 'This list has no entry with this id.'),
  commentNotFound: () => errors.notFound('comment_not_found', 'This site has no comment with this id.'),
  alreadyListed: () => errors.conflict('already_listed', 'This list already holds that commenter.'),
  nothingToList: (by: string) =>
    errors.unprocessable(
      'nothing_to_list',
      `This comment has no ${by === 'ip' ? 'IP address' : 'email'} to list.`,
    ),
  expiresInPast: () => errors.validationFailed({ expiresAt: 'expiresAt must be in the future.' }),
};

const AUDIT: Record<CommenterList, { add: ListAuditAction; remove: ListAuditAction }> = {
  block: { add: 'block', remove: 'unblock' },
  trust: { add: 'trust', remove: 'untrust' },
};

export function createCommenterListService(deps: {
  vault: EmailVault;
  clock: Clock;
  /** Told of each changed site, so this process stops using what it remembered of its lists. */
  onChange?: (site: string) => void;
}) {
  const { vault, clock } = deps;

  /** The moderator may act on this site's lists, and the site exists. */
  async function assertCanModerateSite(user: AuthUser, site: string): Promise<void> {
    if (!canModerateSite(user, site)) throw listErrors.forbiddenSite();
    if (!(await findSite(site))) throw listErrors.siteNotFound();
  }

  async function fromComment(site: string, commentId: string, by: 'email' | 'ip') {
    const moderated = await findModeratedComment(commentId);
    if (!moderated || moderated.comment.site !== site) throw listErrors.commentNotFound();
    if (by === 'ip') {
      const ip = moderated.request.ip && normaliseIp(moderated.request.ip);
      if (!ip) throw listErrors.nothingToList(by);
      return { kind: 'ip' as const, value: ip, display: ip, commentId };
    }
    let email: string | undefined;
    try {
      email = moderated.emailSealed && vault.decrypt(moderated.emailSealed);
    } catch {
      email = undefined;
    }
    if (!email) throw listErrors.nothingToList(by);
    return { kind: 'email' as const, value: vault.hash(email), display: maskEmail(email), commentId };
  }

  async function resolveTarget(
    site: string,
    target: EntryTarget,
  ): Promise<{ kind: EntryKind; value: string; display: string; commentId?: string }> {
    switch (target.kind) {
      case 'email':
        return { kind: 'email', value: vault.hash(target.email), display: maskEmail(target.email) };
      case 'ip':
        return { kind: 'ip', value: target.ip, display: target.ip };
      case 'cidr':
        return { kind: 'cidr', value: target.cidr, display: target.cidr };
      default:
        return fromComment(site, target.commentId, target.by);
    }
  }

  async function audit(actor: ListActor, action: ListAuditAction, entry: StoredEntry, now: Date) {
    await insertListAuditEntry({
      at: now,
      userId: actor.id,
      action,
      site: entry.site,
      detail: {
        entryId: entry.id,
        kind: entry.kind,
        value: entry.display,
        expiresAt: entry.expiresAt?.toISOString() ?? null,
        ...(entry.note && { note: entry.note }),
        ...(entry.commentId && { commentId: entry.commentId }),
      },
    });
  }

  /** Adds an entry; an expired entry for the same value is replaced, a live one refused. */
  async function addEntry(actor: ListActor, site: string, list: CommenterList, input: NewEntry) {
    const now = clock.now();
    if (input.expiresAt && input.expiresAt <= now) throw listErrors.expiresInPast();
    if (list === 'trust' && input.target.kind !== 'email' && input.target.kind !== 'comment') {
      throw errors.validationFailed({ email: 'A trust list holds emails only.' });
    }
    const { kind, value, display, commentId } = await resolveTarget(site, input.target);
    const existing = await findEntryByValue(site, list, kind, value);
    if (existing && (!existing.expiresAt || existing.expiresAt > now)) throw listErrors.alreadyListed();
    const entry = await changeUnderMarker(site, now, async () => {
      if (existing) await deleteEntry(existing.id);
      return insertEntry({
        site,
        list,
        kind,
        value,
        display,
        addedBy: actor,
        createdAt: now,
        ...(input.note && { note: input.note }),
        ...(commentId && { commentId }),
        ...(input.expiresAt && { expiresAt: input.expiresAt }),
      });
    });
    // Another moderator listed the same value in the same instant: theirs stands.
    if (!entry) throw listErrors.alreadyListed();
    deps.onChange?.(site);
    await audit(actor, AUDIT[list].add, entry, now);
    return entry;
  }

  function listSiteEntries(site: string, list: CommenterList): Promise<StoredEntry[]> {
    return listEntries(site, list);
  }

  async function removeEntry(actor: ListActor, site: string, list: CommenterList, id: string) {
    const now = clock.now();
    const entry = await findEntry(id);
    if (!entry || entry.site !== site || entry.list !== list) throw listErrors.entryNotFound();
    const isRemoved = await changeUnderMarker(site, now, () => deleteEntry(id));
    if (!isRemoved) throw listErrors.entryNotFound();
    deps.onChange?.(site);
    await audit(actor, AUDIT[list].remove, entry, now);
    return entry;
  }

  return { assertCanModerateSite, addEntry, listSiteEntries, removeEntry };
}

export type CommenterListService = ReturnType<typeof createCommenterListService>;
