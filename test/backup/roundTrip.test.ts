// `export` and `import:parley`: a site with something of everything, exported, restored into
// another site of an emptied installation, reads the same to readers and moderators; emails
// stay out of a backup unless asked for, and survive a new email key when they are in it.
import { readFileSync, writeFileSync } from 'node:fs';
import mongoose from 'mongoose';
import { listListAudit } from '../../src/audit/audit.model';
import { createEmailVault } from '../../src/privacy/emailVault';
import {
  addSiteWebhook,
  findSiteOverview,
  findSiteWithAkismetKey,
  listSiteWebhooks,
  updateSite,
  updateSiteSetting,
} from '../../src/sites/site.model';
import { buildTestApp, TEST_EMAIL_KEY } from '../helpers/app';
import { runCliHere } from '../helpers/cli';
import { useTestDatabase } from '../helpers/db';
import { buildComment, buildSite } from '../helpers/factories';
import { as } from '../moderation/helpers';
import { buildReportApp } from '../reports/helpers';
import { buildFullSite, EMAILS, emptyAllButUsers, tempFile, viewsOf } from './helpers';

useTestDatabase();

const { app, report, clock } = buildReportApp();
const vault = createEmailVault(Buffer.from(TEST_EMAIL_KEY, 'base64'));
const OTHER_KEY = Buffer.alloc(32, 9).toString('base64');

const saved = process.env.EMAIL_KEY;
beforeEach(() => {
  process.env.EMAIL_KEY = TEST_EMAIL_KEY;
});
afterAll(() => {
  process.env.EMAIL_KEY = saved;
});

it('restores a site into another site of an emptied installation, reading the same to everyone', async () => {
  const { admin } = await buildFullSite(app, report, 'news', clock.now());
  const before = await viewsOf(app, admin, 'news');
  const authors = async (site: string) =>
    (await mongoose.connection.collection('approved_authors').find().toArray())
      .map((doc) => String(doc._id))
      .filter((id) => id.startsWith(`${site}:`))
      .map((id) => id.slice(site.length + 1))
      .sort();
  const authorsBefore = await authors('news');
  expect(authorsBefore.length).toBeGreaterThan(2);
  const listAuditBefore = await listListAudit('news');
  expect(listAuditBefore).toHaveLength(3);
  const file = tempFile('news.ndjson');

  const exported = await runCliHere(['export', '--site', 'news', '--out', file, '--include-emails']);
  expect(exported.stderr).toBe('');
  expect(exported.stdout).toMatch(
    /^exported site news to .*: 2 pages, 14 comments, 3 list entries, 2 reports, \d+ audit entries \(with emails\)\n$/,
  );

  await emptyAllButUsers();
  const restored = await runCliHere(['import:parley', file, '--site', 'paper']);
  expect(restored.stderr).toBe('');
  expect(restored.code).toBe(0);
  expect(restored.stdout).toMatch(
    /^restored site news into paper: 2 pages, 14 comments, 3 list entries, 2 reports, \d+ audit entries; 2 threads rebuilt\n$/,
  );

  // Nothing was queued: no spam check (Akismet), no notification or webhook job.
  for (const queue of ['spam_checks', 'spam_checks_later', 'job_queue', 'job_queue_later']) {
    expect(await mongoose.connection.collection(queue).countDocuments()).toBe(0);
  }
  const after = await viewsOf(app, admin, 'paper');
  // "first-time" moderation still knows who has an approved comment. The record an author's own
  // delete leaves behind (it writes by _id only) is not restored: it has no approved comment.
  expect(await authors('paper')).toEqual(
    authorsBefore.filter((hash) => hash !== vault.hash(EMAILS[3] as string)),
  );
  expect(await listListAudit('paper')).toEqual(listAuditBefore.map((entry) => ({ ...entry, site: 'paper' })));
  expect(after).toEqual(before);
  // What the comparison covers: placeholders, history, reports, every tab.
  expect(JSON.stringify(after)).toContain('"deleted":true');
  expect(JSON.stringify(after)).toContain('Deep 日本語 ✓');
  expect(JSON.stringify(after)).toContain('Ana, edited once');
  expect(JSON.stringify(after)).toContain('From the desk: thanks.');
  expect(after.reported.comments).toHaveLength(1);
  expect(after.reported.comments[0].reports.count).toBe(2);
  for (const status of ['pending', 'approved', 'spam', 'trash']) {
    expect(after[`tab ${status}`][1].comments.length).toBeGreaterThan(0);
  }
});

