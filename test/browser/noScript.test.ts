// A reader without JavaScript: the plain form, styled like the embed's, posts; the answer
// sends them back the way WordPress does (?unapproved=ID&moderation-hash=HASH#comment-ID);
// with JavaScript on, that address shows them their comment awaiting moderation, and nobody
// else sees it.
import type { Page } from 'playwright-core';
import { CommentModel } from '../../src/comments/store/comment.model';
import { commentFormHtml } from '../../src/embed/client/formMarkup';
import { stringsFor } from '../../src/embed/client/locale';
import { updateSiteSetting } from '../../src/sites/site.model';
import { useTestDatabase } from '../helpers/db';
import { buildComment } from '../helpers/factories';
import { saveScreenshot, useDemoInBrowser } from './harness';

jest.setTimeout(90_000);
useTestDatabase();

const PLAIN_PAGE_ID = '/plain-article';
// An article with no canonical link and no data-page-url: the embed takes its own address.
const PLAIN_ARTICLE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>A plain article</title></head>
<body>
<h1>A plain article</h1>
<div id="parley" data-site="demo">
${commentFormHtml({
  action: '/api/v1/sites/demo/comments',
  pageId: PLAIN_PAGE_ID,
  idPrefix: '',
  strings: stringsFor('en'),
  withCookieConsent: false,
})}
</div>
<script src="/embed.js" async></script>
</body>
</html>`;

const demo = useDemoInBrowser({ pages: { [PLAIN_PAGE_ID]: PLAIN_ARTICLE } });

beforeEach(async () => {
  demo.parley().clock.advance(60_000);
});

async function newPage(options: { javaScriptEnabled: boolean }): Promise<Page> {
  const context = await demo.browser().newContext({ ...options, viewport: { width: 1000, height: 800 } });
  context.setDefaultTimeout(15_000);
  return context.newPage();
}

/** Fills and posts the form as a reader would; with JavaScript off the browser follows the 303. */
async function postForm(page: Page, comment: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Comment *' }).fill(comment);
  await page.getByRole('textbox', { name: 'Name *' }).fill('Do-yun');
  await page.getByRole('textbox', { name: 'Email *' }).fill('doyun@example.org');
  await page.getByRole('button', { name: 'Post Comment' }).click();
}

/** What the form looks like: the computed styles a reader sees. */
function formLook(page: Page) {
  return page.evaluate(() => {
    const look = (selector: string, properties: string[]) => {
      const element = document.querySelector(`#parley ${selector}`);
      if (!element) throw new Error(`no ${selector}`);
      const style = getComputedStyle(element);
      return Object.fromEntries(properties.map((name) => [name, style.getPropertyValue(name)]));
    };
    return {
      title: look('.comment-reply-title', ['font-size', 'font-weight', 'margin-top']),
      label: look('.comment-form-comment label', ['display', 'font-weight']),
      textarea: look('textarea', [
        'border-top-color',
        'border-radius',
        'padding-left',
        'width',
        'font-family',
      ]),
      submit: look('.submit', ['background-color', 'color', 'border-radius', 'padding-left', 'font-weight']),
    };
  });
}

/** True when the element's top is on screen (to within a pixel's rounding): the page went to it. */
function isScrolledTo(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((element) => {
    const top = element.getBoundingClientRect().top;
    return top > -1 && top < window.innerHeight;
  });
}

