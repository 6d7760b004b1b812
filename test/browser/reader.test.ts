// A reader on /demo, in Chromium: posting, replying, seeing their own comments await
// moderation, and then published; the form's messages; keyboard-only use.
import type { Page } from 'playwright-core';
import { changeCommentStatus } from '../../src/comments/store/changes';
import { CommentModel } from '../../src/comments/store/comment.model';
import type { Comment } from '../../src/comments/store/comment.types';
import { useTestDatabase } from '../helpers/db';
import { buildComment } from '../helpers/factories';
import { saveScreenshot, useDemoInBrowser } from './harness';

jest.setTimeout(90_000);
useTestDatabase();

const demo = useDemoInBrowser();
let earlier: Comment;

beforeEach(async () => {
  earlier = await buildComment(demo.site(), {
    pageId: '/demo',
    author: 'Min-jun',
    content: 'Seoul had little choice here.',
  });
  // Each post is a minute after the last, well clear of the flood interval.
  demo.parley().clock.advance(60_000);
});

async function openDemo(page: Page): Promise<void> {
  await page.goto(`${demo.parley().baseUrl}/demo`);
  await page.locator(`#comment-${earlier.id}`).waitFor();
}

async function storedComments() {
  return CommentModel.find().sort({ createdAt: 1 }).lean();
}

describe('a reader on the demo article', () => {
  it('sees their comment and reply await moderation, alone, then published and threaded', async () => {
    const reader = await demo.browser().newContext();
    const page = await reader.newPage();
    await openDemo(page);
    await page.getByRole('heading', { name: '1 Comment' }).waitFor();
    await page.locator('[data-parley-count="/demo"]', { hasText: '1 Comment' }).waitFor();

    await page.getByRole('textbox', { name: 'Comment *' }).fill('GSOMIA mattered more than trade.');
    await page.getByRole('textbox', { name: 'Name *' }).fill('Soo-ah');
    await page.getByRole('textbox', { name: 'Email *' }).fill('sooah@example.org');
    await page.getByRole('checkbox', { name: /Save my name, email, and website/ }).check();
    await page.getByRole('button', { name: 'Post Comment' }).click();

    const mine = page.locator('.comment-list > li.parley-pending');
    await mine.getByText('Your comment is awaiting moderation.').waitFor();
    await expectText(mine, 'GSOMIA mattered more than trade.');
    await page.getByRole('status').getByText('Thank you! Your comment is awaiting moderation.').waitFor();

    // The author token and the ticked "save my name" survive a reload.
    await page.reload();
    await page.locator('.parley-pending').waitFor();
    expect(await page.getByRole('textbox', { name: 'Name *' }).inputValue()).toBe('Soo-ah');
    expect(await page.getByRole('textbox', { name: 'Email *' }).inputValue()).toBe('sooah@example.org');

    demo.parley().clock.advance(60_000);
    await page.getByRole('button', { name: 'Reply to Min-jun' }).click();
    await page.getByRole('heading', { name: 'Leave a Reply to Min-jun' }).waitFor();
    expect(await page.locator(`#comment-${earlier.id} form`).count()).toBe(1);
    await page.getByRole('textbox', { name: 'Comment *' }).fill('Agreed, little choice.');
    await page.getByRole('button', { name: 'Post Comment' }).click();
    const reply = page.locator(`#comment-${earlier.id} > ol.children > li.parley-pending`);
    await reply.getByText('Your comment is awaiting moderation.').waitFor();
    await expectText(reply, 'Agreed, little choice.');
    // The form went back under the thread.
    await page.getByRole('heading', { name: 'Leave a Reply', exact: true }).waitFor();
    await saveScreenshot(page, 'demo-awaiting-moderation.png');

    const stored = await storedComments();
    expect(stored.map((comment) => [comment.status, comment.parentId?.toString() ?? null])).toEqual([
      ['approved', null],
      ['pending', null],
      ['pending', earlier.id],
    ]);

    const stranger = await demo.browser().newContext();
    const strangersPage = await stranger.newPage();
    await openDemo(strangersPage);
    expect(await strangersPage.locator('.comment-list').textContent()).not.toContain('GSOMIA mattered');
    expect(await strangersPage.locator('.parley-pending').count()).toBe(0);
    expect(await strangersPage.getByText('awaiting moderation').count()).toBe(0);
    await stranger.close();

    for (const comment of stored.slice(1)) {
      await changeCommentStatus(comment._id.toHexString(), 'pending', 'approved', demo.parley().clock.now());
    }
    await page.reload();
    await page.getByRole('heading', { name: '3 Comments' }).waitFor();
    expect(await page.locator('.parley-pending').count()).toBe(0);
    expect(await page.getByText('awaiting moderation').count()).toBe(0);
    const [, top, nested] = stored.map((comment) => comment._id.toHexString());
    await expectText(page.locator(`.comment-list > #comment-${top}`), 'GSOMIA mattered more than trade.');
    await expectText(
      page.locator(`#comment-${earlier.id} > ol.children > #comment-${nested}`),
      'Agreed, little choice.',
    );
    await saveScreenshot(page, 'demo-published.png');
    await reader.close();

    // Public reads may be cached for seconds; a newcomer sees the published count at once.
    const newcomer = await demo.browser().newContext();
    const newcomersPage = await newcomer.newPage();
    await openDemo(newcomersPage);
    await newcomersPage.locator('[data-parley-count="/demo"]', { hasText: '3 Comments' }).waitFor();
    await newcomersPage.locator(`#comment-${nested}`).waitFor();
    await newcomer.close();
  });

  it('shows the browser’s and the server’s messages beside the fields, and stores nothing', async () => {
    const context = await demo.browser().newContext();
    const page = await context.newPage();
    await openDemo(page);

    await page.getByRole('button', { name: 'Post Comment' }).click();
    const comment = page.getByRole('textbox', { name: 'Comment *' });
    await page.locator('.parley-field-error').first().waitFor();
    for (const name of ['Comment *', 'Name *', 'Email *']) {
      expect(await describedBy(page, name)).toContain('Please fill in this field.');
      expect(await page.getByRole('textbox', { name }).getAttribute('aria-invalid')).toBe('true');
    }
    // Focus goes to the first field that needs attention.
    expect(await comment.evaluate((element) => element === document.activeElement)).toBe(true);

    // Whitespace passes the browser's check; the server's messages then show beside the fields.
    await comment.fill('   ');
    await page.getByRole('textbox', { name: 'Name *' }).fill('  ');
    await page.getByRole('textbox', { name: 'Email *' }).fill('reader@example.org');
    await page.getByRole('button', { name: 'Post Comment' }).click();
    await page.getByRole('status').getByText('Some fields need attention.').waitFor();
    expect(await describedBy(page, 'Comment *')).toContain('Please type your comment.');
    expect(await describedBy(page, 'Name *')).toContain('Please enter your name.');
    expect(await describedBy(page, 'Email *')).toBe('');
    await saveScreenshot(page, 'demo-field-errors.png');
    expect(await storedComments()).toHaveLength(1);
    await context.close();
  });

  it('posts, fixes an error, replies and cancels a reply with the keyboard alone, focus always shown', async () => {
    const context = await demo.browser().newContext();
    const page = await context.newPage();
    await openDemo(page);
    await tabTo(page, '#parley textarea[name="comment"]');
    await expectFocusShown(page, '#parley textarea[name="comment"]');
    await page.keyboard.type('Typed without a mouse.');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Ji-woo');
    await expectFocusShown(page, '#parley input[name="author"]');
    // Enter without the email: the browser's check stops the post and focus goes to the field.
    await page.keyboard.press('Enter');
    await expectFocusShown(page, '#parley input[name="email"][aria-invalid="true"]');
    await page.keyboard.type('jiwoo@example.org');
    await page.keyboard.press('Enter');
    const mine = page.locator('.parley-pending', { hasText: 'Typed without a mouse.' });
    await mine.waitFor();
    // Focus moves to the new comment, where the reader can read it.
    await expectFocusShown(page, '.parley-pending');

    demo.parley().clock.advance(60_000);
    const replyButton = '[aria-label="Reply to Min-jun"]';
    await tabTo(page, replyButton);
    await expectFocusShown(page, replyButton);
    await page.keyboard.press('Enter');
    // Replying moves focus into the comment field under the comment.
    await page.getByRole('heading', { name: 'Leave a Reply to Min-jun' }).waitFor();
    await expectFocusShown(page, `#comment-${earlier.id} textarea[name="comment"]`);
    // Cancel reply sits just before the field; the form goes home and focus back to Reply.
    await page.keyboard.press('Shift+Tab');
    await expectFocusShown(page, '.parley-cancel');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Leave a Reply', exact: true }).waitFor();
    expect(await page.locator(`#comment-${earlier.id} form`).count()).toBe(0);
    await expectFocusShown(page, replyButton);

    await page.keyboard.press('Enter');
    await expectFocusShown(page, `#comment-${earlier.id} textarea[name="comment"]`);
    await page.keyboard.type('A reply, by keyboard.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const reply = page.locator(`#comment-${earlier.id} .children .parley-pending`, {
      hasText: 'A reply, by keyboard.',
    });
    await reply.waitFor();
    await expectFocusShown(page, `#comment-${earlier.id} .children .parley-pending`);
    const stored = await storedComments();
    expect(stored.map((comment) => comment.author)).toEqual(['Min-jun', 'Ji-woo', 'Ji-woo']);
    expect(stored[2]?.parentId?.toString()).toBe(earlier.id);
    await context.close();
  });
});

