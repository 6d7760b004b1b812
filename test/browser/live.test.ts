// A reader with /demo open, in Chromium, while moderators act: a newly approved comment waits
// behind an "N new comments" button (in a polite live region) and shows, focused, when it is
// clicked; an edit and a removal apply in place. Without EventSource the embed is not live,
// and says nothing about it.
import type { Page } from 'playwright-core';
import { changeCommentStatus, updateCommentContent } from '../../src/comments/store/changes';
import type { Comment } from '../../src/comments/store/comment.types';
import { useTestDatabase } from '../helpers/db';
import { buildComment } from '../helpers/factories';
import { waitFor } from '../helpers/process';
import { saveScreenshot, useDemoInBrowser } from './harness';

jest.setTimeout(90_000);
useTestDatabase();

const demo = useDemoInBrowser();
let earlier: Comment;

beforeEach(async () => {
  earlier = await buildComment(demo.site(), {
    pageId: '/demo',
    author: 'Min-jun',
    content: 'Seoul had little choice.',
  });
});

/** Opens /demo and waits until its live stream is open on the server. */
async function openDemo(page: Page): Promise<void> {
  const { live, baseUrl } = demo.parley();
  // The stream of an earlier test's closed page may be counted for a moment yet: wait until
  // it has ended, so that the count below is this page's stream and not that one.
  await waitFor('earlier streams to end', () => (live.count.streams === 0 ? true : undefined), 5000);
  await page.goto(`${baseUrl}/demo`);
  await page.locator(`#comment-${earlier.id}`).waitFor();
  await waitFor('the live stream', () => (live.count.streams > 0 ? true : undefined), 5000);
}

it('shows new comments behind a button, and edits and removals in place', async () => {
  const later = await buildComment(demo.site(), { pageId: '/demo', author: 'Soo-ah', status: 'pending' });
  const context = await demo.browser().newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  await openDemo(page);

  await changeCommentStatus(later.id, 'pending', 'approved', new Date());
  const button = page.getByRole('button', { name: '1 new comment' });
  await button.waitFor({ timeout: 5000 });
  // Announced politely, and nothing moved: the new comment is not in the thread yet.
  expect(await page.locator('.parley-live[aria-live="polite"]').getByRole('button').count()).toBe(1);
  expect(await page.locator(`#comment-${later.id}`).count()).toBe(0);
  await saveScreenshot(page, 'live-new-comments.png');

  // The thread was read less than 10 s ago (max-age=10): the button's read goes past the cache.
  await button.click();
  const shown = page.locator(`#comment-${later.id}`);
  await shown.getByText('Comment number').waitFor();
  await page.getByRole('heading', { name: '2 Comments' }).waitFor();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe(`comment-${later.id}`);
  expect(await button.isHidden()).toBe(true);

  await updateCommentContent(earlier.id, '<p>Seoul had no choice at all.</p>', new Date());
  await page
    .locator(`#comment-${earlier.id}`)
    .getByText('Seoul had no choice at all.')
    .waitFor({ timeout: 5000 });
  await changeCommentStatus(later.id, 'approved', 'trash', new Date());
  await shown.waitFor({ state: 'detached', timeout: 5000 });
  expect(await page.locator('.parley-live button').isHidden()).toBe(true);
  expect(problems).toEqual([]);
  await context.close();
});

it('counts several new comments, and shows the newest page when sorted newest first', async () => {
  const pending = [
    await buildComment(demo.site(), { pageId: '/demo', status: 'pending' }),
    await buildComment(demo.site(), { pageId: '/demo', status: 'pending' }),
  ];
  const context = await demo.browser().newContext();
  const page = await context.newPage();
  await openDemo(page);
  await page.getByRole('combobox', { name: 'Sort by' }).selectOption('newest');
  for (const comment of pending) await changeCommentStatus(comment.id, 'pending', 'approved', new Date());
  await page.getByRole('button', { name: '2 new comments' }).click({ timeout: 5000 });
  await page.getByRole('heading', { name: '3 Comments' }).waitFor();
  // The first new comment in reading order (newest first) has the focus.
  expect(await page.evaluate(() => document.activeElement?.id)).toBe(`comment-${pending[1]?.id}`);
  await context.close();
});

it('without EventSource, shows the thread as before, with no error', async () => {
  const context = await demo.browser().newContext();
  await context.addInitScript(() => {
    // A browser without server-sent events.
    Reflect.deleteProperty(window, 'EventSource');
  });
  const page = await context.newPage();
  const problems: string[] = [];
  const streams: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  page.on('request', (request) => request.url().includes('/stream') && streams.push(request.url()));
  await page.goto(`${demo.parley().baseUrl}/demo`);
  await page.getByRole('heading', { name: '1 Comment' }).waitFor();
  expect(await page.locator('.parley-live').count()).toBe(0);
  expect(streams).toEqual([]);
  expect(problems).toEqual([]);
  await context.close();
});
