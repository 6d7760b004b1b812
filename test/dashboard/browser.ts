// Driving /moderate in Chromium for the dashboard's browser tests: one running Parley and
// browser per test file (the reader tests' harness), fresh contexts per test, logging in
// through the real form, and reading the tabs, cards and announcements as a moderator would.
import type { BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import type { User } from '../../src/auth/user.model';
import { findComment } from '../../src/comments/store/reads';
import { PASSWORD } from '../auth/helpers';
import { type RunningParley, saveScreenshot as saveFullPage, useParleyInBrowser } from '../browser/harness';

export interface DashboardSession {
  parley(): RunningParley;
  /** A page in a fresh context; `options` add to (or override) the 1100×900 viewport. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** Logs in through the dashboard's form and waits for the queue. */
  openDashboard(user: User, path?: string, options?: BrowserContextOptions): Promise<Page>;
}

/** Starts Parley and Chromium for this file; closes every context a test opened after it. */
export function useDashboardBrowser(): DashboardSession {
  const running = useParleyInBrowser();
  const contexts: BrowserContext[] = [];
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });

  async function newPage(options: BrowserContextOptions = {}): Promise<Page> {
    const viewport = { width: 1100, height: 900 };
    const context = await running.browser().newContext({ viewport, ...options });
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    return context.newPage();
  }

  async function openDashboard(
    user: User,
    path = '/moderate',
    options: BrowserContextOptions = {},
  ): Promise<Page> {
    const page = await newPage(options);
    await page.goto(`${running.parley().baseUrl}${path}`);
    await logInWithForm(page, user);
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    await page.locator('.queue[aria-busy="false"]').waitFor();
    return page;
  }

  return { parley: running.parley, newPage, openDashboard };
}

export async function logInWithForm(page: Page, user: User, password = PASSWORD): Promise<void> {
  await page.getByRole('textbox', { name: 'Email' }).fill(user.email);
  await page.getByLabel('Password').fill(password);
  await page.getByLabel('Password').press('Enter');
}

export function tab(page: Page, label: string): Locator {
  return page.getByRole('navigation', { name: 'Moderation queues' }).getByRole('button', { name: label });
}

/** Waits until the tabs show these counts. */
export async function expectCounts(page: Page, counts: Record<string, number>): Promise<void> {
  for (const [label, count] of Object.entries(counts)) {
    await tab(page, label)
      .locator('.tab-count', { hasText: new RegExp(`^${count}$`) })
      .waitFor();
  }
}

export function cardOf(page: Page, comment: { id: string } | string): Locator {
  return page.locator(`article.card[data-id="${typeof comment === 'string' ? comment : comment.id}"]`);
}

/** The ids of the cards shown, in order. */
export function shownCards(page: Page): Promise<Array<string | undefined>> {
  return page
    .locator('article.card')
    .evaluateAll((cards) => cards.map((card) => (card as HTMLElement).dataset.id));
}

/** The id of the focused card, the one the keyboard acts on. */
export function focusedCardId(page: Page): Promise<string | null | undefined> {
  return page.evaluate(() => document.activeElement?.closest('article.card')?.getAttribute('data-id'));
}

export async function announced(page: Page, text: string): Promise<void> {
  await page.locator('#parley-announcer', { hasText: text }).waitFor();
}

/** Proves the page was not reloaded: a mark set on the document survives. */
export async function markDocument(page: Page): Promise<() => Promise<boolean>> {
  await page.evaluate(() => {
    document.documentElement.dataset.testMark = 'still here';
  });
  return () => page.evaluate(() => document.documentElement.dataset.testMark === 'still here');
}

export async function storedStatus(id: string) {
  return (await findComment(id))?.status;
}

/** A full-page screenshot from the top, where the sticky bulk bar belongs. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await saveFullPage(page, name);
}
