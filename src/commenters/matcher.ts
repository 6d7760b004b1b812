// What the post path and the spam check ask of a site's lists: is this commenter blocked, is
// this one trusted. The summary is read by `_id` only, and kept for a few seconds per process
// (READ_CACHE_REVALIDATE_MS, as the site read cache keeps sites), then matched in memory.
import type { BlockList } from 'node:net';
import { LRUCache } from 'lru-cache';
import { compileIpRule, ipMatches } from './address';
import { findSummary, type SummaryContent, type SummaryRule } from './lists.model';

export interface Commenter {
  emailHash?: string;
  ip?: string;
}

export interface CommenterLists {
  isBlocked(commenter: Commenter, now: Date): boolean;
  isTrusted(emailHash: string | undefined, now: Date): boolean;
}

const isLive = (rule: { until: Date | null }, now: Date) => rule.until === null || rule.until > now;

function hasEmail(rules: SummaryRule[], emailHash: string | undefined, now: Date): boolean {
  return emailHash !== undefined && rules.some((rule) => rule.value === emailHash && isLive(rule, now));
}

/** The lists of one summary, ready to match; empty lists for a site that has none. */
export function compileLists(content: SummaryContent | undefined): CommenterLists {
  const ipRules = content
    ? [
        ...content.blockedIps.map((rule) => ({ ...rule, kind: 'ip' as const })),
        ...content.blockedRanges.map((rule) => ({ ...rule, kind: 'cidr' as const })),
      ].flatMap((rule) => {
        const compiled = compileIpRule(rule);
        return compiled ? [{ until: rule.until, compiled }] : [];
      })
    : [];
  return {
    isBlocked({ emailHash, ip }, now) {
      if (content && hasEmail(content.blockedEmails, emailHash, now)) return true;
      const address = ip;
      if (!address) return false;
      return ipRules.some((rule: { until: Date | null; compiled: BlockList }) => {
        return isLive(rule, now) && ipMatches(address, rule.compiled);
      });
    },
    isTrusted(emailHash, now) {
      return content !== undefined && hasEmail(content.trustedEmails, emailHash, now);
    },
  };
}

export interface CommenterListReader {
  /** The site's lists, read again once older than revalidateMs. */
  read(site: string): Promise<CommenterLists>;
  /** Forgets what this process remembers of the site (after a change made here). */
  forget(site: string): void;
}

export function createCommenterListReader(options: { revalidateMs: number }): CommenterListReader {
  const read = async (site: string) => compileLists(await findSummary(site));
  if (options.revalidateMs <= 0) return { read, forget: () => undefined };
  const cache = new LRUCache<string, CommenterLists>({
    max: 10_000,
    ttl: options.revalidateMs,
    fetchMethod: read,
  });
  return {
    read: async (site) => (await cache.fetch(site)) ?? compileLists(undefined),
    forget: (site) => {
      cache.delete(site);
    },
  };
}
