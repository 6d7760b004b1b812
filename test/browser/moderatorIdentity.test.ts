// Who moderates, seen in Chromium: a moderator names themself in the dashboard and their reply
// shows on /demo with that name and the Moderator badge; a link from the notification email
// opens a confirmation page (under the app's CSP) whose button acts, and only the button.
import { createEmailLinkToken, emailLinkUrl } from '../../src/moderation/emailLinks/token';
import { createEmailVault } from '../../src/privacy/emailVault';
import { buildUser } from '../auth/helpers';
import {
  announced,
  cardOf,
  saveScreenshot,
  storedStatus,
  tab,
  useDashboardBrowser,
} from '../dashboard/browser';
import { TEST_EMAIL_KEY } from '../helpers/app';
import { useTestDatabase } from '../helpers/db';
import { buildComment } from '../helpers/factories';
import { useDemoSite } from './harness';

jest.setTimeout(120_000);
useTestDatabase();
const dashboard = useDashboardBrowser();
const demoSite = useDemoSite(dashboard.parley);

describe('moderator identity', () => {
  it('a moderator sets a display name in the dashboard; readers see it on the reply, with the badge', async () => {
    const parley = dashboard.parley();
    const comment = await buildComment(demoSite(), {
      pageId: '/demo',
      author: 'Dong-hyun',
      content: 'First!',
    });
    await buildComment(demoSite(), {
      pageId: '/demo',
      author: 'Bo-ra',
      content: 'Waiting.',
      status: 'pending',
    });
    const moderator = await buildUser({ sites: ['demo'] });
    const page = await dashboard.openDashboard(moderator);

    // Keyboard only: open the menu, type, save.
    const menu = page.getByText('Signed as Moderator');
    await menu.focus();
    await page.keyboard.press('Enter');
    const name = page.getByRole('textbox', { name: 'Sign your replies as' });
    await name.waitFor();
    expect(await name.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.type('Mia from the desk');
    await page.keyboard.press('Enter');
    await announced(page, 'Your replies are now signed “Mia from the desk”.');
    await page.getByText('Signed as Mia from the desk').waitFor();

    await tab(page, 'Approved').click();
    const card = cardOf(page, comment);
    await card.getByRole('button', { name: 'Reply to comment by Dong-hyun' }).click();
    await card.getByRole('textbox', { name: /Reply to Dong-hyun as a moderator/ }).fill('Welcome aboard.');
    await card.getByRole('button', { name: 'Publish reply' }).click();
    await announced(page, 'Reply published under the comment by Dong-hyun.');

    const reader = await dashboard.newPage();
    await reader.goto(`${parley.baseUrl}/demo`);
    const reply = reader.locator(`#comment-${comment.id} > ol.children > li.parley-moderator`);
    await reply.getByText('Welcome aboard.').waitFor();
    expect(await reply.locator('.parley-badge').first().textContent()).toBe('Moderator');
    expect(await reply.textContent()).toContain('Mia from the desk');
    expect(await reply.textContent()).not.toContain(moderator.email);
    await saveScreenshot(reader, 'moderator-reply-signed.png');
  });

  it('an email link opens a confirmation page; only its button approves', async () => {
    const parley = dashboard.parley();
    const held = await buildComment(demoSite(), {
      pageId: '/demo',
      author: 'Soo-ah',
      content: 'Held, then approved from an email.',
      status: 'pending',
    });
    const moderator = await buildUser({ sites: ['demo'] });
    const vault = createEmailVault(Buffer.from(TEST_EMAIL_KEY, 'base64'));
    const token = createEmailLinkToken(vault, {
      commentId: held.id,
      userId: moderator.id,
      action: 'approve',
      expiresAt: new Date(parley.clock.now().getTime() + 86_400_000),
      nonce: 'b'.repeat(24),
    });

    const page = await dashboard.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') violations.push(message.text());
    });
    await page.goto(emailLinkUrl(parley.baseUrl, token));
    await page.getByRole('heading', { name: 'Approve this comment?' }).waitFor();
    expect(await page.textContent('blockquote')).toBe('Held, then approved from an email.');
    expect(await storedStatus(held.id)).toBe('pending');
    await saveScreenshot(page, 'email-link-confirm.png');

    await page.getByRole('button', { name: 'Approve' }).press('Enter');
    await page.getByRole('heading', { name: 'Approved: it is public now.' }).waitFor();
    expect(await storedStatus(held.id)).toBe('approved');

    // Back and submit again: the link is spent.
    await page.goBack();
    await page.reload();
    await page.getByRole('heading', { name: 'This link cannot be used' }).waitFor();
    expect(await page.textContent('main')).toContain('was used already (approve)');
    expect(violations.filter((text) => !text.includes('409'))).toEqual([]);
  });
});
