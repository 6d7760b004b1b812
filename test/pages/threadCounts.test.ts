import { refreshPageThread } from '../../src/comments/comment.changes';
import { findPage, recordThreadCounts } from '../../src/pages/page.model';
import { useTestDatabase } from '../helpers/db';
import { buildComment, buildSite } from '../helpers/factories';

useTestDatabase();

it('stores counts only over the version they were counted at', async () => {
  const site = await buildSite();
  const top = await buildComment(site, { pageId: '/a' });
  await buildComment(site, { parent: top });
  const before = await findPage(site.id, '/a');
  expect(before).toMatchObject({ approvedCount: 2, approvedTopLevelCount: 1 });

  const stale = (before?.version ?? 0) + 1;
  expect(
    await recordThreadCounts(site.id, '/a', stale, { approvedCount: 99, approvedTopLevelCount: 99 }),
  ).toBe(false);
  expect(await findPage(site.id, '/a')).toMatchObject({ approvedCount: 2, version: before?.version });

  expect(
    await recordThreadCounts(site.id, '/a', before?.version ?? 0, {
      approvedCount: 5,
      approvedTopLevelCount: 1,
    }),
  ).toBe(true);
  const after = await findPage(site.id, '/a');
  expect(after?.approvedCount).toBe(5);
  expect(after?.version).not.toBe(before?.version);

  // A recount puts a wrong count right and moves the version on again.
  await refreshPageThread(site.id, '/a');
  const recounted = await findPage(site.id, '/a');
  expect(recounted).toMatchObject({ approvedCount: 2, approvedTopLevelCount: 1 });
  expect(recounted?.version).not.toBe(after?.version);
});
