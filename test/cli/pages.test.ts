// `npm run cli -- pages:rebuild`: the way back when a page's precomputed thread is out of step
// with its comments (a bug, a hand edit of the database). It rebuilds from the comments and
// says which pages were out of step.

import request from 'supertest';
import { findSite, type Site } from '../../src/sites/site.model';
import { computeThreadDirectly } from '../../src/threads/direct';
import { ThreadChunkModel, ThreadModel, threadKey } from '../../src/threads/thread.model';
import { buildTestApp } from '../helpers/app';
import { runCli } from '../helpers/cli';
import { useTestDatabase } from '../helpers/db';
import { buildComment, buildSite } from '../helpers/factories';

const database = useTestDatabase();
const cli = (...args: string[]) => runCli(database.name, args);

it('rebuilds the threads that are out of step and leaves the others as they were', async () => {
  const site = await buildSite({ id: 'paper' });
  const top = await buildComment(site, { pageId: '/a' });
  await buildComment(site, { parent: top });
  await buildComment(site, { pageId: '/b' });
  // /a's thread lost: record and chunks deleted by hand.
  await ThreadModel.deleteOne({ _id: threadKey('paper', '/a') });
  await ThreadChunkModel.deleteMany({ _id: { $regex: '^paper:/a#' } });

  const first = cli('pages:rebuild', '--site', 'paper');
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  expect(first.stdout).toContain('paper /a: 2 approved, 1 top-level (was out of step; rebuilt)');
  expect(first.stdout).toContain('paper /b: 1 approved, 1 top-level\n');
  expect(first.stdout).toContain('2 page(s) rebuilt, 1 out of step');

  const { app } = buildTestApp();
  const current = (await findSite('paper')) as Site;
  const res = await request(app).get('/api/v1/sites/paper/comments?pageId=/a').expect(200);
  expect(res.body).toEqual(await computeThreadDirectly(current, { pageId: '/a', sort: 'oldest', page: 1 }));

  const again = cli('pages:rebuild', '--site', 'paper', '--page', '/a');
  expect(again.stdout).toContain('1 page(s) rebuilt, 0 out of step');
});

it('refuses --page without --site, in one line', () => {
  const result = cli('pages:rebuild', '--page', '/a');
  expect(result.code).toBe(1);
  expect(result.stderr).toBe('parley: --page needs --site\n');
});
