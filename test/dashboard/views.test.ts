// The dashboard's other views, in Chromium: why a comment was held (rules, Akismet's verdict
// and every attempt, from a real spam check against the fake Akismet), filters and "Load
// more", the view kept in the address, and logging in and out.

import { ensureDemoSite, findSite, type Site } from '../../src/sites/site.model';
import { buildUser, PASSWORD } from '../auth/helpers';
import { SPAM_AUTHOR, useFakeAkismet } from '../fakes/akismet';
import { useTestDatabase } from '../helpers/db';
import { buildComment, buildSite } from '../helpers/factories';
import { createSpamHarness } from '../spam/harness';
import {
  cardOf,
  expectCounts,
  logInWithForm,
  saveScreenshot,
  shownCards,
  tab,
  useDashboardBrowser,
} from './browser';

jest.setTimeout(120_000);
useTestDatabase();
const dashboard = useDashboardBrowser();
// The app runs without a worker; the spam-check test runs checks itself against this fake.
const akismet = useFakeAkismet();
let site: Site;

beforeEach(async () => {
  const parley = dashboard.parley();
  await ensureDemoSite(parley.baseUrl, parley.clock.now());
  site = (await findSite('demo')) as Site;
});

describe('the moderator dashboard’s views', () => {
  it('shows why comments were held: the rules, Akismet’s verdict and every attempt', async () => {
    const parley = dashboard.parley();
    const news = await buildSite({ id: 'news' });
    const spamChecks = createSpamHarness(akismet.current(), { clock: parley.clock });
    const held = await spamChecks.post(news, {
      author: 'Careful Reader',
      content: 'A fair summary of the pact.',
    });
    const spam = await spamChecks.post(news, {
      author: SPAM_AUTHOR,
      content: 'Cheap watches, great prices.',
    });
    expect(await spamChecks.drain()).toBe(2);
    akismet.current().mode = 'down';
    parley.clock.advance(60_000);
    const unchecked = await spamChecks.post(news, {
      author: 'Patient Reader',
      content: 'Akismet is away today.',
    });
    expect(await spamChecks.drain()).toBe(1);
    akismet.current().mode = 'up';

    const moderator = await buildUser({ sites: ['news'] });
    const page = await dashboard.openDashboard(moderator);
    await expectCounts(page, { Pending: 2, Spam: 1 });
    const heldCard = cardOf(page, held);
    expect(await heldCard.locator('.card-reasons').textContent()).toContain(
      'This site holds every comment for a moderator.',
    );
    expect(await heldCard.locator('.card-spam').textContent()).toBe('Akismet: not spam (1 attempt).');
    const waiting = cardOf(page, unchecked);
    expect(await waiting.locator('.card-reasons').textContent()).toContain('Akismet could not be reached');
    expect(await waiting.locator('.card-spam').textContent()).toMatch(
      /^Akismet could not be reached \(1 attempt\); trying again .+\.$/,
    );
    await waiting.getByRole('button', { name: 'Details of comment by Patient Reader' }).click();
    const attempts = waiting.locator('table.attempts');
    await attempts.waitFor();
    expect(await attempts.locator('tbody tr').count()).toBe(1);
    expect(await attempts.locator('tbody td').nth(1).textContent()).toBe('could not be reached');
    expect(await waiting.locator('.details').textContent()).toContain('TestBrowser/');
    await saveScreenshot(page, 'dashboard-spam-check.png');

    await tab(page, 'Spam').click();
    const spamCard = cardOf(page, spam);
    await spamCard.waitFor();
    expect(await spamCard.locator('.card-reasons').textContent()).toBe(
      'Marked as spam becauseAkismet says this is spam.',
    );
    expect(await spamCard.locator('.card-spam').textContent()).toBe('Akismet: spam (1 attempt).');
  });

  it('filters by site, page and text, and loads more with the cursor', async () => {
    const other = await buildSite({ id: 'news' });
    for (let n = 1; n <= 23; n++) {
      await buildComment(site, {
        pageId: '/demo',
        author: `Reader ${n}`,
        content: `Queue item ${n}`,
        status: 'pending',
      });
    }
    const elsewhere = await buildComment(site, {
      pageId: '/elsewhere',
      author: 'Elsewhere',
      status: 'pending',
    });
    const needle = await buildComment(other, {
      author: 'Needle',
      content: 'A haystack of semiconductors.',
      status: 'pending',
    });
    const admin = await buildUser({ role: 'admin' });
    const page = await dashboard.openDashboard(admin);
    await expectCounts(page, { Pending: 25 });
    const shown = () => shownCards(page);
    expect(await shown()).toHaveLength(20);
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.locator('article.card').nth(24).waitFor();
    expect(new Set(await shown()).size).toBe(25);
    await page.getByRole('button', { name: 'Load more' }).waitFor({ state: 'hidden' });

    await page.getByRole('searchbox', { name: 'Search' }).fill('haystack');
    await page.getByRole('searchbox', { name: 'Search' }).press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('article.card').length === 1);
    expect(await shown()).toEqual([needle.id]);
    expect(new URL(page.url()).searchParams.get('q')).toBe('haystack');

    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByLabel('Site').selectOption('demo');
    await expectCounts(page, { Pending: 24 });
    await page.getByRole('searchbox', { name: 'Page' }).fill('/elsewhere');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await page.waitForFunction(() => document.querySelectorAll('article.card').length === 1);
    expect(await shown()).toEqual([elsewhere.id]);

    // The view lives in the address: a reload opens the same one.
    await page.reload();
    await page.locator(`article.card[data-id="${elsewhere.id}"]`).waitFor();
    expect(await shown()).toEqual([elsewhere.id]);
    expect(await page.getByLabel('Site').inputValue()).toBe('demo');
  });

  it('logs in and out, and keeps the session across a reload without storing the CSRF token', async () => {
    const parley = dashboard.parley();
    const moderator = await buildUser({ sites: ['demo'] });
    const page = await dashboard.newPage();
    await page.goto(`${parley.baseUrl}/moderate`);
    await logInWithForm(page, moderator, 'not the password');
    await page.getByRole('alert').filter({ hasText: /./ }).waitFor();
    expect(await page.getByRole('button', { name: 'Log out' }).count()).toBe(0);
    await saveScreenshot(page, 'dashboard-login.png');

    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    expect(
      await page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length })),
    ).toEqual({
      local: 0,
      session: 0,
    });
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Log in' }).waitFor();

    // A session that ends while the dashboard is open brings the login back, saying why.
    await logInWithForm(page, moderator);
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    // Once the dashboard's first reads (queue, counts, Reported tab) are in: the session ends
    // under the moderator's next action, not under a read still on its way.
    await page.waitForLoadState('networkidle');
    await page.context().clearCookies();
    await tab(page, 'Approved').click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Your session has ended. Please log in again.' })
      .waitFor();
    expect(await page.locator('article.card, .tabs').count()).toBe(0);
  });
});
