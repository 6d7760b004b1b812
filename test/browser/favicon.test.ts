// Parley's pages in Chromium ask for nothing that is not there: the icon they link (and the
// /favicon.ico browsers ask for on their own) is served and decodes as an image.
import type { Page } from 'playwright-core';
import { useTestDatabase } from '../helpers/db';
import { useDemoInBrowser } from './harness';

jest.setTimeout(90_000);
useTestDatabase();

const demo = useDemoInBrowser();

/** Loads a page and lists every response that was a 404. */
async function notFoundWhileLoading(page: Page, path: string, ready: string): Promise<string[]> {
  const missing: string[] = [];
  page.on('response', (response) => {
    if (response.status() === 404) missing.push(response.url());
  });
  await page.goto(`${demo.parley().baseUrl}${path}`);
  await page.locator(ready).first().waitFor();
  await page.waitForLoadState('networkidle');
  return missing;
}

/** The icon the page links, as the browser decodes it. */
function linkedIcon(page: Page) {
  return page.evaluate(async () => {
    const href = document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href ?? '';
    const image = new Image();
    image.src = href;
    await image.decode();
    return { href, width: image.naturalWidth };
  });
}

it('links an icon from the demo and the dashboard, and no page load meets a 404', async () => {
  const context = await demo.browser().newContext();
  for (const [path, ready] of [
    ['/demo', '#parley .comments-title:text("No Comments")'],
    ['/moderate', 'input[type="password"]'],
  ] as const) {
    const page = await context.newPage();
    expect({ path, missing: await notFoundWhileLoading(page, path, ready) }).toEqual({ path, missing: [] });
    const icon = await linkedIcon(page);
    expect(icon.href).toBe(`${demo.parley().baseUrl}/favicon.ico`);
    expect([16, 32]).toContain(icon.width);
  }
  await context.close();
});
