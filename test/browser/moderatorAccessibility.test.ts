// The moderator dashboard at /moderate for moderators who rely on assistive technology or the
// keyboard (issue 14): axe-core finds no WCAG 2.1 A/AA violation in any state a moderator
// meets, and each state is checked in both colour schemes.
import type { Page } from 'playwright-core';
import { newAuditId } from '../../src/audit/audit.model';
import type { Comment } from '../../src/comments/store/comment.types';
import { storeReport } from '../../src/reports/report.model';
import { ensureDemoSite, findSite, type Site } from '../../src/sites/site.model';
import { buildUser } from '../auth/helpers';
import { cardOf, expectCounts, tab, useDashboardBrowser } from '../dashboard/browser';
import { useTestDatabase } from '../helpers/db';
import { buildComment } from '../helpers/factories';
import { type AxeFinding, axeViolations } from './axe';

jest.setTimeout(180_000);
useTestDatabase();
const dashboard = useDashboardBrowser();
let site: Site;

beforeEach(async () => {
  const parley = dashboard.parley();
  await ensureDemoSite(parley.baseUrl, parley.clock.now());
  site = (await findSite('demo')) as Site;
});

async function report(comment: Comment, reader: string): Promise<void> {
  await storeReport({
    id: `${comment.id}:${reader}`,
    site: comment.site,
    commentId: comment.id,
    reason: 'abuse',
    note: 'Insults everyone.',
    at: dashboard.parley().clock.now(),
    auditId: newAuditId(),
  });
}

/** Violations of the page as it is, labelled with the state, so a failure says where. */
async function check(page: Page, state: string, found: Record<string, AxeFinding[]>): Promise<void> {
  const violations = await axeViolations(page);
  if (violations.length > 0) found[state] = violations;
}

describe.each(['light', 'dark'] as const)('/moderate in the %s colour scheme', (colorScheme) => {
  it('has no WCAG 2.1 A/AA violation at login, with a queue, a card open, a form open, the lists and the Reported tab', async () => {
    const found: Record<string, AxeFinding[]> = {};
    const parley = dashboard.parley();
    const held = await buildComment(site, {
      pageId: '/demo',
      author: 'Soo-ah',
      content: 'GSOMIA mattered more than trade.',
      status: 'pending',
    });
    await buildComment(site, { pageId: '/demo', author: 'Min-jun', parent: held, status: 'pending' });
    const rude = await buildComment(site, {
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
    await check(logged, 'queue', found);
    const card = cardOf(logged, held);
    await logged.keyboard.press('j');
    await card.getByRole('button', { name: 'Details of comment by Soo-ah' }).click();
    await card.locator('.details').waitFor();
    await check(logged, 'details', found);
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

    expect(found).toEqual({});
  });
});
