// The commands of issue 12 together: what export:wordpress writes, import:wordpress reads back
// into the same threads; and once a commenter is erased, no backup holds their email or name,
// and a backup holding the erasure's audit entry restores.
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { listPrivacyAudit } from '../../src/audit/audit.model';
import { buildTestApp, TEST_EMAIL_KEY } from '../helpers/app';
import { runCliHere } from '../helpers/cli';
import { useTestDatabase } from '../helpers/db';
import { buildComment, buildSite } from '../helpers/factories';
import { as, buildActor } from '../moderation/helpers';
import { emptyAllButUsers, tempFile } from './helpers';

useTestDatabase();
const { app } = buildTestApp();

const saved = process.env.EMAIL_KEY;
beforeEach(() => {
  process.env.EMAIL_KEY = TEST_EMAIL_KEY;
});
afterAll(() => {
  process.env.EMAIL_KEY = saved;
});

const PAGES = ['/2026/04/harbour', '/2026/04/tram'];

async function cli(...args: string[]): Promise<string> {
  const result = await runCliHere(args);
  expect([args[0], result.code, result.stderr]).toEqual([args[0], 0, '']);
  return result.stdout;
}

interface Node {
  id?: string;
  parentId?: string | null;
  replies?: Node[];
  [field: string]: unknown;
}

/** A thread as readers get it, without what differs between two sites: ids and avatar seeds. */
function shapeOf(nodes: Node[]): unknown[] {
  return nodes.map(({ id: _id, parentId: _parent, replies, author, ...rest }) => ({
    ...rest,
    ...(author !== undefined && { author: { ...(author as object), avatar: undefined } }),
    replies: shapeOf(replies ?? []),
  }));
}

async function readerViews(site: string) {
  const views: Record<string, unknown> = {};
  for (const pageId of PAGES) {
    const thread = await request(app).get(`/api/v1/sites/${site}/comments`).query({ pageId }).expect(200);
    views[pageId] = { ...thread.body, site: 'SITE', comments: shapeOf(thread.body.comments) };
    const counts = await request(app).get(`/api/v1/sites/${site}/counts`).query({ pageId }).expect(200);
    views[`counts ${pageId}`] = counts.body.counts[pageId];
  }
  return views;
}

async function statusCounts(site: string): Promise<unknown> {
  const admin = await buildActor({ role: 'admin' });
  return (await as(app, admin).get(`/counts?site=${site}`).expect(200)).body;
}

it('what export:wordpress writes, import:wordpress reads back into the same threads, once', async () => {
  const news = await buildSite({ id: 'news', settings: { maxDepth: 8 } });
  const [harbour, tram] = PAGES as [string, string];
  const top = await buildComment(news, {
    pageId: harbour,
    author: 'Ana',
    content: 'Harbour first ]]> words',
  });
  const reply = await buildComment(news, { parent: top, author: 'Zoë', content: 'Zoë says 日本語 🎉' });
  const deep = await buildComment(news, { parent: reply, author: 'Bo' });
  await buildComment(news, { parent: deep, author: 'Chen', content: 'Fourth level <b>bold</b>' });
  await buildComment(news, { pageId: harbour, status: 'pending', author: 'Held' });
  await buildComment(news, { pageId: tram, status: 'spam', author: 'Spammer' });
  const gone = await buildComment(news, { pageId: tram, author: 'Trashed later' });
  await buildComment(news, { parent: gone, author: 'Replier' });
  const admin = await buildActor({ role: 'admin' });
  await as(app, admin).post(`/comments/${gone.id}/trash`).expect(200);

  const file = tempFile('news.xml');
  await cli('export:wordpress', '--site', 'news', '--out', file, '--include-emails');
  await buildSite({ id: 'paper', settings: { maxDepth: 8 } });
  const summary = await cli('import:wordpress', file, '--site', 'paper');
  expect(summary).toMatch(/approved/);

  expect(await readerViews('paper')).toEqual(await readerViews('news'));
  expect(await statusCounts('paper')).toEqual(
    JSON.parse(JSON.stringify(await statusCounts('news')).replaceAll('"news"', '"paper"')),
  );

  // Again: nothing more.
  const before = await statusCounts('paper');
  await cli('import:wordpress', file, '--site', 'paper');
  expect(await statusCounts('paper')).toEqual(before);
});

describe.each(['anonymize', 'delete'])('after privacy:erase --mode %s', (mode) => {
  it('no backup holds the email or the name, and the backup restores with the erasure audited', async () => {
    const news = await buildSite({ id: 'news' });
    const email = 'erin.erased@example.org';
    const name = 'Erin Erased';
    const first = await buildComment(news, { pageId: PAGES[0], email, author: name });
    await buildComment(news, { parent: first, email: 'other@example.org', author: 'Other Reader' });
    await buildComment(news, { pageId: PAGES[1], email, author: name, status: 'pending' });

    await cli('privacy:erase', email, '--mode', mode, '--site', 'news', '--yes');
    const files = [tempFile('plain.ndjson'), tempFile('emails.ndjson'), tempFile('wp.xml')];
    await cli('export', '--site', 'news', '--out', files[0] as string);
    await cli('export', '--site', 'news', '--out', files[1] as string, '--include-emails');
    await cli('export:wordpress', '--site', 'news', '--out', files[2] as string, '--include-emails');
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const secret of [email, name, 'erin.erased'])
        expect([file, text.includes(secret)]).toEqual([file, false]);
    }
    expect(readFileSync(files[1] as string, 'utf8')).toContain('other@example.org');
    expect(readFileSync(files[0] as string, 'utf8')).toContain('"action":"privacy_erase"');

    // Restored into another installation: this one, emptied but for its users.
    const before = await readerViews('news');
    await emptyAllButUsers();
    await cli('import:parley', files[1] as string, '--site', 'paper');
    expect(await readerViews('paper')).toEqual(before);
    const restored = (await listPrivacyAudit()).filter((entry) => entry.site === 'paper');
    expect(restored).toEqual([
      expect.objectContaining({ action: 'privacy_erase', detail: expect.objectContaining({ mode }) }),
    ]);
  });
});