describe('a reader without JavaScript', () => {
  it('posts the styled plain form and, back with JavaScript, sees their comment awaiting moderation', async () => {
    const noScript = await newPage({ javaScriptEnabled: false });
    await noScript.goto(`${demo.parley().baseUrl}/demo`);
    await noScript.getByRole('heading', { name: 'Leave a Reply' }).waitFor();
    expect(await noScript.locator('input[name="homepage"]').isVisible()).toBe(false);
    const plainLook = await formLook(noScript);
    // Styled by the embed's stylesheet: the demo's accent on the button, full-width fields.
    expect(plainLook.submit['background-color']).toBe('rgb(181, 18, 27)');
    expect(plainLook.label.display).toBe('block');
    await saveScreenshot(noScript, 'demo-without-javascript.png');

    const scripted = await newPage({ javaScriptEnabled: true });
    await scripted.goto(`${demo.parley().baseUrl}/demo`);
    await scripted.getByRole('heading', { name: 'No Comments' }).waitFor();
    expect(await formLook(scripted)).toEqual(plainLook);
    await scripted.context().close();

    await postForm(noScript, 'Posted with scripts turned off.');
    await noScript.waitForURL(/unapproved=/);
    const stored = await CommentModel.findOne().lean();
    const id = stored?._id.toHexString() as string;
    expect(stored).toMatchObject({
      site: 'demo',
      pageId: '/demo',
      author: 'Do-yun',
      status: 'pending',
      content: '<p>Posted with scripts turned off.</p>',
    });
    const back = new URL(noScript.url());
    expect(`${back.origin}${back.pathname}`).toBe(`${demo.parley().baseUrl}/demo`);
    expect([...back.searchParams.keys()]).toEqual(['unapproved', 'moderation-hash']);
    expect(back.searchParams.get('unapproved')).toBe(id);
    expect(back.searchParams.get('moderation-hash')).toMatch(/^[0-9a-f]{32}$/);
    expect(back.hash).toBe(`#comment-${id}`);
    await noScript.getByRole('heading', { name: /South Korea Withdraws/ }).waitFor();
    await noScript.context().close();

    // The same address with JavaScript on: their comment, marked, counted, and scrolled to.
    const reader = await newPage({ javaScriptEnabled: true });
    await reader.goto(back.href);
    const mine = reader.locator(`.comment-list > li#comment-${id}.parley-pending`);
    await mine.getByText('Your comment is awaiting moderation.').waitFor();
    expect(await mine.locator('.comment-content').textContent()).toBe('Posted with scripts turned off.');
    await reader.getByRole('heading', { name: '1 Comment', exact: true }).waitFor();
    expect(await reader.getByRole('heading', { name: 'No Comments' }).count()).toBe(0);
    expect(await isScrolledTo(reader, `#comment-${id}`)).toBe(true);
    await saveScreenshot(reader, 'demo-back-from-plain-form.png');
    await reader.context().close();

    // Anyone else, with or without a tampered hash, sees the public thread only.
    const tampered = new URL(back.href);
    tampered.searchParams.set('moderation-hash', 'f'.repeat(32));
    for (const address of [`${demo.parley().baseUrl}/demo`, tampered.href]) {
      const stranger = await newPage({ javaScriptEnabled: true });
      await stranger.goto(address);
      await stranger.getByRole('heading', { name: 'No Comments' }).waitFor();
      expect(await stranger.locator('.parley-pending').count()).toBe(0);
      expect(await stranger.getByText('awaiting moderation').count()).toBe(0);
      await stranger.context().close();
    }
  });

  it('comes back to a page without a canonical link, on the page of the thread that shows the comment', async () => {
    await updateSiteSetting('demo', 'perPage', 1);
    await buildComment(demo.site(), { pageId: PLAIN_PAGE_ID, author: 'First', content: 'On page one.' });
    await buildComment(demo.site(), { pageId: PLAIN_PAGE_ID, author: 'Second', content: 'On page two.' });
    const noScript = await newPage({ javaScriptEnabled: false });
    await noScript.goto(`${demo.parley().baseUrl}${PLAIN_PAGE_ID}?edition=asia`);
    await postForm(noScript, 'Back without a canonical link.');
    // No pageUrl in the form: back to where the form was (the Referer), its own query kept.
    await noScript.waitForURL(/unapproved=/);
    const back = new URL(noScript.url());
    expect(back.pathname).toBe(PLAIN_PAGE_ID);
    expect([...back.searchParams.keys()]).toEqual(['edition', 'unapproved', 'moderation-hash']);
    const id = back.searchParams.get('unapproved') as string;
    await noScript.context().close();

    const reader = await newPage({ javaScriptEnabled: true });
    await reader.goto(back.href);
    // The thread opens on its last page, where a new top-level comment shows.
    await reader.locator(`#comment-${id}.parley-pending`).getByText('awaiting moderation').waitFor();
    await reader.getByText('Page 2 of 2').waitFor();
    await reader.getByRole('heading', { name: '3 Comments' }).waitFor();

    // A comment posted from here names the page without the return address's parameters.
    demo.parley().clock.advance(60_000);
    const posted = reader.waitForRequest((request) => request.method() === 'POST');
    await postForm(reader, 'And one more, with scripts.');
    expect((await posted).postDataJSON()).toMatchObject({
      pageId: PLAIN_PAGE_ID,
      pageUrl: `${demo.parley().baseUrl}${PLAIN_PAGE_ID}?edition=asia`,
    });
    await reader.locator('.parley-pending', { hasText: 'And one more, with scripts.' }).waitFor();
    await reader.context().close();
  });
});
