// The reader's preferences on /demo, in Chromium: reduced motion, a 320-px-wide screen and 200%
// zoom. Screenshots of both sizes go to test-artifacts/.
import type { BrowserContextOptions, Page } from 'playwright-core';
import type { Comment } from '../../src/comments/store/comment.types';
import { useTestDatabase } from '../helpers/db';
import { buildComment } from '../helpers/factories';
import { saveScreenshot, useDemoInBrowser } from './harness';

jest.setTimeout(120_000);
useTestDatabase();

const demo = useDemoInBrowser();

/** A thread as deep as the demo site allows, with a long unbroken word at the bottom. */
async function buildDeepThread(): Promise<Comment[]> {
  const thread = [await buildComment(demo.site(), { pageId: '/demo', author: 'Min-jun' })];
  for (const author of ['Soo-ah', 'Ji-woo', 'Ha-eun', 'Do-yun']) {
    const parent = thread[thread.length - 1] as Comment;
    thread.push(
      await buildComment(demo.site(), {
        parent,
        author,
        content: `<p>Semiconductorexportcontrolsandintelligencesharing ${author}</p>`,
      }),
    );
  }
  demo.parley().clock.advance(60_000);
  return thread;
}

async function openDemo(options: BrowserContextOptions, lastId: string): Promise<Page> {
  const page = await (await demo.browser().newContext(options)).newPage();
  await page.goto(`${demo.parley().baseUrl}/demo`);
  await page.locator(`#comment-${lastId}`).waitFor();
  return page;
}

/** Nothing sticks out sideways: the page scrolls only down, and every control fits. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => {
    const root = document.scrollingElement as Element;
    const width = root.clientWidth;
    const outside = Array.from(
      document.querySelectorAll<HTMLElement>(
        '#parley input:not([type="hidden"]), #parley textarea, #parley button, #parley select',
      ),
    )
      .filter((control) => control.offsetParent !== null)
      .filter((control) => {
        const box = control.getBoundingClientRect();
        return box.left < 0 || box.right > width + 0.5;
      })
      .map((control) => control.outerHTML.slice(0, 80));
    const wide = Array.from(document.querySelectorAll<HTMLElement>('body *'))
      .filter((e) => e.getBoundingClientRect().right > width + 0.5)
      .map((e) => `${e.tagName}.${e.className} ${e.getBoundingClientRect().right}`)
      .slice(0, 8);
    return { scrollWidth: root.scrollWidth, width, outside, wide };
  });
  expect(overflow.outside).toEqual([]);
  expect([overflow.scrollWidth, overflow.wide]).toEqual([overflow.width, []]);
}

describe.each([
  // WCAG's reflow case: 320 CSS px, a 1280-px window at 400%.
  ['a 320-px-wide screen', { viewport: { width: 320, height: 640 } }, 'demo-320px.png'],
  // A 1280×720 window zoomed to 200% lays out 640×360 CSS px, each 2 device pixels wide: the
  // same layout as browser zoom, and the screenshot shows it at the zoomed pixel size.
  ['200% zoom', { viewport: { width: 640, height: 360 }, deviceScaleFactor: 2 }, 'demo-zoom-200.png'],
] as const)('on %s', (_name, options, screenshot) => {
  it('reads a deep thread and replies at its bottom without scrolling sideways', async () => {
    const thread = await buildDeepThread();
    const deepest = thread[thread.length - 2] as Comment;
    const page = await openDemo(options, (thread[thread.length - 1] as Comment).id);
    await expectNoSidewaysScroll(page);

    await page.getByRole('button', { name: `Reply to ${deepest.author}` }).click();
    const form = page.locator(`#comment-${deepest.id} form`);
    await form.getByRole('textbox', { name: 'Comment *' }).fill('Read on a small screen.');
    await form.getByRole('textbox', { name: 'Name *' }).fill('Seo-yeon');
    await form.getByRole('textbox', { name: 'Email *' }).fill('seoyeon@example.org');
    await expectNoSidewaysScroll(page);
    await saveScreenshot(page, screenshot);
    await form.getByRole('button', { name: 'Post Comment' }).click();
    await page
      .locator(`#comment-${deepest.id} .children .parley-pending`, { hasText: 'Read on a small screen.' })
      .waitFor();
    await expectNoSidewaysScroll(page);
    await page.context().close();
  });
});

describe('reduced motion', () => {
  // A site theme that animates the comment section, as some do.
  const THEME = `.parley button, .parley .comment { transition: color 0.3s, background 0.3s; }
.parley .comment { animation: parley-theme-fade 0.5s; }
@keyframes parley-theme-fade { from { opacity: 0; } }`;

  /** Each element of the page that moves: a transition or an animation longer than zero. */
  function moving(page: Page): Promise<string[]> {
    return page.evaluate(() =>
      Array.from(document.querySelectorAll('*'))
        .filter((element) => {
          const style = getComputedStyle(element);
          const lasts = (durations: string) =>
            durations.split(',').some((each) => Number.parseFloat(each) > 0);
          return (
            lasts(style.transitionDuration) ||
            (style.animationName !== 'none' && lasts(style.animationDuration))
          );
        })
        .map((element) => `${element.tagName.toLowerCase()}.${element.className}`),
    );
  }

  it('stills the comment section, whatever the site’s theme animates', async () => {
    const thread = await buildDeepThread();
    const last = (thread[thread.length - 1] as Comment).id;
    for (const reducedMotion of ['no-preference', 'reduce'] as const) {
      const page = await openDemo({ reducedMotion, bypassCSP: true }, last);
      await page.addStyleTag({ content: THEME });
      const moves = await moving(page);
      if (reducedMotion === 'reduce') expect(moves).toEqual([]);
      // Without the preference the theme's motion is there: the check above can see it.
      else
        expect(moves).toEqual(
          expect.arrayContaining(['button.comment-reply-link', 'li.comment depth-1 parent']),
        );
      await page.context().close();
    }
  });
});
