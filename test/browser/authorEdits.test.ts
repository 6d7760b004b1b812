// A reader on /demo, in Chromium, changing their own comment: Edit and Delete appear only on
// what this browser posted, and only within the site's edit window; an edit shows "(edited)";
// a delete leaves "This comment was deleted." where a reply hangs under it.
import type { Page } from 'playwright-core';
import { changeCommentStatus } from '../../src/comments/store/changes';
import { findComment } from '../../src/comments/store/reads';
import { useTestDatabase } from '../helpers/db';
import { buildComment } from '../helpers/factories';
import { saveScreenshot, useDemoInBrowser } from './harness';

jest.setTimeout(90_000);
useTestDatabase();

const demo = useDemoInBrowser();

beforeEach(async () => {
  demo.parley().clock.advance(60_000);
});

/** The browser's clock at the server's, so the edit window is judged as the server judges it. */
async function openDemo(page: Page): Promise<void> {
  await page.clock.setFixedTime(demo.parley().clock.now());
  await page.goto(`${demo.parley().baseUrl}/demo`);
  await page
    .locator('.comments-title')
    .filter({ hasText: /Comment/ })
    .waitFor();
}

it('posts, edits within the window (shown as edited), and deletes to a placeholder above its reply', async () => {
  const context = await demo.browser().newContext();
  const page = await context.newPage();
  await openDemo(page);
  await page.getByRole('textbox', { name: 'Comment *' }).fill('My first take.');
  await page.getByRole('textbox', { name: 'Name *' }).fill('Soo-ah');
  await page.getByRole('textbox', { name: 'Email *' }).fill('sooah@example.org');
  await page.getByRole('button', { name: 'Post Comment' }).click();
  const mine = page.locator('.comment-list > li.parley-pending');
  await mine.getByText('My first take.').waitFor();
  const id = ((await mine.getAttribute('id')) as string).replace('comment-', '');
  await changeCommentStatus(id, 'pending', 'approved', demo.parley().clock.now());

  demo.parley().clock.advance(2 * 60_000);
  await page.clock.setFixedTime(demo.parley().clock.now());
  await page.reload();
  const item = page.locator(`#comment-${id}`);
  await item.getByText('My first take.').waitFor();
  await item.getByRole('button', { name: 'Edit' }).click();
  const area = item.getByRole('textbox', { name: 'Comment' });
  expect(await area.inputValue()).toBe('My first take.');
  await area.fill('My second take.');
  await item.getByRole('button', { name: 'Save' }).click();
  // Back in moderation: the author sees it, edited, awaiting moderation again.
  await item.getByText('My second take.').waitFor();
  await item.getByText('Your comment is awaiting moderation.').waitFor();
  await item.getByText('(edited)').waitFor();
  expect((await findComment(id))?.content).toBe('<p>My second take.</p>');

  await changeCommentStatus(id, 'pending', 'approved', demo.parley().clock.now());
  await buildComment(demo.site(), { parent: await findComment(id), author: 'Min-jun', content: 'A reply.' });
  await page.reload();
  await item.locator('.parley-edited').waitFor();
  await saveScreenshot(page, 'demo-own-comment-edited.png');

  // Nobody else gets the buttons.
  const stranger = await demo.browser().newContext();
  const strangersPage = await stranger.newPage();
  await openDemo(strangersPage);
  await strangersPage.locator(`#comment-${id}`).getByText('My second take.').waitFor();
  expect(await strangersPage.locator(`#comment-${id} .parley-own`).count()).toBe(0);
  await stranger.close();

  page.once('dialog', (dialog) => dialog.accept());
  await item.locator('.parley-own').getByRole('button', { name: 'Delete' }).click();
  await item.getByText('This comment was deleted.').waitFor();
  await item.getByText('A reply.').waitFor();
  expect(await item.textContent()).not.toContain('Soo-ah');
  expect((await findComment(id))?.status).toBe('trash');
  await saveScreenshot(page, 'demo-own-comment-deleted.png');
  await context.close();
});

it('offers no Edit or Delete once the window has closed', async () => {
  const context = await demo.browser().newContext();
  const page = await context.newPage();
  await openDemo(page);
  await page.getByRole('textbox', { name: 'Comment *' }).fill('Too late to change.');
  await page.getByRole('textbox', { name: 'Name *' }).fill('Soo-ah');
  await page.getByRole('textbox', { name: 'Email *' }).fill('sooah@example.org');
  await page.getByRole('button', { name: 'Post Comment' }).click();
  const mine = page.locator('.comment-list > li.parley-pending');
  await mine.locator('.parley-own').waitFor();
  demo.parley().clock.advance(11 * 60_000);
  await page.clock.setFixedTime(demo.parley().clock.now());
  await page.reload();
  await mine.getByText('Too late to change.').waitFor();
  expect(await mine.locator('.parley-own').count()).toBe(0);
  await context.close();
});
