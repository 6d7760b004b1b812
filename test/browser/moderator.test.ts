// A moderator at /moderate, in Chromium, working on what readers posted on /demo (issue 5
// §4): approving with the keyboard while the counts follow without a reload, spam, trash,
// bulk actions, editing, restoring, deleting and replying; and what a moderator of another
// site may not see.

import type { Page } from 'playwright-core';
import { CommentModel } from '../../src/comments/store/comment.model';
import { findComment } from '../../src/comments/store/reads';
import { buildUser } from '../auth/helpers';
import {
  announced,
  cardOf,
  expectCounts,
  focusedCardId,
  logInWithForm,
  markDocument,
  saveScreenshot,
  shownCards,
  storedStatus,
  tab,
  useDashboardBrowser,
} from '../dashboard/browser';
import { useTestDatabase } from '../helpers/db';
import { buildComment, buildSite } from '../helpers/factories';
import { useDemoSite } from './harness';

jest.setTimeout(120_000);
useTestDatabase();
const dashboard = useDashboardBrowser();
const demoSite = useDemoSite(dashboard.parley);

async function postOnDemo(page: Page, fields: { content: string; name?: string; email?: string }) {
  await page.getByRole('textbox', { name: 'Comment *' }).fill(fields.content);
  if (fields.name) await page.getByRole('textbox', { name: 'Name *' }).fill(fields.name);
  if (fields.email) await page.getByRole('textbox', { name: 'Email *' }).fill(fields.email);
  await page.getByRole('button', { name: 'Post Comment' }).click();
}

