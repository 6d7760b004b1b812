// A moderator at /moderate who uses only the keyboard, or a screen reader (issue 14): the
// focus is always drawn, never lost, and comes back to a sensible place; field errors are tied
// to their fields and results are said in a polite live region, as Chromium's tree shows.
import type { Comment } from '../../src/comments/store/comment.types';
import { buildUser, PASSWORD } from '../auth/helpers';
import { axNode, expectFocusShown, report as reportAt, tabTo } from '../dashboard/accessibility';
import {
  cardOf,
  expectCounts,
  focusedCardId,
  saveScreenshot,
  storedStatus,
  useDashboardBrowser,
} from '../dashboard/browser';
import { useTestDatabase } from '../helpers/db';
import { buildComment } from '../helpers/factories';
import { useDemoSite } from './harness';

jest.setTimeout(180_000);
useTestDatabase();
const dashboard = useDashboardBrowser();
const demoSite = useDemoSite(dashboard.parley);

/** A reader's report, at the running Parley's time. */
function report(comment: Comment, reader: string): Promise<void> {
  return reportAt(comment, reader, dashboard.parley().clock.now());
}

describe('a moderator who uses only the keyboard', () => {
  it('logs in past an error, works the queue with shortcuts, opens details and dialogs, and acts in bulk', async () => {
    const parley = dashboard.parley();
    const pending = (author: string) =>
      buildComment(demoSite(), {
        pageId: '/demo',
        author,
        content: `Held words of ${author}.`,
        status: 'pending',
      });
    // Oldest first; the queue shows them newest first.
    const [fifth, fourth, third, second, first] = [
      await pending('Eun-ji'),
      await pending('Dae-ho'),
      await pending('Chae-won'),
      await pending('Bo-ra'),
      await pending('Ae-ri'),
    ] as [Comment, Comment, Comment, Comment, Comment];
    const admin = await buildUser({ role: 'admin' });
    const page = await dashboard.newPage();
    await page.goto(`${parley.baseUrl}/moderate`);
    await page.getByRole('textbox', { name: 'Email' }).waitFor();

    // The form takes the focus; a wrong password leaves it on the password, marked invalid.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('login-email');
    await expectFocusShown(page, 'page loaded');
    await page.keyboard.type(admin.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type('not the password');
    await page.keyboard.press('Enter');
    const password = page.getByLabel('Password');
    await page.locator('#login-password[aria-invalid="true"]').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('login-password');
    await expectFocusShown(page, 'login refused');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    await expectCounts(page, { Pending: 5 });
    expect(await password.count()).toBe(0);
    expect(await expectFocusShown(page, 'logged in')).toBe('h2 Pending comments');

    // j selects the first card; a approves it and the focus moves on to the next.
    await page.keyboard.press('j');
    expect(await focusedCardId(page)).toBe(first.id);
    await expectFocusShown(page, 'j');
    await page.keyboard.press('a');
    await cardOf(page, first).waitFor({ state: 'detached' });
    expect(await focusedCardId(page)).toBe(second.id);
    await expectFocusShown(page, 'approved by a');

    // Details open from the card's own buttons, and close back onto the button.
    await tabTo(page, /^button Details of comment by Bo-ra$/);
    await page.keyboard.press('Enter');
    await cardOf(page, second).locator('.details').waitFor();
    expect(await expectFocusShown(page, 'details opened')).toBe('button Details of comment by Bo-ra');
    await page.keyboard.press('Enter');
    await cardOf(page, second).locator('.details').waitFor({ state: 'detached' });
    await expectFocusShown(page, 'details closed');

    // The edit form: Escape closes it, and the focus is back on Edit.
    await tabTo(page, /^button Edit comment by Bo-ra$/, 'Shift+Tab');
    await page.keyboard.press('Enter');
    expect(await expectFocusShown(page, 'editor opened')).toMatch(/^textarea/);
    await page.keyboard.press('Escape');
    expect(await expectFocusShown(page, 'editor closed')).toBe('button Edit comment by Bo-ra');

    // Deleting asks first; Cancel goes back to Delete; confirming moves on to the next card.
    await tabTo(page, /^button Delete comment by Bo-ra$/);
    await page.keyboard.press('Enter');
    expect(await expectFocusShown(page, 'confirmation opened')).toBe('button Delete permanently');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await expectFocusShown(page, 'confirmation cancelled')).toBe('button Delete comment by Bo-ra');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    expect(await expectFocusShown(page, 'confirmation left with Escape')).toBe(
      'button Delete comment by Bo-ra',
    );
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await cardOf(page, second).waitFor({ state: 'detached' });
    expect(await focusedCardId(page)).toBe(third.id);
    await expectFocusShown(page, 'deleted');

    // Bulk: x ticks the selected card, j moves on, x again; the bar's button acts on both.
    await page.keyboard.press('x');
    await page.keyboard.press('j');
    expect(await focusedCardId(page)).toBe(fourth.id);
    await page.keyboard.press('x');
    await page.getByText('2 selected').waitFor();
    await tabTo(page, /^button Trash selected$/, 'Shift+Tab');
    await page.keyboard.press('Enter');
    await cardOf(page, third).waitFor({ state: 'detached' });
    await cardOf(page, fourth).waitFor({ state: 'detached' });
    expect(await focusedCardId(page)).toBe(fifth.id);
    await expectFocusShown(page, 'bulk trash');
    expect([await storedStatus(third.id), await storedStatus(fourth.id)]).toEqual(['trash', 'trash']);

    // The display-name menu in the top bar: Escape closes it onto its summary.
    await tabTo(page, /^summary Signed as/, 'Shift+Tab');
    await page.keyboard.press('Enter');
    // The details element's toggle event, which moves the focus into the form, comes a task later.
    await page.waitForFunction(() => document.activeElement?.tagName === 'INPUT');
    await expectFocusShown(page, 'name menu opened');
    await page.keyboard.press('Escape');
    expect(await expectFocusShown(page, 'name menu closed')).toMatch(/^summary Signed as/);

    // The last card: approved, the queue is empty and the focus waits on its title.
    // j, from the top bar, comes back to the selected card rather than skipping past it.
    await page.keyboard.press('j');
    expect(await focusedCardId(page)).toBe(fifth.id);

    // "Only this page" redraws the queue: the focus waits on its title, not on a card now gone.
    await tabTo(page, /^button Only this page: \/demo$/);
    await page.keyboard.press('Enter');
    await page.waitForURL(/pageId=%2Fdemo/);
    await page.waitForFunction(() => document.activeElement?.tagName === 'H2');
    expect(await expectFocusShown(page, 'filtered by page')).toBe('h2 Pending comments');
    await page.keyboard.press('j');
    expect(await focusedCardId(page)).toBe(fifth.id);
    await page.keyboard.press('a');
    await cardOf(page, fifth).waitFor({ state: 'detached' });
    await page.getByText('No comments match these filters.').waitFor();
    expect(await expectFocusShown(page, 'queue emptied')).toBe('h2 Pending comments');
  });

  it('works the Reported tab and the block list without losing the focus', async () => {
    const [rude, ruder] = [
      await buildComment(demoSite(), { pageId: '/demo', author: 'Troll', content: 'You are all fools.' }),
      await buildComment(demoSite(), { pageId: '/demo', author: 'Ogre', content: 'Fools, all of you.' }),
    ];
    await report(rude, 'reader-a');
    await report(ruder, 'reader-b');
    // (openDashboard waits for the queue, which shows only with something in it.)
    await buildComment(demoSite(), { pageId: '/demo', status: 'pending' });
    const page = await dashboard.openDashboard(await buildUser({ sites: ['demo'] }));
    await expectCounts(page, { Reported: 2 });

    await tabTo(page, /^button Reported 2$/, 'Shift+Tab');
    await page.keyboard.press('Enter');
    // The heading takes the focus once the reported comments are read.
    await page.waitForFunction(() => document.activeElement?.tagName === 'H2');
    expect(await expectFocusShown(page, 'Reported opened')).toBe('h2 Reported comments');
    await tabTo(page, /^button Dismiss reports of the comment by/);
    const dismissed = await page.evaluate(() => document.activeElement?.closest('article')?.dataset.id);
    await page.keyboard.press('Enter');
    await cardOf(page, dismissed as string).waitFor({ state: 'detached' });
    // On to the other reported comment.
    expect(await focusedCardId(page)).toBe(dismissed === rude.id ? ruder.id : rude.id);
    await expectFocusShown(page, 'reports dismissed');

    // The lists: a refused entry keeps the focus on the field; an added or removed one on the list.
    await tabTo(page, /^button Block and trust lists$/, 'Shift+Tab');
    await page.keyboard.press('Enter');
    await page.locator('.list-section').first().waitFor();
    await tabTo(page, /^input/);
    await page.keyboard.type('not an email');
    await page.keyboard.press('Enter');
    await page.locator('.list-block .field-error:not(:empty)').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true');
    await expectFocusShown(page, 'entry refused');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('troll@example.org');
    await page.keyboard.press('Enter');
    await page.locator('.list-block h3', { hasText: 'Blocked (1)' }).waitFor();
    expect(await expectFocusShown(page, 'entry added')).toBe('h3 Blocked (1)');
    await tabTo(page, /^button Remove t•••@example.org$/);
    await page.keyboard.press('Enter');
    await page.locator('.list-block h3', { hasText: 'Blocked (0)' }).waitFor();
    expect(await expectFocusShown(page, 'entry removed')).toBe('h3 Blocked (0)');
    // Every stop of both forms shows the focus, the date fields' inner parts included.
    await tabTo(page, /^button Trust$/);
  });
});

