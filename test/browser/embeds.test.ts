// The embed on pages other than the happy path: several sections and count spans on one
// page (one count request), another language, paging and sorting. The plain form with
// JavaScript off is in noScript.test.ts.
import type { Page } from 'playwright-core';
import { CommentModel } from '../../src/comments/store/comment.model';
import { updateSiteSetting } from '../../src/sites/site.model';
import { useTestDatabase } from '../helpers/db';
import { buildComment } from '../helpers/factories';
import { saveScreenshot, useDemoInBrowser } from './harness';

jest.setTimeout(90_000);
useTestDatabase();

const LIST_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Two articles</title></head>
<body>
<ul>
<li>First article <span data-parley-count="/a"></span></li>
<li>Second article <span data-parley-count="/b"></span></li>
<li>Third article <span data-parley-count="/c"></span></li>
</ul>
<div data-parley data-site="demo" data-page-id="/a"></div>
<div data-parley data-site="demo" data-page-id="/b" data-lang="ko"></div>
<script src="/embed.js" data-parley-site="demo" async></script>
</body>
</html>`;

const demo = useDemoInBrowser({ pages: { '/two-embeds': LIST_PAGE } });

beforeEach(async () => {
  demo.parley().clock.advance(60_000);
});

describe('the embed', () => {
  it('serves several comment sections and all count spans on one page, with one count request', async () => {
    await buildComment(demo.site(), { pageId: '/a', content: 'About the first article.' });
    await buildComment(demo.site(), { pageId: '/b', content: '두 번째 기사에 대하여.' });
    await buildComment(demo.site(), { pageId: '/b', content: 'Second one, again.' });
    const context = await demo.browser().newContext();
    const page = await context.newPage();
    const countRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/counts')) countRequests.push(request.url());
    });
    await page.goto(`${demo.parley().baseUrl}/two-embeds`);

    const [first, second] = [page.locator('[data-parley]').nth(0), page.locator('[data-parley]').nth(1)];
    await first.getByRole('heading', { name: '1 Comment' }).waitFor();
    await second.getByRole('heading', { name: '댓글 2개' }).waitFor();
    expect(await first.locator('.comment-list').textContent()).toContain('About the first article.');
    expect(await first.locator('.comment-list').textContent()).not.toContain('Second one');
    expect(await second.locator('.comment-list').textContent()).toContain('두 번째 기사에 대하여.');
    await second.getByRole('heading', { name: '답글 남기기' }).waitFor();

    await page.locator('[data-parley-count="/a"]', { hasText: '1 Comment' }).waitFor();
    await page.locator('[data-parley-count="/b"]', { hasText: '2 Comments' }).waitFor();
    await page.locator('[data-parley-count="/c"]', { hasText: 'No Comments' }).waitFor();
    expect(countRequests).toHaveLength(1);
    expect(countRequests[0]).toContain('pageId=%2Fa&pageId=%2Fb&pageId=%2Fc');
    const ids = await page.evaluate(() =>
      Array.from(document.querySelectorAll('[id]'), (element) => element.id),
    );
    expect(new Set(ids).size).toBe(ids.length);

    await second.getByRole('textbox', { name: '댓글 *' }).fill('두 번째 기사에 댓글을 답니다.');
    await second.getByRole('textbox', { name: '이름 *' }).fill('Hana');
    await second.getByRole('textbox', { name: '이메일 *' }).fill('hana@example.org');
    await second.getByRole('button', { name: '댓글 달기' }).click();
    await second.locator('.parley-pending').getByText('댓글이 검토 대기 중입니다.').waitFor();
    expect(await first.locator('.parley-pending').count()).toBe(0);
    const stored = await CommentModel.findOne({ status: 'pending' }).lean();
    expect(stored).toMatchObject({ pageId: '/b', author: 'Hana', site: 'demo' });
    await saveScreenshot(page, 'two-embeds.png');
    await context.close();
  });

  it('pages and sorts the thread, offers Reply only down to maxDepth, and cancels a reply', async () => {
    await updateSiteSetting('demo', 'perPage', 2);
    await updateSiteSetting('demo', 'maxDepth', 2);
    const first = await buildComment(demo.site(), { pageId: '/demo', author: 'First', content: 'One.' });
    const answer = await buildComment(demo.site(), {
      parent: first,
      author: 'Answer',
      content: 'Deepest allowed.',
      byModerator: true,
    });
    await buildComment(demo.site(), { pageId: '/demo', author: 'Second', content: 'Two.' });
    await buildComment(demo.site(), { pageId: '/demo', author: 'Third', content: 'Three.' });
    const context = await demo.browser().newContext();
    const page = await context.newPage();
    await page.goto(`${demo.parley().baseUrl}/demo`);
    await page.getByRole('heading', { name: '4 Comments' }).waitFor();
    const authors = () => page.locator('.comment-list > li > article .fn').allInnerTexts();

    expect(await authors()).toEqual(['First', 'Second']);
    expect(await page.getByText('Page 1 of 2').count()).toBe(1);
    expect(await page.locator(`#comment-${first.id} > article .comment-reply-link`).count()).toBe(1);
    expect(await page.locator(`#comment-${answer.id} .comment-reply-link`).count()).toBe(0);
    expect(await page.locator(`#comment-${answer.id} .parley-badge`).textContent()).toBe('Moderator');
    expect(await page.locator(`#comment-${first.id} > article .parley-badge`).count()).toBe(0);
    await page.getByRole('button', { name: 'Newer Comments »' }).click();
    await page.getByText('Page 2 of 2').waitFor();
    expect(await authors()).toEqual(['Third']);

    await page.getByRole('combobox', { name: 'Sort by' }).selectOption('newest');
    await page.locator('.comment-list > li .fn', { hasText: 'Second' }).waitFor();
    expect(await authors()).toEqual(['Third', 'Second']);

    const replyButton = page.getByRole('button', { name: 'Reply to Third' });
    await replyButton.click();
    await page.getByRole('heading', { name: 'Leave a Reply to Third' }).waitFor();
    await page.getByRole('button', { name: 'Cancel reply' }).click();
    await page.getByRole('heading', { name: 'Leave a Reply', exact: true }).waitFor();
    expect(await page.locator('.comment-list form').count()).toBe(0);
    expect(await replyButton.evaluate((button) => button === document.activeElement)).toBe(true);
    expect(await page.locator('input[name="comment_parent"]').inputValue()).toBe('0');
    await context.close();
  });

  it('rings focus in blue, not the red accent, clearly on white and on a comment awaiting moderation', async () => {
    const context = await demo.browser().newContext();
    const page = await context.newPage();
    await page.goto(`${demo.parley().baseUrl}/demo`);
    await page.getByRole('textbox', { name: 'Comment *' }).fill('Where does focus go?');
    await page.getByRole('textbox', { name: 'Name *' }).fill('Seo-yeon');
    await page.getByRole('textbox', { name: 'Email *' }).fill('seoyeon@example.org');
    await page.getByRole('button', { name: 'Post Comment' }).click();
    const permalink = page.locator('.parley-pending .comment-metadata a');
    await permalink.waitFor();

    // Reached with the keyboard, as :focus-visible asks.
    await page.getByRole('combobox', { name: 'Sort by' }).focus();
    await page.keyboard.press('Tab');
    const onPending = await focusRing(page);
    expect(onPending.element).toBe('A');
    expect(onPending.background).toBe('rgb(252, 249, 232)');
    await page.getByRole('textbox', { name: 'Comment *' }).focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    const onWhite = await focusRing(page);
    expect(onWhite.element).toBe('TEXTAREA');
    expect(onWhite.background).toBe('rgb(255, 255, 255)');

    const withoutScript = await demo.browser().newContext({ javaScriptEnabled: false });
    const plainPage = await withoutScript.newPage();
    await plainPage.goto(`${demo.parley().baseUrl}/demo`);
    await plainPage.getByRole('textbox', { name: 'Comment *' }).focus();
    const onPlainForm = await focusRing(plainPage);
    expect(onPlainForm.element).toBe('TEXTAREA');

    const accent = await page
      .locator('.parley .submit')
      .evaluate((button) => getComputedStyle(button).backgroundColor);
    expect(accent).toBe('rgb(181, 18, 27)');
    for (const ring of [onPending, onWhite, onPlainForm]) {
      expect(ring.outline).toBe('rgb(34, 113, 177) solid 2px');
      expect(ring.color).not.toBe(accent);
      expect(contrast(ring.color, ring.background)).toBeGreaterThanOrEqual(4.5);
    }
    await withoutScript.close();
    await context.close();
  });
});

/** The focused element's outline and the background it is drawn on. */
function focusRing(page: Page) {
  return page.evaluate(() => {
    const focused = document.activeElement as HTMLElement;
    if (!focused.matches(':focus-visible')) throw new Error(`${focused.tagName} is not :focus-visible`);
    const style = getComputedStyle(focused);
    // The ring sits outside the element (outline-offset), on its nearest painted ancestor.
    let behind = focused.parentElement;
    while (behind && getComputedStyle(behind).backgroundColor === 'rgba(0, 0, 0, 0)') {
      behind = behind.parentElement;
    }
    return {
      element: focused.tagName,
      outline: `${style.outlineColor} ${style.outlineStyle} ${style.outlineWidth}`,
      color: style.outlineColor,
      background: behind ? getComputedStyle(behind).backgroundColor : 'rgb(255, 255, 255)',
    };
  });
}

/** WCAG's contrast ratio of two rgb() colours. */
function contrast(a: string, b: string): number {
  const luminance = (color: string) => {
    const [r = 0, g = 0, bl = 0] = (color.match(/\d+/g) ?? []).map((part) => {
      const c = Number(part) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}
