// The moderator dashboard at /moderate for moderators who rely on assistive technology
// (issue 14): axe-core finds no WCAG 2.1 A/AA violation in any state a moderator meets, in
// either colour scheme; reduced motion, forced colours, a 320-px screen and 200% zoom.
import type { Page } from 'playwright-core';
import type { Comment } from '../../src/comments/store/comment.types';
import { buildUser } from '../auth/helpers';
import {
  accessibilityTree,
  expectFocusShown,
  motion,
  overflow,
  report as reportAt,
  tabTo,
} from '../dashboard/accessibility';
import {
  cardOf,
  expectCounts,
  saveScreenshot,
  storedStatus,
  tab,
  useDashboardBrowser,
} from '../dashboard/browser';
import { useTestDatabase } from '../helpers/db';
import { buildComment } from '../helpers/factories';
import { type AxeFinding, axeViolations } from './axe';
import { useDemoSite } from './harness';

jest.setTimeout(180_000);
useTestDatabase();
const dashboard = useDashboardBrowser();
const demoSite = useDemoSite(dashboard.parley);

/** A reader's report, at the running Parley's time. */
function report(comment: Comment, reader: string): Promise<void> {
  return reportAt(comment, reader, dashboard.parley().clock.now());
}

/** Violations of the page as it is, labelled with the state, so a failure says where. */
async function check(page: Page, state: string, found: Record<string, AxeFinding[]>): Promise<void> {
  const violations = await axeViolations(page);
  if (violations.length > 0) found[state] = violations;
}

describe.each(['light', 'dark'] as const)('/moderate in the %s colour scheme', (colorScheme) => {
  it('has no WCAG 2.1 A/AA violation at login, with a queue, a card open, a form open, the lists, the Reported tab and after logging out', async () => {
    const found: Record<string, AxeFinding[]> = {};
    const parley = dashboard.parley();
    const held = await buildComment(demoSite(), {
      pageId: '/demo',
      author: 'Soo-ah',
      content: 'GSOMIA mattered more than trade.',
      status: 'pending',
    });
    await buildComment(demoSite(), { pageId: '/demo', author: 'Min-jun', parent: held, status: 'pending' });
    const rude = await buildComment(demoSite(), {
      pageId: '/demo',
      author: 'Troll',
      content: 'You are all fools.',
    });
    await report(rude, 'reader-a');
    const admin = await buildUser({ role: 'admin' });

    const page = await dashboard.newPage({ bypassCSP: true, colorScheme });
    await page.goto(`${parley.baseUrl}/moderate`);
    await page.getByRole('textbox', { name: 'Email' }).waitFor();
    await check(page, 'login', found);
    await page.getByRole('textbox', { name: 'Email' }).fill(admin.email);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByLabel('Password').press('Enter');
    await page.locator('.login-message:not(:empty)').waitFor();
    await check(page, 'login error', found);
    await page.getByRole('textbox', { name: 'Email' }).fill('not an email');
    await page.getByLabel('Password').fill('x');
    await page.getByLabel('Password').press('Enter');
    await page.waitForTimeout(300);
    await check(page, 'login field error', found);

    const logged = await dashboard.openDashboard(admin, '/moderate', { bypassCSP: true, colorScheme });
    await expectCounts(logged, { Pending: 2, Reported: 1 });
    // The theme asked for is the one drawn (the page's grey, or the dark theme's near-black).
    expect(await logged.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
      colorScheme === 'dark' ? 'rgb(16, 21, 23)' : 'rgb(240, 240, 241)',
    );
    await check(logged, 'queue', found);
    const card = cardOf(logged, held);
    await logged.keyboard.press('j');
    await card.getByRole('button', { name: 'Details of comment by Soo-ah' }).click();
    await card.locator('.details').waitFor();
    await check(logged, 'details', found);
    await saveScreenshot(logged, `dashboard-details-${colorScheme}.png`);
    await card.getByRole('button', { name: 'Edit comment by Soo-ah' }).click();
    await card.getByRole('textbox', { name: 'Edit the comment' }).fill('   ');
    await card.getByRole('button', { name: 'Save' }).click();
    await card.locator('.field-error:not(:empty)').waitFor();
    await check(logged, 'edit error', found);
    await card.getByRole('button', { name: 'Delete comment by Soo-ah' }).click();
    await card.getByRole('button', { name: 'Delete permanently' }).waitFor();
    await check(logged, 'delete confirmation', found);
    await logged.locator('summary', { hasText: 'Signed as' }).click();
    await check(logged, 'display name', found);
    await logged.keyboard.press('Escape');
    await logged.keyboard.press('x');
    await logged.getByText('1 selected').waitFor();
    await check(logged, 'bulk selection', found);
    await logged.getByRole('button', { name: 'Block and trust lists' }).click();
    await logged.locator('.list-section').first().waitFor();
    await check(logged, 'lists', found);
    await logged.locator('.list-block').getByRole('button', { name: 'Block' }).click();
    await check(logged, 'lists error', found);
    await logged.getByRole('button', { name: 'Block and trust lists' }).click();
    await tab(logged, 'Reported').click();
    await cardOf(logged, rude).waitFor();
    await check(logged, 'reported', found);
    await tab(logged, 'Spam').click();
    await logged.getByText('No comments in Spam.').waitFor();
    await check(logged, 'empty queue', found);
    await tab(logged, 'Approved').click();
    const approved = cardOf(logged, rude);
    await approved.getByRole('button', { name: 'Reply to comment by Troll' }).click();
    await approved.getByRole('textbox', { name: /Reply to Troll as a moderator/ }).fill('   ');
    await approved.getByRole('button', { name: 'Publish reply' }).click();
    await approved.locator('.field-error:not(:empty)').waitFor();
    await check(logged, 'reply error', found);
    await logged.getByRole('button', { name: 'Log out' }).click();
    await logged.getByText('You are logged out.').waitFor();
    await check(logged, 'logged out', found);

    expect(found).toEqual({});
  });
});

