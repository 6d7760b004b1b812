// Running a WordPress import again: the same file adds nothing and leaves moderators' work
// alone, a later, bigger export adds only what is new, and a malformed file stops at its line
// and column with the site consistent, after which the fixed file completes the import.
import mongoose from 'mongoose';
import { changeCommentStatus } from '../../src/comments/store/changes';
import { importedCommentId } from '../../src/imports/writer';
import { ThreadChunkModel, ThreadModel, threadKey } from '../../src/threads/thread.model';
import { useTestDatabase } from '../helpers/db';
import { buildSite } from '../helpers/factories';
import {
  expectNoSideEffects,
  expectThreadConsistent,
  FIXTURES,
  fixture,
  importFile,
  publicCount,
  tempFile,
  useTestEmailKey,
} from './helpers';

useTestDatabase();
useTestEmailKey();

const FILE = `${FIXTURES}/wordpress.xml`;
const PAGE = '/2019/11/gsomia/';
const comments = () => mongoose.connection.collection('comments');
const idOf = (wpId: number) => importedCommentId('news', 'wordpress', String(wpId));

beforeEach(async () => {
  await buildSite({ id: 'news' });
});

it('adds nothing the second time, and keeps what moderators did meanwhile', async () => {
  await importFile('import:wordpress', FILE, 'news');
  await changeCommentStatus(idOf(10), 'pending', 'approved', new Date());
  const again = await importFile('import:wordpress', FILE, 'news');
  expect(again.code).toBe(0);
  expect(again.stdout).toContain('comments imported: 0 (approved 0, pending 0, spam 0, trash 0)\n');
  expect(again.stdout).toContain('already imported: 17\n');
  expect(await comments().countDocuments()).toBe(17);
  expect(await comments().findOne({ _id: new mongoose.Types.ObjectId(idOf(10)) })).toMatchObject({
    status: 'approved',
  });
  expect(await mongoose.connection.collection('pending_comments').countDocuments()).toBe(0);
  expect(await publicCount('news', PAGE)).toBe(14);
  await expectThreadConsistent('news', PAGE);
});

it('brings back a thread that a stopped import never wrote, when run again', async () => {
  await importFile('import:wordpress', FILE, 'news');
  // As if the process had been killed after storing the comments, before the thread.
  await ThreadModel.deleteOne({ _id: threadKey('news', PAGE) });
  await ThreadChunkModel.deleteMany({ _id: { $regex: `^news:${PAGE}#` } });
  expect(await publicCount('news', PAGE)).toBe(0);
  const again = await importFile('import:wordpress', FILE, 'news');
  expect(again.stdout).toContain('already imported: 17\n');
  expect(await publicCount('news', PAGE)).toBe(13);
  await expectThreadConsistent('news', PAGE);
});

/** The fixture with more comments on the first post and a new post: a later export. */
function laterExport(): string {
  const more = `
		<wp:comment>
			<wp:comment_id>30</wp:comment_id>
			<wp:comment_author>Depth eight</wp:comment_author>
			<wp:comment_date_gmt>2019-12-01 10:00:00</wp:comment_date_gmt>
			<wp:comment_content>Later reply, deeper still</wp:comment_content>
			<wp:comment_approved>1</wp:comment_approved>
			<wp:comment_parent>8</wp:comment_parent>
		</wp:comment>
		<wp:comment>
			<wp:comment_id>31</wp:comment_id>
			<wp:comment_author>Later Waiting</wp:comment_author>
			<wp:comment_date_gmt>2019-12-01 11:00:00</wp:comment_date_gmt>
			<wp:comment_content>Later, held</wp:comment_content>
			<wp:comment_approved>0</wp:comment_approved>
			<wp:comment_parent>0</wp:comment_parent>
		</wp:comment>
	</item>
	<item>
		<title>A new post</title>
		<link>https://news.example/2020/02/new/</link>
		<wp:post_id>104</wp:post_id>
		<wp:status>publish</wp:status>
		<wp:post_type>post</wp:post_type>
		<wp:comment>
			<wp:comment_id>40</wp:comment_id>
			<wp:comment_author>New Reader</wp:comment_author>
			<wp:comment_date_gmt>2020-02-02 10:00:00</wp:comment_date_gmt>
			<wp:comment_content>On the new post</wp:comment_content>
			<wp:comment_approved>1</wp:comment_approved>
			<wp:comment_parent>0</wp:comment_parent>
		</wp:comment>
	</item>`;
  return fixture('wordpress.xml').replace('\n\t</item>', more);
}

it('adds only the new comments of a later, bigger export', async () => {
  await importFile('import:wordpress', FILE, 'news');
  const later = await importFile('import:wordpress', tempFile('later.xml', laterExport()), 'news');
  expect(later.code).toBe(0);
  expect(later.stdout).toContain('WordPress import into site news: 3 posts\n');
  expect(later.stdout).toContain('comments imported: 3 (approved 2, pending 1, spam 0, trash 0)\n');
  expect(later.stdout).toContain('already imported: 17\n');
  expect(await comments().countDocuments()).toBe(20);
  expect(await comments().findOne({ _id: new mongoose.Types.ObjectId(idOf(30)) })).toMatchObject({
    depth: 8,
  });
  expect(await publicCount('news', PAGE)).toBe(14);
  expect(await publicCount('news', '/2020/02/new/')).toBe(1);
  await expectThreadConsistent('news', PAGE);
  await expectThreadConsistent('news', '/2020/02/new/');
  await expectNoSideEffects();
});

it('stops a malformed file at its line and column, consistent; the fixed file completes it', async () => {
  const text = fixture('wordpress.xml');
  const broken = text.replace('Depth four</wp:comment_author>', 'Depth four</wp:comment_autor>');
  const at = broken.indexOf('</wp:comment_autor>') + '</wp:comment_autor>'.length;
  const line = broken.slice(0, at).split('\n').length;
  const column = at - (broken.lastIndexOf('\n', at - 1) + 1);
  const file = tempFile('broken.xml', broken);

  const result = await importFile('import:wordpress', file, 'news');
  expect(result.code).toBe(1);
  expect(result.stderr).toBe(`parley: ${file}: line ${line}, column ${column}: unexpected close tag.\n`);
  // What came before the error is stored, and its thread shows it.
  // Comments 1 to 4 come before the broken one (5).
  expect(await comments().countDocuments()).toBe(4);
  expect(await publicCount('news', PAGE)).toBe(4);
  await expectThreadConsistent('news', PAGE);

  const fixed = await importFile('import:wordpress', FILE, 'news');
  expect(fixed.code).toBe(0);
  expect(fixed.stdout).toContain('comments imported: 13 (approved 9, pending 1, spam 1, trash 2)\n');
  expect(fixed.stdout).toContain('already imported: 4\n');
  expect(await publicCount('news', PAGE)).toBe(13);
  await expectThreadConsistent('news', PAGE);
  await expectNoSideEffects();
});

it('refuses an unknown site and a missing file in one line each', async () => {
  expect(await importFile('import:wordpress', FILE, 'nope')).toEqual({
    code: 1,
    stdout: '',
    stderr: 'parley: there is no site "nope"\n',
  });
  expect(await importFile('import:wordpress', '/nonexistent/export.xml', 'news')).toEqual({
    code: 1,
    stdout: '',
    stderr: 'parley: /nonexistent/export.xml: no such file\n',
  });
});
