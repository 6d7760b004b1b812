// `import:wordpress`: a WordPress export (test/fixtures/imports/wordpress.xml) into a site,
// with its statuses, threading at any depth, skips, dates, sealed emails and sanitised text;
// the public thread and counts right at once, and nothing of a post's side effects.
import mongoose from 'mongoose';
import request from 'supertest';
import { importedCommentId } from '../../src/imports/writer';
import { findPage } from '../../src/pages/page.model';
import { useFakeAkismet } from '../fakes/akismet';
import { commandsDuring, describeCommands, offending } from '../helpers/commands';
import { useTestDatabase } from '../helpers/db';
import { buildSite, SITE_ORIGIN } from '../helpers/factories';
import { as, buildActor } from '../moderation/helpers';
import { createSpamHarness } from '../spam/harness';
import {
  app,
  clock,
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

useTestDatabase({ monitorCommands: true });
useTestEmailKey();
const akismet = useFakeAkismet();

const FILE = `${FIXTURES}/wordpress.xml`;
const PAGE = '/2019/11/gsomia/';
const idOf = (site: string, wpId: number) => importedCommentId(site, 'wordpress', String(wpId));
const comments = () => mongoose.connection.collection('comments');
const stored = (site: string, wpId: number) =>
  comments().findOne({ _id: new mongoose.Types.ObjectId(idOf(site, wpId)) });

const SUMMARY = [
  'WordPress import into site news: 2 posts',
  'comments imported: 17 (approved 13, pending 1, spam 1, trash 2)',
  'already imported: 0',
  'skipped: 1 pingback, 1 trackback, 0 of other comment types, 0 on posts without a usable link',
  'replies made top-level (parent missing): 1',
  'dates taken from comment_date (no comment_date_gmt): 2',
  '',
].join('\n');

beforeEach(async () => {
  await buildSite({ id: 'news' });
});

it('imports posts as pages and comments with their statuses, and prints the summary', async () => {
  const result = await importFile('import:wordpress', FILE, 'news');
  expect(result).toEqual({ code: 0, stdout: SUMMARY, stderr: '' });

  expect(await findPage('news', PAGE)).toMatchObject({
    url: `${SITE_ORIGIN}${PAGE}`,
    title: 'Zoë on the GSOMIA deal',
    isClosed: false,
    createdAt: new Date('2019-11-22T09:00:00Z'),
  });
  // A published post without comments is a page too (its comment_post_ID form must work);
  // an attachment is not.
  expect(await findPage('news', '/2020/01/quiet/')).toMatchObject({ title: 'A quiet post' });
  expect(await findPage('news', '/logo/')).toBeUndefined();

  const statusOf = async (wpId: number) => (await stored('news', wpId))?.status;
  expect(await statusOf(1)).toBe('approved');
  expect(await statusOf(10)).toBe('pending');
  expect(await statusOf(11)).toBe('spam');
  expect(await statusOf(12)).toBe('trash');
  expect(await statusOf(13)).toBe('trash');
  // Pingbacks and trackbacks are not stored.
  expect(await stored('news', 14)).toBeNull();
  expect(await stored('news', 15)).toBeNull();
  expect(await comments().countDocuments()).toBe(17);
});

it('reads WXR 1.0 and 1.1 as it reads 1.2 (the same file under the older namespaces)', async () => {
  for (const version of ['1.0', '1.1']) {
    const older = fixture('wordpress.xml')
      .replaceAll('http://wordpress.org/export/1.2/', `http://wordpress.org/export/${version}/`)
      .replace('<wp:wxr_version>1.2</wp:wxr_version>', `<wp:wxr_version>${version}</wp:wxr_version>`);
    expect(older).not.toContain('export/1.2/');
    const site = `news-${version.replace('.', '-')}`;
    await buildSite({ id: site });
    const result = await importFile('import:wordpress', tempFile(`wxr-${version}.xml`, older), site);
    expect(result).toEqual({ code: 0, stdout: SUMMARY.replace('site news:', `site ${site}:`), stderr: '' });
  }
});

it('keeps threading at any depth, and places replies whose parent is missing or comes later', async () => {
  await importFile('import:wordpress', FILE, 'news');
  const deepest = await stored('news', 8);
  expect(deepest).toMatchObject({ depth: 7, threadId: new mongoose.Types.ObjectId(idOf('news', 1)) });
  expect(deepest?.ancestorIds.map(String)).toEqual([1, 2, 3, 4, 5, 6, 7].map((id) => idOf('news', id)));
  expect(deepest?.parentId.toHexString()).toBe(idOf('news', 7));
  // Its parent (999) is not in the file: a top-level comment.
  expect(await stored('news', 16)).toMatchObject({ depth: 0, parentId: null, ancestorIds: [] });
  // Written before its parent in the file, still its reply.
  expect((await stored('news', 20))?.parentId.toHexString()).toBe(idOf('news', 21));

  // The public thread shows the whole chain, seven replies deep, with the site's maxDepth (5)
  // left to new replies.
  const thread = await publicThread('news', PAGE);
  let node = thread.comments.find((comment: { id: string }) => comment.id === idOf('news', 1));
  for (let depth = 1; depth <= 7; depth++) node = node.replies[0];
  expect(node).toMatchObject({ id: idOf('news', 8), depth: 7 });
});

it('keeps the fields: dates, name, URL, IP, user agent; text sanitised, non-ASCII intact', async () => {
  await importFile('import:wordpress', FILE, 'news');
  const first = await stored('news', 1);
  expect(first).toMatchObject({
    author: 'Zoë Ångström',
    authorUrl: 'https://zoe.example/',
    createdAt: new Date('2019-11-22T10:00:00Z'),
    request: { ip: '198.51.100.7' },
    reasons: [{ code: 'imported', message: 'Imported from WordPress.' }],
  });
  expect(first?.content).toBe(
    '<p>First! 日本語のコメント 🎉</p>\n<p>A second paragraph with <b>bold</b> &amp; </p>',
  );
  expect(first?.rawContent).toContain('<script>alert(1)</script>');
  const second = await stored('news', 2);
  expect(second).toMatchObject({
    author: 'Ben & Jerry',
    request: { ip: '198.51.100.8', userAgent: 'Mozilla/5.0 (X11; Linux x86_64)' },
  });
  expect(second?.authorUrl).toBeUndefined();
  expect(second?.content).toBe('<p>Entities: <em>fine</em> &amp; “quoted” 😀</p>');
  // comment_date_gmt 0000-00-00 or absent: comment_date, read as UTC.
  expect((await stored('news', 17))?.createdAt).toEqual(new Date('2019-11-23T08:00:00Z'));
  expect((await stored('news', 20))?.createdAt).toEqual(new Date('2019-11-24T10:00:00Z'));
});

it('seals emails: none in clear in the database or the output', async () => {
  const result = await importFile('import:wordpress', FILE, 'news');
  const first = await stored('news', 1);
  expect(vault.decrypt(first?.emailSealed)).toBe('zoe@example.org');
  expect(first?.emailHash).toBe(vault.hash('zoe@example.org'));
  expect(first?.avatarSeed).toBe(vault.avatarSeed(vault.hash('zoe@example.org')));
  const everything = await everythingStored();
  for (const email of ['zoe@example.org', 'ben@example.org', 'waiting@example.org', 'pills@spam.example']) {
    expect(everything).not.toContain(email);
    expect(result.stdout + result.stderr).not.toContain(email);
  }
});

it('shows the public thread and counts right away, with no spam check, job or webhook queued', async () => {
  await importFile('import:wordpress', FILE, 'news');
  await expectThreadConsistent('news', PAGE);
  // 13 approved: 1-8, 16, 17, 18, 20, 21.
  expect(await publicCount('news', PAGE)).toBe(13);
  const thread = await publicThread('news', PAGE);
  expect(thread.total).toBe(13);
  // The trashed comment keeps its place, as a placeholder, for its approved reply.
  const trashed = thread.comments.find((comment: { id: string }) => comment.id === idOf('news', 12));
  expect(trashed).toMatchObject({ deleted: true, replies: [{ id: idOf('news', 18) }] });
  expect(JSON.stringify(thread)).not.toContain('Trashed comment');
  await expectNoSideEffects();
  // A worker with Akismet configured finds nothing to check, and Akismet hears nothing.
  expect(await createSpamHarness(akismet.current()).drain()).toBe(0);
  expect(akismet.current().calls).toEqual([]);
});

it('puts pending comments in the moderation queue and records approved authors', async () => {
  await importFile('import:wordpress', FILE, 'news');
  const queue = await mongoose.connection.collection('pending_comments').find({}).toArray();
  expect(queue).toEqual([
    expect.objectContaining({ _id: idOf('news', 10), site: 'news', pageId: PAGE, author: 'Waiting Reader' }),
  ]);
  // The moderators' Pending tab lists it, with no spam check ever queued.
  const admin = await buildActor({ role: 'admin' });
  const listed = await as(app, admin).get('/comments').expect(200);
  expect(listed.body.comments).toEqual([
    expect.objectContaining({
      id: idOf('news', 10),
      status: 'pending',
      author: expect.objectContaining({ name: 'Waiting Reader' }),
      spamCheck: null,
    }),
  ]);
  const authors = mongoose.connection.collection('approved_authors');
  expect(await authors.findOne({ _id: `news:${vault.hash('zoe@example.org')}` as never })).not.toBeNull();
  expect(await authors.findOne({ _id: `news:${vault.hash('pills@spam.example')}` as never })).toBeNull();
});

it('sends a form still posting comment_post_ID=<WordPress post id> to the imported thread', async () => {
  await importFile('import:wordpress', FILE, 'news');
  for (const [postId, pageId] of [
    ['101', PAGE],
    ['102', '/2020/01/quiet/'],
  ]) {
    clock.advance(60_000);
    const res = await request(app)
      .post('/api/v1/sites/news/comments')
      .type('form')
      .set('Accept', 'text/html')
      .send({ comment_post_ID: postId, author: 'Form Reader', email: 'form@example.org', comment: 'Hello' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(new RegExp(`^${SITE_ORIGIN}${pageId}\\?unapproved=`));
    const id = new URL(res.headers.location as string).searchParams.get('unapproved') as string;
    expect(await comments().findOne({ _id: new mongoose.Types.ObjectId(id) })).toMatchObject({ pageId });
  }
  // No page and no alias: the number stays the page id.
  clock.advance(60_000);
  await request(app)
    .post('/api/v1/sites/news/comments')
    .send({ pageId: '555', author: 'A', email: 'a@example.org', content: 'Hi' })
    .expect(201);
  expect(await comments().countDocuments({ pageId: '555' })).toBe(1);
});

it('finds the page of a comment_post_ID post by _id lookups and inserts only', async () => {
  await importFile('import:wordpress', FILE, 'news');
  clock.advance(60_000);
  const commands = await commandsDuring(() =>
    request(app)
      .post('/api/v1/sites/news/comments')
      .type('form')
      .set('Accept', 'text/html')
      .send({ comment_post_ID: '101', author: 'Form Reader', email: 'form@example.org', comment: 'Hi' })
      .expect(303),
  );
  expect(describeCommands(offending(commands))).toEqual([]);
  // The page was looked up under the number, then the alias, then the page it names.
  expect(describeCommands(commands).join('\n')).toContain('page_aliases');
});
