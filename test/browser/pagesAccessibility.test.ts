// axe-core (test/browser/axe.ts) on Parley's own pages besides /demo: the front page and the
// API reference (/docs, Swagger UI with Parley's own colours over it), closed and with an
// operation open. 0 WCAG 2.1 A/AA violations, no rule turned off.
import type { Page } from 'playwright-core';
import { useTestDatabase } from '../helpers/db';
import { axeViolations } from './axe';
import { useParleyInBrowser } from './harness';

jest.setTimeout(120_000);
useTestDatabase();

const running = useParleyInBrowser();

async function open(path: string): Promise<Page> {
  const context = await running.browser().newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${running.parley().baseUrl}${path}`);
  return page;
}

it('/ has no WCAG 2.1 A/AA violations', async () => {
  const page = await open('/');
  await page.getByRole('heading', { name: 'Parley' }).waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await page.context().close();
});

it.each([
  ['/', 'h1'],
  ['/docs', '.opblock'],
])('%s fits a 320-px-wide screen without sideways scrolling', async (path, drawn) => {
  const context = await running.browser().newContext({ viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  await page.goto(`${running.parley().baseUrl}${path}`);
  await page.locator(drawn).first().waitFor();
  const root = await page.evaluate(() => {
    const element = document.scrollingElement as Element;
    return { scrollWidth: element.scrollWidth, width: element.clientWidth };
  });
  expect(root.scrollWidth).toBeLessThanOrEqual(root.width);
  await context.close();
});

it('/docs has none, closed and with an operation open', async () => {
  const page = await open('/docs');
  await page.locator('.opblock').first().waitFor();
  expect(await axeViolations(page)).toEqual([]);

  await page
    .locator('#operations-Comments-post_api_v1_sites__site__comments .opblock-summary-control')
    .focus();
  await page.keyboard.press('Enter');
  await page.locator('.opblock-body .responses-table').first().waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await page.context().close();
});

it('/docs still links to each operation, without a link inside its button', async () => {
  const page = await open('/docs#/Comments/post_api_v1_sites__site__comments');
  // The address opens the operation it names.
  await page.locator('#operations-Comments-post_api_v1_sites__site__comments .opblock-body').waitFor();
  expect(await page.locator('.opblock-summary-control a').count()).toBe(0);
  // The tag headings keep theirs: they are not inside a button.
  expect(await page.locator('.opblock-tag a[href="#/Comments"]').count()).toBe(1);
  await page.locator('#operations-Comments-get_api_v1_sites__site__counts .opblock-summary-control').click();
  await page.waitForFunction(() => location.hash === '#/Comments/get_api_v1_sites__site__counts');
  await page.context().close();
});
