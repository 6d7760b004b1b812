// A reader reports a comment from the embed on /demo, in Chromium, by keyboard alone: the
// Report button opens a labelled inline form, Cancel gives focus back, and a sent report
// thanks the reader and is stored with its reason and note.
import { listCommentReports } from '../../src/reports/report.model';
import { useTestDatabase } from '../helpers/db';
import { buildComment } from '../helpers/factories';
import { saveScreenshot, useDemoInBrowser } from './harness';

jest.setTimeout(90_000);
useTestDatabase();

const demo = useDemoInBrowser();

it('reports a comment by keyboard, with a reason and a note, and is thanked', async () => {
  const comment = await buildComment(demo.site(), {
    pageId: '/demo',
    author: 'Min-jun',
    content: 'Buy pills here.',
  });
  const pending = await buildComment(demo.site(), { pageId: '/demo', status: 'pending' });
  const page = await (await demo.browser().newContext()).newPage();
  await page.goto(`${demo.parley().baseUrl}/demo`);
  await page.locator(`#comment-${comment.id}`).waitFor();
  expect(await page.locator(`#comment-${pending.id}`).count()).toBe(0);

  const report = page.getByRole('button', { name: 'Report: Min-jun' });
  await report.focus();
  await page.keyboard.press('Enter');
  expect(await report.getAttribute('aria-expanded')).toBe('true');
  const spam = page.getByRole('radio', { name: 'Spam' });
  expect(await spam.evaluate((radio) => radio === document.activeElement)).toBe(true);
  // Cancel, by keyboard too: the form goes and focus returns to the button.
  await page.getByRole('button', { name: 'Cancel', exact: true }).focus();
  await page.keyboard.press('Enter');
  expect(await page.getByRole('radio', { name: 'Spam' }).count()).toBe(0);
  expect(await report.evaluate((button) => button === document.activeElement)).toBe(true);

  await page.keyboard.press('Enter');
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown');
  expect(await page.getByRole('radio', { name: 'Abusive or harassing' }).isChecked()).toBe(true);
  await page.keyboard.press('Tab');
  const note = page.getByRole('textbox', { name: 'Note for the moderators (optional)' });
  expect(await note.evaluate((field) => field === document.activeElement)).toBe(true);
  await page.keyboard.type('Selling pills.');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  const thanks = page.getByRole('status').getByText('Thank you. The moderators will take a look.');
  await thanks.waitFor();
  expect(await thanks.evaluate((message) => message === document.activeElement)).toBe(true);
  expect(await page.getByRole('button', { name: 'Report: Min-jun' }).count()).toBe(0);
  await saveScreenshot(page, 'embed-report.png');

  const stored = await listCommentReports(comment.id);
  expect(stored.map(({ reason, note }) => ({ reason, note }))).toEqual([
    { reason: 'abuse', note: 'Selling pills.' },
  ]);
});
