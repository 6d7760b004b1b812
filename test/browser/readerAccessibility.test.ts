// A reader's accessibility on /demo, in Chromium. axe-core (test/browser/axe.ts) on every state
// a reader meets: an empty thread, a threaded one, the form showing errors, the reader's own
// comment awaiting moderation, the live "N new comments" button and an open Report form, in the
// light and the dark theme, each with 0 WCAG 2.1 A/AA violations; the dark theme taken from the
// host page; and what Chromium's accessibility tree, the one screen readers read, says.
import type { Page } from 'playwright-core';
import { changeCommentStatus } from '../../src/comments/store/changes';
import { ensureDemoSite } from '../../src/sites/site.model';
import { useTestDatabase } from '../helpers/db';
import { buildComment } from '../helpers/factories';
import { waitFor } from '../helpers/process';
import { axeViolations } from './axe';
import { startParley, useDemoInBrowser } from './harness';

jest.setTimeout(120_000);
useTestDatabase();

const demo = useDemoInBrowser();

const SCHEMES = ['light', 'dark'] as const;

async function openDemo(colorScheme: (typeof SCHEMES)[number]): Promise<Page> {
  const context = await demo.browser().newContext({ bypassCSP: true, colorScheme });
  const page = await context.newPage();
  await page.goto(`${demo.parley().baseUrl}/demo`);
  await page.locator('#parley .comments-title:not(:empty)').waitFor();
  // The checks below mean something in the dark theme only if the page is dark.
  expect(await fieldBackground(page)).toBe(FIELD_BACKGROUND[colorScheme]);
  return page;
}

const FIELD_BACKGROUND = { light: 'rgb(255, 255, 255)', dark: 'rgb(44, 51, 56)' };

function fieldBackground(page: Page): Promise<string> {
  return page
    .locator('#parley textarea[name="comment"]')
    .evaluate((field) => getComputedStyle(field).backgroundColor);
}

