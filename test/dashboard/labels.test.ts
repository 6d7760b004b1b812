// The dashboard's words about a comment's past, in Chromium: reasons a decided comment had
// been held (not the yellow "Held because" of one still waiting), and a spam check that
// never asked Akismet (no key, or a moderator first), which is not an "attempt".
import { changeCommentStatus } from '../../src/comments/store/changes';
import { buildUser } from '../auth/helpers';
import { useFakeAkismet } from '../fakes/akismet';
import { useTestDatabase } from '../helpers/db';
import { buildSite } from '../helpers/factories';
import { createSpamHarness } from '../spam/harness';
import { cardOf, expectCounts, saveScreenshot, tab, useDashboardBrowser } from './browser';

jest.setTimeout(120_000);
useTestDatabase();
const dashboard = useDashboardBrowser();
// No Akismet key: every check is skipped. The fake is there so that a call would be seen.
const akismet = useFakeAkismet();

const YELLOW = 'rgb(252, 249, 232)';

describe('the dashboard’s labels for what already happened', () => {
  it('says "Was held because" on approved cards, and "not asked" for a skipped Akismet check', async () => {
    const parley = dashboard.parley();
    const news = await buildSite({ id: 'news' });
    const spamChecks = createSpamHarness(akismet.current(), {
      clock: parley.clock,
      config: { AKISMET_KEY: '' },
    });
    const held = await spamChecks.post(news, { author: 'Still Waiting' });
    const published = await spamChecks.post(news, { author: 'Published Later' });
    expect(await spamChecks.drain()).toBe(2);
    await changeCommentStatus(published, 'pending', 'approved', parley.clock.now());
    // Approved before its check ran: the check closes without asking Akismet.
    parley.clock.advance(60_000);
    const quick = await spamChecks.post(news, { author: 'Approved Quickly' });
    await changeCommentStatus(quick, 'pending', 'approved', parley.clock.now());
    expect(await spamChecks.drain()).toBe(1);
    expect(akismet.current().calls).toEqual([]);

    const moderator = await buildUser({ sites: ['news'] });
    const page = await dashboard.openDashboard(moderator);
    await expectCounts(page, { Pending: 1, Approved: 2 });

    const waiting = cardOf(page, held);
    const waitingReasons = waiting.locator('.card-reasons');
    expect(await waitingReasons.locator('.fact-label').textContent()).toBe('Held because');
    expect(await waitingReasons.textContent()).toContain('no Akismet key configured');
    expect(await background(waitingReasons)).toBe(YELLOW);
    expect(await waiting.locator('.card-spam').textContent()).toBe(
      'Akismet: not asked (no Akismet key configured).',
    );
    await waiting.getByRole('button', { name: 'Details of comment by Still Waiting' }).click();
    const attempts = waiting.locator('table.attempts');
    await attempts.waitFor();
    expect(await attempts.locator('caption').textContent()).toBe('Akismet was not asked');
    expect(await attempts.locator('tbody td').allTextContents()).toEqual([
      expect.any(String),
      'not asked',
      'held for a moderator',
      '0 ms',
      'no Akismet key configured',
    ]);

    await tab(page, 'Approved').click();
    const approved = cardOf(page, published);
    await approved.waitFor();
    const pastReasons = approved.locator('.card-reasons');
    expect(await pastReasons.locator('.fact-label').textContent()).toBe('Was held because');
    expect(await background(pastReasons)).not.toBe(YELLOW);
    expect(await approved.locator('.card-spam').textContent()).toBe(
      'Akismet: not asked (no Akismet key configured).',
    );
    const approvedQuickly = cardOf(page, quick);
    expect(await approvedQuickly.locator('.card-spam').textContent()).toBe(
      'Akismet: not asked (a moderator decided first: the comment is approved).',
    );
    expect(await page.locator('.card-spam', { hasText: 'attempt' }).count()).toBe(0);
    await saveScreenshot(page, 'dashboard-approved-labels.png');
  });
});

function background(locator: ReturnType<typeof cardOf>): Promise<string> {
  return locator.evaluate((element) => getComputedStyle(element).backgroundColor);
}