it('leaves every email out by default, plain or sealed, keeping the hashes', async () => {
  await buildFullSite(app, report, 'news', clock.now());
  const file = tempFile('news.ndjson');
  expect((await runCliHere(['export', '--site', 'news', '--out', file])).code).toBe(0);

  const text = readFileSync(file, 'utf8');
  // Not in comments, list entries or audit details (blocks keep only a masked form: `s•••@example.net`).
  for (const email of [...EMAILS, 'spam@example.net']) expect(text.toLowerCase()).not.toContain(email);
  expect(text).not.toMatch(/"v1:|emailSealed|"email":/);
  const sealed = await mongoose.connection
    .collection('comments')
    .find()
    .project({ emailSealed: 1 })
    .toArray();
  expect(sealed).toHaveLength(14);
  for (const { emailSealed } of sealed) expect(text).not.toContain(String(emailSealed).slice(3, 30));
  expect(text).toContain(vault.hash(EMAILS[0] as string));
  const lines = text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  expect(lines[0]).toMatchObject({
    type: 'header',
    format: 'parley-backup',
    version: 1,
    site: 'news',
    includesEmails: false,
  });
  expect(lines.at(-1)).toMatchObject({ type: 'end', counts: { page: 2, comment: 14, entry: 3, report: 2 } });
});

it('carries emails into an installation with another email key when asked to', async () => {
  const { admin } = await buildFullSite(app, report, 'news', clock.now());
  const file = tempFile('news.ndjson');
  expect((await runCliHere(['export', '--site', 'news', '--out', file, '--include-emails'])).code).toBe(0);
  expect(readFileSync(file, 'utf8')).toContain(EMAILS[2]);

  await emptyAllButUsers();
  process.env.EMAIL_KEY = OTHER_KEY;
  const restored = await runCliHere(['import:parley', file, '--site', 'news']);
  expect(restored.stderr).toBe('');

  // The other installation reads the emails with its own key and finds them by its own HMAC.
  const otherVault = createEmailVault(Buffer.from(OTHER_KEY, 'base64'));
  const other = buildTestApp({ config: { EMAIL_KEY: OTHER_KEY }, extras: () => ({ vault: otherVault }) });
  const pending = await as(other.app, admin).get('/comments?status=pending&site=news').expect(200);
  const emails = pending.body.comments.map((card: { author: { email: string } }) => card.author.email);
  expect(emails).toEqual(expect.arrayContaining([EMAILS[0], EMAILS[1], EMAILS[2]]));
  const trusts = await as(other.app, admin).get('/sites/news/trusts').expect(200);
  expect(trusts.body.entries).toHaveLength(1);
  // The lists' email HMACs were rewritten with the new key: the trust applies to the same person.
  const summary = await mongoose.connection.collection('commenter_lists').findOne({ _id: 'news' as never });
  expect(summary?.trustedEmails).toEqual([{ value: otherVault.hash(EMAILS[0] as string), until: null }]);
});

it('leaves the Akismet key and webhook secrets out unless asked, and restores them when in', async () => {
  await buildSite({ id: 'news' });
  await updateSite('news', { akismetKey: 'akismet-secret-123' });
  await addSiteWebhook('news', {
    url: 'https://hooks.example/parley',
    secret: 'whsec-secret-456',
    events: ['comment.created'],
  });
  await updateSiteSetting('news', 'maxDepth', 7);
  const plain = tempFile('plain.ndjson');
  const secret = tempFile('secret.ndjson');
  expect((await runCliHere(['export', '--site', 'news', '--out', plain])).code).toBe(0);
  expect((await runCliHere(['export', '--site', 'news', '--out', secret, '--include-secrets'])).code).toBe(0);
  expect(readFileSync(plain, 'utf8')).not.toMatch(/akismet-secret-123|whsec-secret-456|akismetKey|webhooks/);
  expect(readFileSync(secret, 'utf8')).toContain('whsec-secret-456');

  await emptyAllButUsers();
  // An existing empty site takes the backup's settings; without secrets it keeps its own.
  await buildSite({ id: 'plain' });
  expect((await runCliHere(['import:parley', plain, '--site', 'plain'])).code).toBe(0);
  expect((await findSiteOverview('plain'))?.settings.maxDepth).toBe(7);
  expect((await findSiteOverview('plain'))?.hasAkismetKey).toBe(false);
  expect((await runCliHere(['import:parley', secret, '--site', 'copy'])).code).toBe(0);
  expect((await findSiteWithAkismetKey('copy'))?.akismetKey).toBe('akismet-secret-123');
  expect(await listSiteWebhooks('copy')).toEqual([
    {
      id: expect.any(String),
      url: 'https://hooks.example/parley',
      secret: 'whsec-secret-456',
      events: ['comment.created'],
    },
  ]);
});

it('refuses a site that has comments, and a line that is not a backup line, naming it', async () => {
  const site = await buildSite({ id: 'news' });
  await buildComment(site, {});
  const file = tempFile('news.ndjson');
  expect((await runCliHere(['export', '--site', 'news', '--out', file])).code).toBe(0);

  const busy = await runCliHere(['import:parley', file, '--site', 'news']);
  expect(busy.code).toBe(1);
  expect(busy.stderr).toBe(
    'parley: site "news" has pages or comments: a backup restores only into an empty site\n',
  );

  const unwritable = await runCliHere(['export', '--site', 'news', '--out', '/nonexistent-dir/x.ndjson']);
  expect(unwritable.stderr).toBe('parley: cannot write /nonexistent-dir/x.ndjson: ENOENT\n');
  // A copy beside the original would share its comments' ids: refused before anything is written.
  const beside = await runCliHere(['import:parley', file, '--site', 'copy']);
  expect(beside.code).toBe(1);
  expect(beside.stderr).toMatch(
    /^parley: comment [0-9a-f]{24} of this backup is stored in this database already/,
  );
  expect(await findSiteOverview('copy')).toBeUndefined();

  const lines = readFileSync(file, 'utf8').split('\n');
  lines[3] = '{"type":"comment","id":"nope"';
  writeFileSync(file, lines.join('\n'));
  await emptyAllButUsers();
  const corrupt = await runCliHere(['import:parley', file, '--site', 'copy']);
  expect(corrupt.code).toBe(1);
  expect(corrupt.stderr).toBe('parley: line 4: not valid JSON\n');

  lines[3] = '{"type":"comment","id":"nope"}';
  writeFileSync(file, lines.join('\n'));
  const wrong = await runCliHere(['import:parley', file, '--site', 'copy']);
  expect(wrong.stderr).toBe('parley: line 4: id: must be a 24-digit hexadecimal id\n');

  writeFileSync(file, lines.slice(0, 3).join('\n'));
  const cut = await runCliHere(['import:parley', file, '--site', 'copy']);
  expect(cut.stderr).toMatch(/ends without its end line: the backup is incomplete\n$/);
  const missing = await runCliHere(['import:parley', `${file}.gone`, '--site', 'copy']);
  expect(missing.stderr).toMatch(/^parley: cannot read .*\.gone: ENOENT/);
  // Nothing was written for the refused files.
  expect((await runCliHere(['sites:show', 'copy'])).code).toBe(1);
});