describe.each(SCHEMES)('/demo in the %s theme has no WCAG 2.1 A/AA violations', (scheme) => {
  it('with an empty thread', async () => {
    const page = await openDemo(scheme);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('with a threaded thread', async () => {
    const first = await buildComment(demo.site(), { pageId: '/demo', author: 'Min-jun' });
    const reply = await buildComment(demo.site(), { parent: first, author: 'Soo-ah' });
    await buildComment(demo.site(), { parent: reply, author: 'Ji-woo' });
    await buildComment(demo.site(), { pageId: '/demo', author: 'Ha-eun' });
    const page = await openDemo(scheme);
    await page.locator('.children .children .comment').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('with the form showing errors', async () => {
    const page = await openDemo(scheme);
    await page.getByRole('button', { name: 'Post Comment' }).click();
    await page.locator('.parley-field-error').first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('textbox', { name: 'Comment *' }).fill('   ');
    await page.getByRole('textbox', { name: 'Name *' }).fill('  ');
    await page.getByRole('textbox', { name: 'Email *' }).fill('reader@example.org');
    await page.getByRole('button', { name: 'Post Comment' }).click();
    await page.getByRole('status').getByText('Some fields need attention.').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('with the reader’s own comment awaiting moderation, and being edited', async () => {
    await buildComment(demo.site(), { pageId: '/demo', author: 'Min-jun' });
    demo.parley().clock.advance(60_000);
    const page = await openDemo(scheme);
    // The browser's clock at the server's, so the comment is within its edit window.
    await page.clock.setFixedTime(demo.parley().clock.now());
    await page.getByRole('textbox', { name: 'Comment *' }).fill('Mine, for now.');
    await page.getByRole('textbox', { name: 'Name *' }).fill('Soo-ah');
    await page.getByRole('textbox', { name: 'Email *' }).fill('sooah@example.org');
    await page.getByRole('button', { name: 'Post Comment' }).click();
    const mine = page.locator('.parley-pending');
    await mine.getByText('Your comment is awaiting moderation.').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    // And with the reader editing it.
    await mine.getByRole('button', { name: 'Edit' }).click();
    await mine.getByRole('textbox', { name: 'Comment' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('with the live “new comments” button and an open Report form', async () => {
    await buildComment(demo.site(), { pageId: '/demo', author: 'Min-jun' });
    const later = await buildComment(demo.site(), { pageId: '/demo', author: 'Soo-ah', status: 'pending' });
    const page = await openDemo(scheme);
    await waitFor('the live stream', () => (demo.parley().live.count.streams > 0 ? true : undefined), 5000);
    await changeCommentStatus(later.id, 'pending', 'approved', new Date());
    await page.getByRole('button', { name: '1 new comment' }).waitFor({ timeout: 5000 });
    await page.getByRole('button', { name: 'Report: Min-jun' }).click();
    await page.getByRole('radio', { name: 'Spam' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });
});

describe('the embed’s colour scheme', () => {
  // A site's own dark theme, switched by an attribute on <html> as many themes do, or a dark
  // band of a page in the other scheme. The page's colours are set, so that axe sees them.
  const host = (attributes: string, htmlAttributes = '') => `<!doctype html>
<html lang="en"${htmlAttributes}><head><title>A host page</title>
<style>body { background: Canvas; color: CanvasText; }
[data-theme="dark"] body, main:has(> [data-theme="dark"]) { background: #101517; color: #f0f0f1; }
main:has(> [data-theme="light"]) { background: #fff; color: #1d2327; }</style>
</head><body><main>
<div id="parley" data-site="demo" data-page-id="/demo"${attributes}></div>
<script src="/embed.js" async></script></main></body></html>`;

  it('follows the page’s color-scheme or data-theme, not the system setting alone', async () => {
    const hosts = await startParley({
      '/plain': host(''),
      '/dark-section': host(' data-theme="dark"'),
      '/dark-page': host('', ' data-theme="dark"'),
      '/light-section': host(' data-theme="light"', ' data-theme="dark"'),
      '/follows-system': host('').replace('<head>', '<head><meta name="color-scheme" content="light dark">'),
    });
    try {
      await ensureDemoSite(hosts.baseUrl, hosts.clock.now());
      const on = async (path: string, scheme: 'light' | 'dark') => {
        const context = await demo.browser().newContext({ colorScheme: scheme, bypassCSP: true });
        const page = await context.newPage();
        await page.goto(`${hosts.baseUrl}${path}`);
        await page.locator('#parley .comments-title:not(:empty)').waitFor();
        const background = await fieldBackground(page);
        expect({ path, scheme, violations: await axeViolations(page) }).toEqual({
          path,
          scheme,
          violations: [],
        });
        await context.close();
        return background;
      };
      const { light, dark } = FIELD_BACKGROUND;
      // A page that says nothing of dark colours stays light on a dark system.
      expect(await on('/plain', 'dark')).toBe(light);
      expect(await on('/follows-system', 'dark')).toBe(dark);
      expect(await on('/follows-system', 'light')).toBe(light);
      expect(await on('/dark-section', 'light')).toBe(dark);
      expect(await on('/dark-page', 'light')).toBe(dark);
      // The section's own attribute wins over the page's.
      expect(await on('/light-section', 'dark')).toBe(light);
    } finally {
      await hosts.close();
    }
  });
});

/** What Chromium's accessibility tree (the one screen readers are given) says of an element. */
async function axNode(page: Page, selector: string) {
  const cdp = await page.context().newCDPSession(page);
  const { result } = await cdp.send('Runtime.evaluate', {
    expression: `document.querySelector(${JSON.stringify(selector)})`,
  });
  if (!result.objectId) throw new Error(`no element matches ${selector}`);
  const { nodes } = await cdp.send('Accessibility.getPartialAXTree', {
    objectId: result.objectId,
    fetchRelatives: false,
  });
  await cdp.detach();
  const node = nodes[0];
  const property = (name: string) => node?.properties?.find((each) => each.name === name)?.value.value;
  return {
    role: node?.role?.value,
    name: node?.name?.value,
    description: node?.description?.value,
    level: property('level'),
    live: property('live'),
    invalid: property('invalid'),
  };
}

describe('what a screen reader is given on /demo', () => {
  it('reads the thread as a list of lists, each reply list named, with its nesting level', async () => {
    const first = await buildComment(demo.site(), { pageId: '/demo', author: 'Min-jun' });
    const reply = await buildComment(demo.site(), { parent: first, author: 'Soo-ah' });
    const deepest = await buildComment(demo.site(), { parent: reply, author: 'Ji-woo' });
    const page = await openDemo('light');
    await page.locator(`#comment-${deepest.id}`).waitFor();
    expect(await page.locator('.comment-list').ariaSnapshot()).toMatch(
      new RegExp(
        [
          '^- list "3 Comments":',
          '  - listitem:',
          '    - article:[\\s\\S]*',
          '    - list "Replies to Min-jun":',
          '      - listitem:',
          '        - article:[\\s\\S]*',
          '        - list "Replies to Soo-ah":',
          '          - listitem:',
          '            - article:',
        ].join('\\n'),
      ),
    );
    const levels = [];
    for (const comment of [first, reply, deepest]) levels.push(await axNode(page, `#comment-${comment.id}`));
    expect(levels.map(({ role, level }) => [role, level])).toEqual([
      ['listitem', 1],
      ['listitem', 2],
      ['listitem', 3],
    ]);
    await page.context().close();
  });

  it('ties each error to its field and says what happens in a polite live region', async () => {
    await buildComment(demo.site(), { pageId: '/demo', author: 'Min-jun' });
    demo.parley().clock.advance(60_000);
    const page = await openDemo('light');
    const status = '#parley [role="status"]';
    expect(await axNode(page, status)).toMatchObject({ role: 'status', live: 'polite' });

    await page.getByRole('textbox', { name: 'Comment *' }).fill('Mine, for now.');
    await page.getByRole('button', { name: 'Post Comment' }).click();
    expect(await axNode(page, '#parley [name="author"]')).toMatchObject({
      name: 'Name *',
      invalid: 'true',
      description: 'Please fill in this field.',
    });
    expect(await axNode(page, '#parley [name="email"]')).toMatchObject({
      invalid: 'true',
      description: 'Your email address will not be published. Please fill in this field.',
    });
    expect(await axNode(page, '#parley [name="comment"]')).toMatchObject({ invalid: 'false' });
    expect(await page.locator(status).textContent()).toBe('Some fields need attention.');

    await page.getByRole('textbox', { name: 'Name *' }).fill('Soo-ah');
    await page.getByRole('textbox', { name: 'Email *' }).fill('sooah@example.org');
    await page.getByRole('button', { name: 'Post Comment' }).click();
    await page.locator(status, { hasText: 'Thank you! Your comment is awaiting moderation.' }).waitFor();
    expect(await axNode(page, status)).toMatchObject({ role: 'status', live: 'polite' });
    expect(await axNode(page, '#parley [name="author"]')).toMatchObject({
      invalid: 'false',
      description: undefined,
    });
    // The pending comment itself says so, where it sits in the thread.
    expect(await page.locator('.parley-pending').ariaSnapshot()).toContain(
      'Your comment is awaiting moderation.',
    );
    await page.context().close();
  });

  it('announces new live comments politely', async () => {
    await buildComment(demo.site(), { pageId: '/demo', author: 'Min-jun' });
    const later = await buildComment(demo.site(), { pageId: '/demo', author: 'Soo-ah', status: 'pending' });
    const page = await openDemo('light');
    await waitFor('the live stream', () => (demo.parley().live.count.streams > 0 ? true : undefined), 5000);
    expect(await axNode(page, '.parley-live')).toMatchObject({ live: 'polite' });
    await changeCommentStatus(later.id, 'pending', 'approved', new Date());
    await page.getByRole('button', { name: '1 new comment' }).waitFor({ timeout: 5000 });
    expect(await page.locator('.parley-live').ariaSnapshot()).toBe('- button "1 new comment"');
    await page.context().close();
  });
});
