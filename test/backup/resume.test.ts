// `import:parley` run again after it stopped midway: the same backup carries on over what was
// written (nothing twice), while another backup is still refused on the part-restored site.
import { readFileSync } from 'node:fs';
import mongoose from 'mongoose';
import { TEST_EMAIL_KEY } from '../helpers/app';
import { runCliHere } from '../helpers/cli';
import { useTestDatabase } from '../helpers/db';
import { buildReportApp } from '../reports/helpers';
import { buildFullSite, emptyAllButUsers, PAGES, tempFile, viewsOf } from './helpers';

useTestDatabase();

const { app, report, clock } = buildReportApp();
const collection = (name: string) => mongoose.connection.collection(name);

const saved = process.env.EMAIL_KEY;
beforeEach(() => {
  process.env.EMAIL_KEY = TEST_EMAIL_KEY;
});
afterAll(() => {
  process.env.EMAIL_KEY = saved;
});

it('carries on a restore that stopped midway, and refuses another backup over it', async () => {
  const { admin } = await buildFullSite(app, report, 'news', clock.now());
  const before = await viewsOf(app, admin, 'news');
  const file = tempFile('news.ndjson');
  const other = tempFile('other.ndjson');
  expect((await runCliHere(['export', '--site', 'news', '--out', file, '--include-emails'])).code).toBe(0);
  clock.advance(1000);
  expect((await runCliHere(['export', '--site', 'news', '--out', other, '--include-emails'])).code).toBe(0);
  await emptyAllButUsers();
  expect((await runCliHere(['import:parley', file, '--site', 'news'])).code).toBe(0);
  expect(await collection('sites').findOne({ _id: 'news' as never })).not.toHaveProperty('restoring');

  // As a restore that stopped after the first batches leaves it: its marker on the site, one
  // page's comments and queue records missing, no threads, no list summary.
  const header = JSON.parse(readFileSync(file, 'utf8').split('\n')[0] as string);
  await collection('sites').updateOne(
    { _id: 'news' as never },
    { $set: { restoring: `news@${header.exportedAt}` } },
  );
  await collection('comments').deleteMany({ pageId: PAGES[1] });
  await collection('pending_comments').deleteMany({});
  for (const name of ['threads', 'thread_chunks', 'commenter_lists']) await collection(name).deleteMany({});
  const comments = await collection('comments').countDocuments();
  expect(comments).toBeLessThan(14);

  const another = await runCliHere(['import:parley', other, '--site', 'news']);
  expect(another.stderr).toBe(
    'parley: site "news" has pages or comments: a backup restores only into an empty site\n',
  );

  const resumed = await runCliHere(['import:parley', file, '--site', 'news']);
  expect(resumed.stderr).toBe('');
  expect(resumed.stdout).toMatch(/^finished restoring site news into news: 2 pages, 14 comments, /);
  expect(await collection('comments').countDocuments()).toBe(14);
  expect(await collection('sites').findOne({ _id: 'news' as never })).not.toHaveProperty('restoring');
  expect(await viewsOf(app, admin, 'news')).toEqual(before);
});
