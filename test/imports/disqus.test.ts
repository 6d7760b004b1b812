// `import:disqus`: a Disqus export (test/fixtures/imports/disqus.xml) into a site. Threads
// become pages from their link's path; posts keep their parents even when a parent or a
// thread comes later in the file; deleted and spam posts keep those states; anonymous authors
// stay; posts of a thread missing from the file are skipped and counted.
import mongoose from 'mongoose';
import { importedCommentId } from '../../src/imports/writer';
import { findPage } from '../../src/pages/page.model';
import { useTestDatabase } from '../helpers/db';
import { buildSite, SITE_ORIGIN } from '../helpers/factories';
import {
  everythingStored,
  expectNoSideEffects,
  expectThreadConsistent,
  FIXTURES,
  fixture,
  importFile,
  publicCount,
  publicThread,
  tempFile,
  useTestEmailKey,
  vault,
} from './helpers';

useTestDatabase();
useTestEmailKey();

const FILE = `${FIXTURES}/disqus.xml`;
const PAGE = '/2019/11/gsomia/';
const idOf = (dsqId: number) => importedCommentId('news', 'disqus', String(dsqId));
const comments = () => mongoose.connection.collection('comments');
const stored = (dsqId: number) => comments().findOne({ _id: new mongoose.Types.ObjectId(idOf(dsqId)) });

const SUMMARY = [
  'Disqus import into site news: 2 threads',
  'comments imported: 8 (approved 6, pending 0, spam 1, trash 1)',
  'already imported: 0',
  'skipped: 1 post whose thread is not in the file',
  'replies made top-level (parent missing): 1',
  '',
].join('\n');

beforeEach(async () => {
  await buildSite({ id: 'news' });
});

it('turns threads into pages and posts into comments, and prints the summary', async () => {
  expect(await importFile('import:disqus', FILE, 'news')).toEqual({ code: 0, stdout: SUMMARY, stderr: '' });
  expect(await findPage('news', PAGE)).toMatchObject({
    url: `${SITE_ORIGIN}${PAGE}`,
    title: 'Zoë on the GSOMIA deal & after',
    isClosed: false,
    createdAt: new Date('2019-11-22T09:00:00Z'),
  });
  // The thread came after its post in the file; closed on Disqus, closed here.
  expect(await findPage('news', '/2020/01/quiet/')).toMatchObject({ title: 'A quiet post', isClosed: true });
  // A thread nobody commented on is not a page.
  expect(await findPage('news', '/never-commented/')).toBeUndefined();
  expect((await stored(9101))?.pageId).toBe('/2020/01/quiet/');

  expect(await stored(9004)).toMatchObject({ status: 'trash' });
  expect(await stored(9005)).toMatchObject({ status: 'spam' });
  expect(await stored(9001)).toMatchObject({
    status: 'approved',
    author: 'Zoë',
    content: '<p>First on Disqus: 日本語 🎉</p>',
    createdAt: new Date('2019-11-22T10:00:00Z'),
    request: { ip: '198.51.100.1' },
    reasons: [{ code: 'imported', message: 'Imported from Disqus.' }],
  });
  // The post whose thread is missing is not stored.
  expect(await stored(9008)).toBeNull();
  expect(await comments().countDocuments()).toBe(8);
});

it('keeps parents, also a parent that comes after its reply, and keeps anonymous authors', async () => {
  await importFile('import:disqus', FILE, 'news');
  expect(await stored(9003)).toMatchObject({
    depth: 2,
    parentId: new mongoose.Types.ObjectId(idOf(9002)),
    ancestorIds: [new mongoose.Types.ObjectId(idOf(9001)), new mongoose.Types.ObjectId(idOf(9002))],
    threadId: new mongoose.Types.ObjectId(idOf(9001)),
  });
  const anonymous = await stored(9002);
  expect(anonymous).toMatchObject({
    author: 'Anonymous Coward',
    depth: 1,
    content: '<p>A reply, &amp; an entity</p>',
  });
  expect(anonymous?.emailSealed).toBeUndefined();
  expect(anonymous?.emailHash).toBeUndefined();
  // Its parent (8888) is not in the file: top level.
  expect(await stored(9007)).toMatchObject({ depth: 0, parentId: null });
});

it('shows threads and counts at once, with placeholders; seals emails; queues nothing', async () => {
  const result = await importFile('import:disqus', FILE, 'news');
  await expectThreadConsistent('news', PAGE);
  await expectThreadConsistent('news', '/2020/01/quiet/');
  expect(await publicCount('news', PAGE)).toBe(5);
  expect(await publicCount('news', '/2020/01/quiet/')).toBe(1);
  const thread = await publicThread('news', PAGE);
  const deleted = thread.comments.find((comment: { id: string }) => comment.id === idOf(9004));
  expect(deleted).toMatchObject({ deleted: true, replies: [{ id: idOf(9006) }] });
  expect(JSON.stringify(thread)).not.toContain('Cheap pills');

  expect(vault.decrypt((await stored(9001))?.emailSealed)).toBe('zoe@example.org');
  const everything = await everythingStored();
  for (const email of ['zoe@example.org', 'late@example.org', 'gone@example.org', 'ben@example.org']) {
    expect(everything).not.toContain(email);
    expect(result.stdout + result.stderr).not.toContain(email);
  }
  await expectNoSideEffects();
});

it('adds nothing when run again, and only new posts from a later export', async () => {
  await importFile('import:disqus', FILE, 'news');
  const again = await importFile('import:disqus', FILE, 'news');
  expect(again.stdout).toContain(
    'comments imported: 0 (approved 0, pending 0, spam 0, trash 0)\nalready imported: 8\n',
  );
  const newPost = `  <post dsq:id="9009">
    <message><![CDATA[<p>A later reply</p>]]></message>
    <createdAt>2019-12-01T10:00:00Z</createdAt>
    <isDeleted>false</isDeleted>
    <isSpam>false</isSpam>
    <author><name>Later</name><isAnonymous>true</isAnonymous></author>
    <thread dsq:id="7001" />
    <parent dsq:id="9003" />
  </post>
</disqus>`;
  const later = tempFile('later-disqus.xml', fixture('disqus.xml').replace('</disqus>', newPost));
  const result = await importFile('import:disqus', later, 'news');
  expect(result.stdout).toContain(
    'comments imported: 1 (approved 1, pending 0, spam 0, trash 0)\nalready imported: 8\n',
  );
  expect(await stored(9009)).toMatchObject({ depth: 3 });
  expect(await publicCount('news', PAGE)).toBe(6);
  await expectThreadConsistent('news', PAGE);
});

it('stops a malformed file with its line and column; the fixed file completes the import', async () => {
  // Cut short inside a post: the file ends before its elements are closed.
  const text = fixture('disqus.xml');
  const cut = text.slice(0, text.indexOf('<post dsq:id="9005">'));
  const file = tempFile('cut-disqus.xml', cut);
  const result = await importFile('import:disqus', file, 'news');
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(
    new RegExp(`^parley: ${file}: line \\d+, column \\d+: unclosed tag: disqus\\n$`),
  );
  // The first pass found the error: nothing was stored, and the site is as it was.
  expect(await comments().countDocuments()).toBe(0);
  const fixed = await importFile('import:disqus', FILE, 'news');
  expect(fixed.stdout).toBe(SUMMARY);
  await expectThreadConsistent('news', PAGE);
});