describe('what a screen reader is told on /moderate', () => {
  it('ties each field error to its field, and announces results in a polite live region', async () => {
    const parley = dashboard.parley();
    const held = await buildComment(demoSite(), {
      pageId: '/demo',
      author: 'Soo-ah',
      content: 'GSOMIA mattered more than trade.',
      status: 'pending',
    });
    const newest = await buildComment(demoSite(), { pageId: '/demo', author: 'Min-jun', status: 'pending' });
    const admin = await buildUser({ role: 'admin' });

    // Login refused: both fields are invalid and described by the message.
    const page = await dashboard.newPage();
    await page.goto(`${parley.baseUrl}/moderate`);
    await page.getByRole('textbox', { name: 'Email' }).fill(admin.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByLabel('Password').press('Enter');
    await page.locator('#login-password[aria-invalid="true"]').waitFor();
    const refusal = (await page.locator('#login-message').textContent()) ?? '';
    expect(refusal).not.toBe('');
    for (const [role, name] of [
      ['textbox', 'Email'],
      ['textbox', 'Password'],
    ] as const) {
      expect(await axNode(page, role, name)).toMatchObject({
        description: refusal,
        properties: { invalid: 'true' },
      });
    }
    // Logged in, the old error is not left on the new fields.
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByLabel('Password').press('Enter');
    await page.locator('.queue[aria-busy="false"]').waitFor();

    // The live region is polite, and says what an action did.
    const region = await axNode(page, 'status', '');
    expect(region.properties).toMatchObject({ live: 'polite', atomic: true });
    await page.keyboard.press('j');
    await page.keyboard.press('s');
    await cardOf(page, newest).waitFor({ state: 'detached' });
    expect(await page.locator('#parley-announcer').ariaSnapshot()).toBe(
      '- status: "Marked as spam: comment by Min-jun."',
    );

    // The queue reads as a list of comments, each card named by its author.
    expect(await page.getByRole('list', { name: 'Pending comments' }).ariaSnapshot()).toMatch(
      /^- list "Pending comments":\n {2}- listitem:\n {4}- article "Soo-ah":/,
    );

    // The editor: an empty text is refused beside the textarea.
    const card = cardOf(page, held);
    await card.getByRole('button', { name: 'Edit comment by Soo-ah' }).click();
    await card.getByRole('textbox', { name: 'Edit the comment' }).fill('   ');
    await card.getByRole('button', { name: 'Save' }).click();
    const editError = card.locator('.field-error:not(:empty)');
    await editError.waitFor();
    expect(await axNode(page, 'textbox', 'Edit the comment')).toMatchObject({
      description: await editError.textContent(),
      properties: { invalid: 'true' },
    });

    // The display name: control characters are refused beside the field.
    await page.getByText('Signed as Moderator').click();
    await page.getByRole('textbox', { name: 'Sign your replies as' }).fill('Mia\tfrom the desk');
    await page.getByRole('button', { name: 'Save name' }).click();
    const nameError = page.locator('.account .field-error:not(:empty)');
    await nameError.waitFor();
    expect(await axNode(page, 'textbox', 'Sign your replies as')).toMatchObject({
      description: await nameError.textContent(),
      properties: { invalid: 'true' },
    });
    await page.keyboard.press('Escape');

    // The block list's form: what the server refused is marked on the value typed.
    await page.getByRole('button', { name: 'Block and trust lists' }).click();
    const blockForm = page.getByRole('form', { name: 'Add to the block list' });
    await blockForm.getByRole('textbox', { name: 'Email, IP or range' }).fill('not an email');
    await blockForm.getByRole('button', { name: 'Block' }).click();
    const listError = blockForm.locator('.field-error:not(:empty)');
    await listError.waitFor();
    expect(await axNode(page, 'textbox', 'Email, IP or range')).toMatchObject({
      description: await listError.textContent(),
      properties: { invalid: 'true' },
    });
    await saveScreenshot(page, 'dashboard-field-errors.png');
  });
});
