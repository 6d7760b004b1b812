// The Reported tab at /moderate, in Chromium: reported comments with their counts, reasons and
// notes; dismissing one's reports (it stays approved) and sending another back to moderation.
import { newAuditId } from '../../src/audit/audit.model';
import type { Comment } from '../../src/comments/store/comment.types';
import { listCommentReports, storeReport } from '../../src/reports/report.model';
import type { ReportReason } from '../../src/shared/reports';
import { ensureDemoSite, findSite, type Site } from '../../src/sites/site.model';
import { buildUser } from '../auth/helpers';
import { useTestDatabase } from '../helpers/db';
import { buildComment } from '../helpers/factories';
import {
  announced,
  cardOf,
  expectCounts,
  saveScreenshot,
  storedStatus,
  tab,
  useDashboardBrowser,
} from './browser';

jest.setTimeout(120_000);
useTestDatabase();
const dashboard = useDashboardBrowser();

async function reportOf(comment: Comment, reader: string, reason: ReportReason, note?: string) {
  await storeReport({
    id: `${comment.id}:${reader}`,
    site: comment.site,
    commentId: comment.id,
    reason,
    ...(note && { note }),
    at: dashboard.parley().clock.now(),
    auditId: newAuditId(),
  });
}

it('shows reported comments, dismisses the reports of one and sends another back', async () => {
  const parley = dashboard.parley();
  await ensureDemoSite(parley.baseUrl, parley.clock.now());
  const site = (await findSite('demo')) as Site;
  const rude = await buildComment(site, { pageId: '/demo', author: 'Troll', content: 'You are all fools.' });
  const fine = await buildComment(site, { pageId: '/demo', author: 'Min-jun', content: 'A fair point.' });
  await reportOf(rude, 'reader-a', 'abuse', 'Insults everyone.');
  await reportOf(rude, 'reader-b', 'spam');
  await reportOf(fine, 'reader-c', 'off_topic');
  await buildComment(site, { pageId: '/demo', status: 'pending' });

  const page = await dashboard.openDashboard(await buildUser());
  await expectCounts(page, { Reported: 2, Pending: 1 });
  await tab(page, 'Reported').click();
  expect(await tab(page, 'Reported').getAttribute('aria-current')).toBe('page');
  await page.getByRole('heading', { name: 'Reported comments' }).waitFor();
  // It takes the queue's place.
  expect(await page.getByRole('heading', { name: 'Pending comments' }).isVisible()).toBe(false);
  const rudeCard = cardOf(page, rude);
  await rudeCard.getByText('Reported by 2 readers (spam 1, abuse 1)').waitFor();
  await rudeCard.getByText('abuse: Insults everyone.').waitFor();
  await cardOf(page, fine).getByText('Reported by 1 reader (off-topic 1)').waitFor();
  await saveScreenshot(page, 'dashboard-reported.png');

  // The queue's single-key shortcuts stay off while the Reported tab holds its place: "a" would
  // otherwise approve the Pending card selected out of sight.
  await page.locator('body').press('j');
  await page.locator('body').press('a');
  await page.locator('body').press('t');
  await expectCounts(page, { Reported: 2, Pending: 1 });

  await page.getByRole('button', { name: 'Dismiss reports of the comment by Min-jun' }).click();
  await announced(page, 'Reports dismissed: comment by Min-jun.');
  await cardOf(page, fine).waitFor({ state: 'detached' });
  expect(await listCommentReports(fine.id)).toEqual([]);
  expect(await storedStatus(fine.id)).toBe('approved');

  await page.getByRole('button', { name: 'Send back to moderation: comment by Troll' }).click();
  await announced(page, 'Sent back to moderation: comment by Troll.');
  await page.getByText('No reported comments.').waitFor();
  expect(await storedStatus(rude.id)).toBe('pending');
  await expectCounts(page, { Reported: 0, Pending: 2 });

  // Back to the Pending tab: the comment waits there with its reason.
  await tab(page, 'Pending').click();
  await cardOf(page, rude)
    .getByText(/2 readers had reported it/)
    .waitFor();
});
