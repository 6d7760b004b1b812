// `export:wordpress`: the site's comments as WXR 1.2 that an XML parser reads whole, one item
// per page with its comments, numbers that stay the same from one export to the next, and
// text that survives: `]]>` inside content, markup, non-ASCII, characters XML cannot hold.
import { readFileSync } from 'node:fs';
import { SaxesParser } from 'saxes';
import { stableNumber } from '../../src/backup/wxr';
import { PageModel, upsertPage } from '../../src/pages/page.model';
import { TEST_EMAIL_KEY } from '../helpers/app';
import { runCliHere } from '../helpers/cli';
import { useTestDatabase } from '../helpers/db';
import { buildComment, buildSite } from '../helpers/factories';
import { tempFile } from './helpers';

useTestDatabase();

const saved = process.env.EMAIL_KEY;
beforeEach(() => {
  process.env.EMAIL_KEY = TEST_EMAIL_KEY;
});
afterAll(() => {
  process.env.EMAIL_KEY = saved;
});

type Fields = Record<string, string>;

/** Parses WXR strictly (namespaces checked), answering each item's fields and its comments' fields. */
function parseWxr(xml: string): { items: Array<{ fields: Fields; comments: Fields[] }>; namespaces: Fields } {
  const parser = new SaxesParser({ xmlns: true });
  const items: Array<{ fields: Fields; comments: Fields[] }> = [];
  let namespaces: Fields = {};
  let text = '';
  let comment: Fields | undefined;
  parser.on('opentag', (tag) => {
    text = '';
    if (tag.name === 'rss') namespaces = Object.fromEntries(Object.entries(tag.ns ?? {}));
    if (tag.name === 'item') items.push({ fields: {}, comments: [] });
    if (tag.name === 'wp:comment') comment = {};
  });
  parser.on('text', (value) => {
    text += value;
  });
  parser.on('cdata', (value) => {
    text += value;
  });
  parser.on('closetag', (tag) => {
    const item = items.at(-1);
    if (tag.name === 'wp:comment' && item && comment) {
      item.comments.push(comment);
      comment = undefined;
    } else if (comment) comment[tag.name] = text;
    else if (item && tag.name !== 'item') item.fields[tag.name] = text;
    text = '';
  });
  parser.write(xml).close();
  return { items, namespaces };
}

it('writes well-formed WXR 1.2: an item per page, its comments threaded, text intact', async () => {
  const site = await buildSite({
    id: 'news',
    allowedOrigins: ['https://news.example', 'https://www.news.example'],
  });
  const top = await buildComment(site, {
    pageId: '/2026/03/budget',
    author: 'Zoë ]]> <admin> & "friends"\u0001',
    email: 'zoe@example.org',
    content: 'Ends a CDATA ]]> in the middle, and ]]]]> twice; 日本語, emoji 🎉, bell \u0007 gone.',
    ip: '192.0.2.44',
    createdAt: new Date('2025-12-01T09:08:07Z'),
  });
  const reply = await buildComment(site, { parent: top, author: 'Bo', status: 'pending' });
  await buildComment(site, { parent: reply, status: 'spam' });
  await buildComment(site, { pageId: 'no-slash-id', status: 'trash' });
  await upsertPage('news', '/2026/03/budget', { title: 'Budget: what it means' }, new Date());
  // A page known only by its id: the link is made from the site's first origin.
  await buildComment(site, { pageId: '/2026/03/untitled' });
  await PageModel.updateOne({ _id: 'news:/2026/03/untitled' }, { $unset: { url: 1 } });
  await PageModel.updateOne({ _id: 'news:no-slash-id' }, { $unset: { url: 1 } });

  const file = tempFile('news.xml');
  const result = await runCliHere(['export:wordpress', '--site', 'news', '--out', file]);
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe(`exported 5 comments on 3 pages of news to ${file}\n`);
  const xml = readFileSync(file, 'utf8');
  const { items, namespaces } = parseWxr(xml);

  expect(namespaces).toMatchObject({
    wp: 'http://wordpress.org/export/1.2/',
    content: 'http://purl.org/rss/1.0/modules/content/',
    dc: 'http://purl.org/dc/elements/1.1/',
    excerpt: 'http://wordpress.org/export/1.2/excerpt/',
  });
  expect(xml).toContain('<wp:wxr_version>1.2</wp:wxr_version>');
  // The author's `]]>` split across two CDATA sections; the control character XML cannot hold dropped.
  expect(xml).toContain(
    '<wp:comment_author><![CDATA[Zoë ]]]]><![CDATA[> <admin> & "friends"]]></wp:comment_author>',
  );
  expect(items.map((item) => item.fields.link)).toEqual([
    'https://news.example/2026/03/budget',
    'https://news.example/2026/03/untitled',
    'https://news.example/no-slash-id',
  ]);
  const [budget] = items as [{ fields: Fields; comments: Fields[] }];
  expect(budget.fields).toMatchObject({
    title: 'Budget: what it means',
    'wp:post_id': String(stableNumber('news:/2026/03/budget')),
    'wp:post_name': 'budget',
    'wp:post_type': 'post',
    'wp:status': 'publish',
  });
  expect(budget.comments).toHaveLength(3);
  const [first, second, third] = budget.comments as [Fields, Fields, Fields];
  expect(first).toEqual({
    'wp:comment_id': String(stableNumber(top.id)),
    'wp:comment_author': 'Zoë ]]> <admin> & "friends"',
    'wp:comment_author_email': '',
    'wp:comment_author_url': '',
    'wp:comment_author_IP': '192.0.2.44',
    'wp:comment_date': '2025-12-01 09:08:07',
    'wp:comment_date_gmt': '2025-12-01 09:08:07',
    'wp:comment_content': `<p>Ends a CDATA ]]&gt; in the middle, and ]]]]&gt; twice; 日本語, emoji 🎉, bell  gone.</p>`,
    'wp:comment_approved': '1',
    'wp:comment_type': '',
    'wp:comment_parent': '0',
    'wp:comment_agent': '',
  });
  expect([second['wp:comment_approved'], second['wp:comment_parent']]).toEqual(['0', first['wp:comment_id']]);
  expect([third['wp:comment_approved'], third['wp:comment_parent']]).toEqual([
    'spam',
    second['wp:comment_id'],
  ]);
  expect(items[2]?.comments[0]?.['wp:comment_approved']).toBe('trash');
  // No email leaves without --include-emails.
  expect(xml).not.toContain('zoe@example.org');

  // The same numbers every time; the emails only when asked for.
  const again = await runCliHere(['export:wordpress', '--site', 'news', '--include-emails']);
  const withEmails = parseWxr(again.stdout);
  expect(withEmails.items.map((item) => item.comments.map((c) => c['wp:comment_id']))).toEqual(
    items.map((item) => item.comments.map((c) => c['wp:comment_id'])),
  );
  expect(withEmails.items[0]?.comments[0]?.['wp:comment_author_email']).toBe('zoe@example.org');
});

it('refuses a site that does not exist, in one line', async () => {
  const result = await runCliHere(['export:wordpress', '--site', 'nowhere']);
  expect(result.code).toBe(1);
  expect(result.stderr).toBe('parley: there is no site "nowhere"\n');
});
