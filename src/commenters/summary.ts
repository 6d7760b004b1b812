// Each site's summary (`commenter_lists`, `_id` = site) is rebuilt from its entries after every
// change. FerretDB applies writes without atomicity, so two rebuilds at once could end with the
// older one's content. Each rebuild therefore reads the entries and the summary again after
// writing, and writes again until it finds the summary equal to the entries: whoever writes
// last checks after writing, so the last write standing matches the entries. A change is marked
// (commenter_list_changes) before its entry is written and unmarked once its rebuild was seen to
// hold; the worker rebuilds the sites of markers a stopped process left (`repairSummaries`).
import {
  clearChange,
  findSummary,
  listChanges,
  listEntries,
  markChange,
  type StoredEntry,
  type SummaryContent,
  type SummaryRule,
  writeSummary,
} from './lists.model';

/** Rounds a rebuild tries before leaving its marker for the worker. */
const MAX_ROUNDS = 5;
/** A marker older than this belongs to a process that stopped mid-change. */
const ABANDONED_AFTER_MS = 30_000;
const REPAIR_BATCH = 50;

function rulesOf(
  entries: StoredEntry[],
  list: StoredEntry['list'],
  kind: StoredEntry['kind'],
): SummaryRule[] {
  return entries
    .filter((entry) => entry.list === list && entry.kind === kind)
    .map((entry) => ({ value: entry.value, until: entry.expiresAt ?? null }));
}

/** What the summary of these entries holds. */
export function summaryOf(entries: StoredEntry[]): SummaryContent {
  const ordered = [...entries].sort((a, b) => a.id.localeCompare(b.id));
  return {
    blockedEmails: rulesOf(ordered, 'block', 'email'),
    blockedIps: rulesOf(ordered, 'block', 'ip'),
    blockedRanges: rulesOf(ordered, 'block', 'cidr'),
    trustedEmails: rulesOf(ordered, 'trust', 'email'),
  };
}

function fingerprint(content: SummaryContent | undefined): string {
  if (!content) return '';
  const rules = (list: SummaryRule[]) => list.map((rule) => [rule.value, rule.until?.getTime() ?? null]);
  return JSON.stringify([
    rules(content.blockedEmails),
    rules(content.blockedIps),
    rules(content.blockedRanges),
    rules(content.trustedEmails),
  ]);
}

/** Writes the site's summary until it is seen to match the entries; false if it never was. */
export async function rebuildSummary(site: string, now: Date): Promise<boolean> {
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const [entries, current] = await Promise.all([listEntries(site), findSummary(site)]);
    const wanted = summaryOf(entries);
    if (current && fingerprint(current) === fingerprint(wanted)) return true;
    await writeSummary(site, wanted, now);
  }
  return false;
}

/** Runs `change` (an entry's insert or delete) under a marker, then rebuilds the summary. */
export async function changeUnderMarker<T>(site: string, now: Date, change: () => Promise<T>): Promise<T> {
  const marker = await markChange(site, now);
  const result = await change();
  if (await rebuildSummary(site, now)) await clearChange(marker);
  return result;
}

/** Rebuilds the sites whose changes a stopped process left unfinished; how many it repaired. */
export async function repairSummaries(now: Date): Promise<number> {
  const cutoff = now.getTime() - ABANDONED_AFTER_MS;
  let repaired = 0;
  for (const marker of await listChanges(REPAIR_BATCH)) {
    if (marker.at.getTime() > cutoff) continue;
    if (!(await rebuildSummary(marker.site, now))) continue;
    await clearChange(marker._id);
    repaired += 1;
  }
  return repaired;
}
