// /docs in Chromium under the app's own Content-Security-Policy: Swagger UI draws every
// operation of the document, and the page breaks no CSP rule and asks no other origin.
import { API_OPERATIONS } from '../../src/reference/document';
import { useTestDatabase } from '../helpers/db';
import { saveScreenshot, useParleyInBrowser } from './harness';

jest.setTimeout(120_000);
useTestDatabase();

const running = useParleyInBrowser();

it('shows every operation, within the CSP and the origin', async () => {
  const page = await running.browser().newPage();
  const problems: string[] = [];
  // CSP violations are reported as console errors; failed loads are told apart below.
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(message.text());
    }
  });
  page.on('response', (response) => {
    // Chromium asks every origin for a favicon; Parley has none.
    if (response.status() >= 400 && new URL(response.url()).pathname !== '/favicon.ico') {
      problems.push(`${response.status()} ${response.url()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('request', (request) => {
    if (!request.url().startsWith(`${running.parley().baseUrl}/`)) problems.push(`asked ${request.url()}`);
  });
  await page.goto(`${running.parley().baseUrl}/docs`);
  await page.locator('.opblock').first().waitFor();
  expect(await page.locator('.opblock').count()).toBe(API_OPERATIONS.length);

  // Opening an operation draws its parameters and answers.
  await page.locator('.opblock-summary', { hasText: '/api/v1/sites/{site}/comments' }).first().click();
  await page.locator('.opblock-body .responses-table').first().waitFor();
  await saveScreenshot(page, 'reference.png');
  expect(problems).toEqual([]);
});