/**
 * The focused element matches the selector, and shows it: an outline of 2px or more, or a box
 * shadow. Focus is never left on the page's body after an action.
 */
async function expectFocusShown(page: Page, selector: string): Promise<void> {
  const focus = await page.evaluate((wanted) => {
    const element = document.activeElement;
    if (!element || element === document.body) return 'lost, on the body';
    const style = getComputedStyle(element);
    const isShown =
      (style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2) ||
      style.boxShadow !== 'none';
    const name = `${element.tagName.toLowerCase()}.${element.className}`;
    if (!element.matches(wanted)) return `on ${name}, not ${wanted}`;
    return isShown ? 'shown' : `on ${name} without an outline`;
  }, selector);
  expect(focus).toBe('shown');
}

async function expectText(locator: ReturnType<Page['locator']>, text: string): Promise<void> {
  expect(await locator.first().textContent()).toContain(text);
}

/** The text of everything a field's aria-describedby points at, as a screen reader hears it. */
function describedBy(page: Page, name: string): Promise<string> {
  return page.getByRole('textbox', { name }).evaluate((field) =>
    (field.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .filter((text) => !text.includes('will not be published'))
      .join(' '),
  );
}

/** Presses Tab until the focused element matches the selector, as a keyboard user would. */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let presses = 0; presses < 60; presses++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((wanted) => document.activeElement?.matches(wanted) ?? false, selector)) return;
  }
  throw new Error(`never reached ${selector} with Tab`);
}