describe('the moderator dashboard', () => {
  it('publishes what a reader posted: approved with the keyboard, counts updated, threaded on /demo', async () => {
    const parley = dashboard.parley();
    const earlier = await buildComment(demoSite(), {
      pageId: '/demo',
      author: 'Min-jun',
      content: 'Seoul had little choice here.',
    });
    parley.clock.advance(60_000);

    // A reader posts a comment, and a reply to the approved one; both await moderation.
    const reader = await dashboard.newPage();
    await reader.goto(`${parley.baseUrl}/demo`);
    await reader.locator(`#comment-${earlier.id}`).waitFor();
    await postOnDemo(reader, {
      content: 'GSOMIA mattered more than trade.',
      name: 'Soo-ah',
      email: 'sooah@example.org',
    });
    await reader
      .locator('.comment-list > li.parley-pending')
      .getByText('Your comment is awaiting moderation.')
      .waitFor();
    parley.clock.advance(60_000);
    await reader.getByRole('button', { name: 'Reply to Min-jun' }).click();
    await postOnDemo(reader, { content: 'Agreed, little choice.' });
    await reader
      .locator(`#comment-${earlier.id} > ol.children > li.parley-pending`)
      .getByText('Your comment is awaiting moderation.')
      .waitFor();
    const [comment, reply] = (
      await CommentModel.find({ status: 'pending' }).sort({ createdAt: 1 }).lean()
    ).map((doc) => doc._id.toHexString()) as [string, string];
    expect(await findComment(reply)).toMatchObject({ parentId: earlier.id, author: 'Soo-ah' });

    // Nobody else sees them.
    const stranger = await dashboard.newPage();
    await stranger.goto(`${parley.baseUrl}/demo`);
    await stranger.locator(`#comment-${earlier.id}`).waitFor();
    expect(await stranger.locator('.comment-list').textContent()).not.toContain('GSOMIA mattered');
    expect(await stranger.getByText('awaiting moderation').count()).toBe(0);

    // A moderator of the demo site logs in and finds both in the queue, newest first.
    const moderator = await buildUser({ sites: ['demo'] });
    const page = await dashboard.openDashboard(moderator);
    await expectCounts(page, { Pending: 2, Approved: 1, Spam: 0, Trash: 0 });
    expect(await shownCards(page)).toEqual([reply, comment]);
    const replyCard = cardOf(page, reply);
    expect(await replyCard.locator('.card-author').textContent()).toBe('Soo-ah');
    expect(await replyCard.textContent()).toContain('sooah@example.org');
    expect(await replyCard.textContent()).toContain('IP 127.0.0.1');
    expect(await replyCard.locator('.card-parent').textContent()).toContain(
      'In reply to Min-jun: Seoul had little choice here.',
    );
    expect(await replyCard.locator('.card-page a').getAttribute('href')).toBe(`${parley.baseUrl}/demo`);
    expect(await replyCard.locator('.card-content').innerHTML()).toBe('<p>Agreed, little choice.</p>');
    expect(await replyCard.locator('.card-spam').textContent()).toBe('Akismet: queued, not checked yet.');
    expect(await cardOf(page, comment).locator('.card-parent').count()).toBe(0);
    await saveScreenshot(page, 'dashboard-pending.png');

    // j/k move the selection; a approves the selected comment.
    const isSameDocument = await markDocument(page);
    await page.keyboard.press('j');
    expect(await focusedCardId(page)).toBe(reply);
    await page.keyboard.press('j');
    expect(await focusedCardId(page)).toBe(comment);
    await page.keyboard.press('k');
    expect(await focusedCardId(page)).toBe(reply);
    await page.keyboard.press('a');
    await announced(page, 'Approved: comment by Soo-ah.');
    await replyCard.waitFor({ state: 'detached' });
    await expectCounts(page, { Pending: 1, Approved: 2 });
    // The selection moved on to the next comment.
    expect(await focusedCardId(page)).toBe(comment);
    await page.keyboard.press('a');
    await cardOf(page, comment).waitFor({ state: 'detached' });
    await expectCounts(page, { Pending: 0, Approved: 3 });
    await page.getByText('No comments are waiting for you.').waitFor();
    expect(await isSameDocument()).toBe(true);
    expect([await storedStatus(comment), await storedStatus(reply)]).toEqual(['approved', 'approved']);
    await saveScreenshot(page, 'dashboard-queue-empty.png');

    // The reader reloads: both published, the reply under Min-jun's comment.
    await reader.reload();
    await reader.getByRole('heading', { name: '3 Comments' }).waitFor();
    expect(await reader.locator('.parley-pending').count()).toBe(0);
    await reader.locator(`.comment-list > #comment-${comment}`, { hasText: 'GSOMIA mattered' }).waitFor();
    await reader
      .locator(`#comment-${earlier.id} > ol.children > #comment-${reply}`, {
        hasText: 'Agreed, little choice.',
      })
      .waitFor();
  });

  it('marks spam and trash by keyboard, approves in bulk, edits, restores, deletes, and replies as a moderator', async () => {
    const parley = dashboard.parley();
    const pending = (author: string, content: string) =>
      buildComment(demoSite(), { pageId: '/demo', author, content, status: 'pending' });
    // Created oldest first; the queue shows them newest first.
    const second = await pending('Hye-jin', 'The pact was symbolic anyway.');
    const first = await pending('Dong-hyun', 'Tokyo overplayed its hand.');
    const typo = await pending('Ji-ho', 'Intelligence sharing is importnat.');
    const offTopic = await pending('Bo-ra', 'Does anyone know a good kimchi recipe?');
    const spam = await pending('Cheap Pills', 'Buy cheap pills at <a href="https://pills.example">pills</a>');

    const admin = await buildUser({ role: 'admin' });
    const page = await dashboard.openDashboard(admin);
    await expectCounts(page, { Pending: 5, Approved: 0, Spam: 0, Trash: 0 });
    const isSameDocument = await markDocument(page);

    await page.keyboard.press('j');
    expect(await focusedCardId(page)).toBe(spam.id);
    await page.keyboard.press('s');
    await cardOf(page, spam).waitFor({ state: 'detached' });
    await expectCounts(page, { Pending: 4, Spam: 1 });
    expect(await focusedCardId(page)).toBe(offTopic.id);
    await page.keyboard.press('t');
    await cardOf(page, offTopic).waitFor({ state: 'detached' });
    await expectCounts(page, { Pending: 3, Trash: 1 });
    expect([await storedStatus(spam.id), await storedStatus(offTopic.id)]).toEqual(['spam', 'trash']);

    // Edit inline: the textarea holds the comment as typed; the card shows the saved HTML.
    const typoCard = cardOf(page, typo);
    await typoCard.getByRole('button', { name: 'Edit comment by Ji-ho' }).click();
    const editor = typoCard.getByRole('textbox', { name: 'Edit the comment' });
    expect(await editor.inputValue()).toBe('Intelligence sharing is importnat.');
    // Typing in the editor is not a shortcut: "a" and "s" stay letters.
    await editor.fill('');
    await editor.pressSequentially('Intelligence sharing is important.\n\nAs it was.');
    await typoCard.getByRole('button', { name: 'Save' }).click();
    await announced(page, 'Saved the comment by Ji-ho.');
    expect(await typoCard.locator('.card-content').innerHTML()).toBe(
      '<p>Intelligence sharing is important.</p>\n<p>As it was.</p>',
    );
    expect((await findComment(typo.id))?.content).toBe(
      '<p>Intelligence sharing is important.</p>\n<p>As it was.</p>',
    );
    expect(await storedStatus(typo.id)).toBe('pending');
    await typoCard.getByRole('button', { name: 'Details of comment by Ji-ho' }).click();
    await typoCard.locator('.audit', { hasText: 'edit (Pending → Pending)' }).waitFor();

    // Bulk: x selects the focused card; the bar approves all selected at once.
    await page.keyboard.press('j');
    expect(await focusedCardId(page)).toBe(first.id);
    await page.keyboard.press('x');
    await page.keyboard.press('j');
    expect(await focusedCardId(page)).toBe(second.id);
    await page.keyboard.press('x');
    await page.getByText('2 selected').waitFor();
    await saveScreenshot(page, 'dashboard-bulk-selected.png');
    await page.getByRole('button', { name: 'Approve selected' }).click();
    await announced(page, 'Approved: 2 comments.');
    await cardOf(page, first).waitFor({ state: 'detached' });
    await cardOf(page, second).waitFor({ state: 'detached' });
    await expectCounts(page, { Pending: 1, Approved: 2, Spam: 1, Trash: 1 });
    expect([await storedStatus(first.id), await storedStatus(second.id)]).toEqual(['approved', 'approved']);

    // Restore from spam puts it back in the queue.
    await tab(page, 'Spam').click();
    await cardOf(page, spam).getByRole('button', { name: 'Restore comment by Cheap Pills' }).click();
    await cardOf(page, spam).waitFor({ state: 'detached' });
    await expectCounts(page, { Pending: 2, Spam: 0 });
    expect(await storedStatus(spam.id)).toBe('pending');

    // An admin may delete for good, after confirming.
    await tab(page, 'Trash').click();
    await cardOf(page, offTopic).getByRole('button', { name: 'Delete comment by Bo-ra' }).click();
    await cardOf(page, offTopic).getByRole('button', { name: 'Delete permanently' }).click();
    await cardOf(page, offTopic).waitFor({ state: 'detached' });
    await expectCounts(page, { Trash: 0 });
    expect(await findComment(offTopic.id)).toBeUndefined();

    // A moderator's reply is published at once, with the badge.
    await tab(page, 'Approved').click();
    const firstCard = cardOf(page, first);
    await firstCard.getByRole('button', { name: 'Reply to comment by Dong-hyun' }).click();
    await firstCard
      .getByRole('textbox', { name: /Reply to Dong-hyun as a moderator/ })
      .fill('Thanks, Dong-hyun. Please keep it civil, everyone.');
    await firstCard.getByRole('button', { name: 'Publish reply' }).click();
    await announced(page, 'Reply published under the comment by Dong-hyun.');
    await expectCounts(page, { Approved: 3 });
    const stored = await CommentModel.findOne({ byModerator: true }).lean();
    expect(stored).toMatchObject({ status: 'approved', author: 'Moderator' });
    expect(stored?.parentId?.toHexString()).toBe(first.id);
    const replyCard = cardOf(page, (stored?._id.toHexString() as string) ?? '');
    await replyCard.locator('.badge', { hasText: 'Moderator' }).waitFor();
    expect(await isSameDocument()).toBe(true);
    await saveScreenshot(page, 'dashboard-approved.png');

    const reader = await dashboard.newPage();
    await reader.goto(`${parley.baseUrl}/demo`);
    const published = reader.locator(`#comment-${first.id} > ol.children > li.parley-moderator`);
    await published.getByText('Thanks, Dong-hyun. Please keep it civil, everyone.').waitFor();
    expect(await published.locator('.parley-badge').first().textContent()).toBe('Moderator');
  });

  it('shows a moderator of another site none of this site’s comments', async () => {
    const parley = dashboard.parley();
    const news = await buildSite({ id: 'news' });
    await buildComment(demoSite(), { pageId: '/demo', author: 'Demo reader', status: 'pending' });
    await buildComment(demoSite(), { pageId: '/demo', author: 'Demo spammer', status: 'spam' });
    const own = await buildComment(news, { author: 'News reader', status: 'pending' });

    const newsModerator = await buildUser({ sites: [news.id] });
    const page = await dashboard.openDashboard(newsModerator);
    await expectCounts(page, { Pending: 1, Approved: 0, Spam: 0, Trash: 0 });
    expect(await shownCards(page)).toEqual([own.id]);
    expect(await page.locator('main').textContent()).not.toContain('Demo reader');
    // The site filter offers only the sites they moderate.
    const sites = await page.getByLabel('Site').locator('option').allTextContents();
    expect(sites).toEqual(['All my sites', 'news']);
    await tab(page, 'Spam').click();
    await page.getByText('No comments in Spam.').waitFor();
    expect(await page.locator('article.card').count()).toBe(0);

    // Asking for the demo site by address is refused, and shows nothing of it.
    const direct = await dashboard.newPage();
    await direct.goto(`${parley.baseUrl}/moderate?site=demo`);
    await logInWithForm(direct, newsModerator);
    await announced(direct, 'You do not moderate this site.');
    expect(await direct.locator('article.card').count()).toBe(0);
  });
});
