// The per-site summary the post path reads stays equal to the entries on FerretDB, whose
// writes are not atomic: a rebuild that finds a stale summary (an older rebuild's write landing
// last) writes again; many changes at once end with every entry in it; and a change whose
// process stopped before its rebuild is finished by the worker's repair from its marker.
import mongoose from 'mongoose';
import { CLI_ACTOR, createCommenterListService } from '../../src/commenters/commenters.service';
import { listEntries, markChange, writeSummary } from '../../src/commenters/lists.model';
import { compileLists } from '../../src/commenters/matcher';
import { rebuildSummary, repairSummaries, summaryOf } from '../../src/commenters/summary';
import { createEmailVault } from '../../src/privacy/emailVault';
import { TEST_EMAIL_KEY } from '../helpers/app';
import { createTestClock } from '../helpers/clock';
import { useTestDatabase } from '../helpers/db';
import { buildSite } from '../helpers/factories';

useTestDatabase();

const vault = createEmailVault(Buffer.from(TEST_EMAIL_KEY, 'base64'));
const clock = createTestClock('2026-03-01T10:00:00Z');
const lists = createCommenterListService({ vault, clock });
const summaries = () => mongoose.connection.collection('commenter_lists');
const markers = () => mongoose.connection.collection('commenter_list_changes');

async function summaryValues(site: string): Promise<string[]> {
  const doc = await summaries().findOne({ _id: site as never });
  return doc
    ? [...doc.blockedIps, ...doc.blockedRanges].map((rule: { value: string }) => rule.value).sort()
    : [];
}

it('ends with every entry in the summary when twenty moderators add at once', async () => {
  const site = await buildSite();
  const ips = Array.from({ length: 20 }, (_, i) => `192.0.2.${i + 1}`);
  await Promise.all(
    ips.map((ip) => lists.addEntry(CLI_ACTOR, site.id, 'block', { target: { kind: 'ip', ip } })),
  );
  expect(await summaryValues(site.id)).toEqual([...ips].sort());
  expect(await markers().countDocuments()).toBe(0);

  const entries = await listEntries(site.id);
  await Promise.all(
    entries.slice(0, 10).map((entry) => lists.removeEntry(CLI_ACTOR, site.id, 'block', entry.id)),
  );
  expect(await summaryValues(site.id)).toEqual(
    entries
      .slice(10)
      .map((entry) => entry.value)
      .sort(),
  );
});

it('writes again when it finds a stale summary, such as a slower rebuild left', async () => {
  const site = await buildSite();
  await lists.addEntry(CLI_ACTOR, site.id, 'block', { target: { kind: 'cidr', cidr: '198.51.100.0/24' } });
  // An older rebuild, which read the entries before this one was added, writes last.
  await writeSummary(site.id, summaryOf([]), clock.now());
  expect(await summaryValues(site.id)).toEqual([]);
  expect(await rebuildSummary(site.id, clock.now())).toBe(true);
  expect(await summaryValues(site.id)).toEqual(['198.51.100.0/24']);
});

it('lets the worker finish a change whose process stopped before the rebuild, once it is 30 s old', async () => {
  const site = await buildSite();
  await lists.addEntry(CLI_ACTOR, site.id, 'block', { target: { kind: 'ip', ip: '192.0.2.77' } });
  await writeSummary(site.id, summaryOf([]), clock.now());
  await markChange(site.id, clock.now());

  expect(await repairSummaries(new Date(clock.now().getTime() + 10_000))).toBe(0);
  expect(await summaryValues(site.id)).toEqual([]);
  expect(await repairSummaries(new Date(clock.now().getTime() + 31_000))).toBe(1);
  expect(await summaryValues(site.id)).toEqual(['192.0.2.77']);
  expect(await markers().countDocuments()).toBe(0);
});

describe('matching', () => {
  const now = new Date('2026-03-01T10:00:00Z');
  const later = new Date('2026-03-02T10:00:00Z');
  const matcher = compileLists({
    blockedEmails: [{ value: 'hash-a', until: null }],
    blockedIps: [{ value: '192.0.2.1', until: later }],
    blockedRanges: [
      { value: '10.20.0.0/16', until: null },
      { value: '2001:db8::/32', until: null },
    ],
    trustedEmails: [{ value: 'hash-t', until: later }],
  });

  it('matches an email HMAC, an address, a range of either family, and an IPv4-mapped address', () => {
    expect(matcher.isBlocked({ emailHash: 'hash-a' }, now)).toBe(true);
    expect(matcher.isBlocked({ emailHash: 'hash-b', ip: '192.0.2.1' }, now)).toBe(true);
    expect(matcher.isBlocked({ ip: '::ffff:10.20.3.4' }, now)).toBe(true);
    expect(matcher.isBlocked({ ip: '2001:db8:1::5' }, now)).toBe(true);
    expect(matcher.isBlocked({ ip: '10.21.0.1' }, now)).toBe(false);
    expect(matcher.isBlocked({ ip: 'not an ip' }, now)).toBe(false);
    expect(matcher.isBlocked({}, now)).toBe(false);
    expect(matcher.isTrusted('hash-t', now)).toBe(true);
    expect(matcher.isTrusted('hash-a', now)).toBe(false);
  });

  it('stops matching what expired', () => {
    expect(matcher.isBlocked({ ip: '192.0.2.1' }, later)).toBe(false);
    expect(matcher.isTrusted('hash-t', later)).toBe(false);
    expect(compileLists(undefined).isBlocked({ emailHash: 'hash-a', ip: '192.0.2.1' }, now)).toBe(false);
  });
});