describe('/moderate and the moderator’s preferences', () => {
  it('runs no transition or animation when the system asks for reduced motion', async () => {
    await buildComment(demoSite(), { pageId: '/demo', author: 'Soo-ah', status: 'pending' });
    const moderator = await buildUser({ sites: ['demo'] });
    const page = await dashboard.openDashboard(moderator);
    await page.keyboard.press('j');
    await page.keyboard.press('a');
    await page.locator('#parley-announcer.is-shown').waitFor();
    // Without the preference the notice fades, so the check below looks at something real.
    expect(await motion(page)).toContain('div#parley-announcer');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    expect(await motion(page)).toEqual([]);
  });

  it('shows the focus in forced colours (Windows High Contrast), which drop box shadows', async () => {
    await buildComment(demoSite(), { pageId: '/demo', author: 'Soo-ah', status: 'pending' });
    const page = await dashboard.openDashboard(await buildUser({ sites: ['demo'] }));
    await page.emulateMedia({ forcedColors: 'active' });
    await page.keyboard.press('j');
    await expectFocusShown(page, 'card selected');
    // Through the card's controls, the bulk bar, the filters and the tabs to the top bar.
    await tabTo(page, /^button Details of comment by Soo-ah$/);
    await tabTo(page, /^button Log out$/, 'Shift+Tab');
  });

  it.each([
    // A 320-px-wide phone (WCAG 1.4.10's reflow width).
    { view: '320 px wide', viewport: { width: 320, height: 640 }, deviceScaleFactor: 1 },
    // Browser zoom at 200% halves the CSS pixels a window has: a 1280×900 window lays out as
    // 640×450 CSS px drawn at two device pixels each, which is what this context emulates.
    { view: 'zoomed to 200%', viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 },
  ])(
    'stays usable $view: no sideways scrolling, every control on screen, a card acted on',
    async ({ view, viewport, deviceScaleFactor }) => {
      const rude = await buildComment(demoSite(), {
        pageId: '/demo',
        author: 'Troll',
        content: 'You are all fools.',
      });
      await report(rude, 'reader-a');
      const held = await buildComment(demoSite(), {
        pageId: '/demo',
        author: 'Soo-ah',
        email: 'a.rather.long.address.for.a.narrow.screen@example.org',
        content:
          'GSOMIA mattered more than trade, and https://example.org/a/very/long/address/without/breaks',
        status: 'pending',
      });
      const admin = await buildUser({ role: 'admin' });
      const options = { viewport, deviceScaleFactor, bypassCSP: true };
      const slug = view.replace(/\W+/g, '-');

      const login = await dashboard.newPage(options);
      await login.goto(`${dashboard.parley().baseUrl}/moderate`);
      await login.getByRole('textbox', { name: 'Email' }).waitFor();
      expect(await overflow(login)).toEqual({ sideways: 0, outside: [] });

      const page = await dashboard.openDashboard(admin, '/moderate', options);
      const card = cardOf(page, held);
      await card.getByRole('button', { name: 'Details of comment by Soo-ah' }).click();
      await card.locator('.details').waitFor();
      expect(await overflow(page)).toEqual({ sideways: 0, outside: [] });
      expect(await axeViolations(page)).toEqual([]);
      await saveScreenshot(page, `dashboard-${slug}.png`);

      // The lists view with a row in its table.
      await card.getByRole('button', { name: 'Block IP of the comment by Soo-ah' }).click();
      await page.locator('#parley-announcer', { hasText: 'Blocked the IP address of Soo-ah.' }).waitFor();
      await page.getByRole('button', { name: 'Block and trust lists' }).click();
      await page.locator('.list-table').first().waitFor();
      expect(await overflow(page)).toEqual({ sideways: 0, outside: [] });
      // Stacked or not, it is still a table to a screen reader.
      const roles = new Set((await accessibilityTree(page)).map((node) => node.role));
      expect(['table', 'row', 'columnheader', 'cell'].filter((role) => !roles.has(role))).toEqual([]);
      await saveScreenshot(page, `dashboard-lists-${slug}.png`);
      await page.getByRole('button', { name: 'Block and trust lists' }).click();

      await tab(page, 'Reported').click();
      await cardOf(page, rude).waitFor();
      expect(await overflow(page)).toEqual({ sideways: 0, outside: [] });
      await tab(page, 'Pending').click();

      await card.getByRole('button', { name: 'Approve comment by Soo-ah' }).click();
      await card.waitFor({ state: 'detached' });
      expect(await storedStatus(held.id)).toBe('approved');
    },
  );
});
