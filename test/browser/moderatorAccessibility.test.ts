// The moderator dashboard at /moderate for moderators who rely on assistive technology or the
// keyboard (issue 14): axe-core finds no WCAG 2.1 A/AA violation in any state a moderator
// meets, and each state is checked in both colour schemes.
import type { Page } from 'playwright-core';
import { newAuditId } from '../../src/audit/audit.model';
import type { Comment } from '../../src/comments/store/comment.types';
import { storeReport } from '../../src/reports/report.model';
import { ensureDemoSite, findSite, type Site } from '../../src/sites/site.model';
import { buildUser, PASSWORD } from '../auth/helpers';
import {
  cardOf,
  expectCounts,
  focusedCardId,
  saveScreenshot,
  storedStatus,
  tab,
  useDashboardBrowser,
} from '../dashboard/browser';
import { useTestDatabase } from '../helpers/db';
import { buildComment } from '../helpers/factories';
import { type AxeFinding, axeViolations } from './axe';

jest.setTimeout(180_000);
useTestDatabase();
const dashboard = useDashboardBrowser();
let site: Site;

beforeEach(async () => {
  const parley = dashboard.parley();
  await ensureDemoSite(parley.baseUrl, parley.clock.now());
  site = (await findSite('demo')) as Site;
});

async function report(comment: Comment, reader: string): Promise<void> {
  await storeReport({
    id: `${comment.id}:${reader}`,
    site: comment.site,
    commentId: comment.id,
    reason: 'abuse',
    note: 'Insults everyone.',
    at: dashboard.parley().clock.now(),
    auditId: newAuditId(),
  });
}

/** Violations of the page as it is, labelled with the state, so a failure says where. */
async function check(page: Page, state: string, found: Record<string, AxeFinding[]>): Promise<void> {
  const violations = await axeViolations(page);
  if (violations.length > 0) found[state] = violations;
}

describe.each(['light', 'dark'] as const)('/moderate in the %s colour scheme', (colorScheme) => {
  it('has no WCAG 2.1 A/AA violation at login, with a queue, a card open, a form open, the lists, the Reported tab and after logging out', async () => {
    const found: Record<string, AxeFinding[]> = {};
    const parley = dashboard.parley();
    const held = await buildComment(site, {
      pageId: '/demo',
      author: 'Soo-ah',
      content: 'GSOMIA mattered more than trade.',
      status: 'pending',
    });
    await buildComment(site, { pageId: '/demo', author: 'Min-jun', parent: held, status: 'pending' });
    const rude = await buildComment(site, {
      pageId: '/demo',
      author: 'Troll',
      content: 'You are all fools.',
    });
    await report(rude, 'reader-a');
    const admin = await buildUser({ role: 'admin' });

    const page = await dashboard.newPage({ bypassCSP: true, colorScheme });
    await page.goto(`${parley.baseUrl}/moderate`);
    await page.getByRole('textbox', { name: 'Email' }).waitFor();
    await check(page, 'login', found);
    await page.getByRole('textbox', { name: 'Email' }).fill(admin.email);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByLabel('Password').press('Enter');
    await page.locator('.login-message:not(:empty)').waitFor();
    await check(page, 'login error', found);
    await page.getByRole('textbox', { name: 'Email' }).fill('not an email');
    await page.getByLabel('Password').fill('x');
    await page.getByLabel('Password').press('Enter');
    await page.waitForTimeout(300);
    await check(page, 'login field error', found);

    const logged = await dashboard.openDashboard(admin, '/moderate', { bypassCSP: true, colorScheme });
    await expectCounts(logged, { Pending: 2, Reported: 1 });
    // The theme asked for is the one drawn (the page's grey, or the dark theme's near-black).
    expect(await logged.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
      colorScheme === 'dark' ? 'rgb(16, 21, 23)' : 'rgb(240, 240, 241)',
    );
    await check(logged, 'queue', found);
    const card = cardOf(logged, held);
    await logged.keyboard.press('j');
    await card.getByRole('button', { name: 'Details of comment by Soo-ah' }).click();
    await card.locator('.details').waitFor();
    await check(logged, 'details', found);
    await saveScreenshot(logged, `dashboard-details-${colorScheme}.png`);
    await card.getByRole('button', { name: 'Edit comment by Soo-ah' }).click();
    await card.getByRole('textbox', { name: 'Edit the comment' }).fill('   ');
    await card.getByRole('button', { name: 'Save' }).click();
    await card.locator('.field-error:not(:empty)').waitFor();
    await check(logged, 'edit error', found);
    await card.getByRole('button', { name: 'Delete comment by Soo-ah' }).click();
    await card.getByRole('button', { name: 'Delete permanently' }).waitFor();
    await check(logged, 'delete confirmation', found);
    await logged.locator('summary', { hasText: 'Signed as' }).click();
    await check(logged, 'display name', found);
    await logged.keyboard.press('Escape');
    await logged.keyboard.press('x');
    await logged.getByText('1 selected').waitFor();
    await check(logged, 'bulk selection', found);
    await logged.getByRole('button', { name: 'Block and trust lists' }).click();
    await logged.locator('.list-section').first().waitFor();
    await check(logged, 'lists', found);
    await logged.locator('.list-block').getByRole('button', { name: 'Block' }).click();
    await check(logged, 'lists error', found);
    await logged.getByRole('button', { name: 'Block and trust lists' }).click();
    await tab(logged, 'Reported').click();
    await cardOf(logged, rude).waitFor();
    await check(logged, 'reported', found);
    await tab(logged, 'Spam').click();
    await logged.getByText('No comments in Spam.').waitFor();
    await check(logged, 'empty queue', found);
    await tab(logged, 'Approved').click();
    const approved = cardOf(logged, rude);
    await approved.getByRole('button', { name: 'Reply to comment by Troll' }).click();
    await approved.getByRole('textbox', { name: /Reply to Troll as a moderator/ }).fill('   ');
    await approved.getByRole('button', { name: 'Publish reply' }).click();
    await approved.locator('.field-error:not(:empty)').waitFor();
    await check(logged, 'reply error', found);
    await logged.getByRole('button', { name: 'Log out' }).click();
    await logged.getByText('You are logged out.').waitFor();
    await check(logged, 'logged out', found);

    expect(found).toEqual({});
  });
});

interface Focus {
  /** What has the focus, as a screen reader would name it. */
  name: string;
  isLost: boolean;
  isVisible: boolean;
}

function focusOf(page: Page): Promise<Focus> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return { name: 'body', isLost: true, isVisible: false };
    const style = getComputedStyle(element);
    // A transparent outline draws nothing (it is there for forced colours, which give it one).
    const isTransparent = style.outlineColor === 'transparent' || /, 0\)$/.test(style.outlineColor);
    const hasOutline =
      style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0 && !isTransparent;
    const label = element.getAttribute('aria-label') ?? element.textContent ?? '';
    return {
      name: `${element.tagName.toLowerCase()} ${label.trim().replace(/\s+/g, ' ').slice(0, 60)}`.trim(),
      isLost: false,
      isVisible: hasOutline || style.boxShadow !== 'none',
    };
  });
}

/** The focus after `step`: somewhere (not the body) and drawn; returns its name. */
async function expectFocusShown(page: Page, step: string): Promise<string> {
  const focus = await focusOf(page);
  const where = `${step}, on ${focus.name}`;
  expect({ where, isLost: focus.isLost, isVisible: focus.isVisible }).toEqual({
    where,
    isLost: false,
    isVisible: true,
  });
  return focus.name;
}

/** Presses Tab (or Shift+Tab) until the focus is on `target`, checking every stop on the way. */
async function tabTo(page: Page, target: RegExp, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
  for (let stop = 0; stop < 80; stop += 1) {
    await page.keyboard.press(key);
    if (target.test(await expectFocusShown(page, `${key} towards ${target}`))) return;
  }
  throw new Error(`${key} never reached ${target}`);
}

describe('a moderator who uses only the keyboard', () => {
  it('logs in past an error, works the queue with shortcuts, opens details and dialogs, and acts in bulk', async () => {
    const parley = dashboard.parley();
    const pending = (author: string) =>
      buildComment(site, { pageId: '/demo', author, content: `Held words of ${author}.`, status: 'pending' });
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
    await page.keyboard.press('a');
    await cardOf(page, fifth).waitFor({ state: 'detached' });
    await page.getByText('No comments are waiting for you.').waitFor();
    expect(await expectFocusShown(page, 'queue emptied')).toBe('h2 Pending comments');
  });

  it('works the Reported tab and the block list without losing the focus', async () => {
    const [rude, ruder] = [
      await buildComment(site, { pageId: '/demo', author: 'Troll', content: 'You are all fools.' }),
      await buildComment(site, { pageId: '/demo', author: 'Ogre', content: 'Fools, all of you.' }),
    ];
    await report(rude, 'reader-a');
    await report(ruder, 'reader-b');
    // (openDashboard waits for the queue, which shows only with something in it.)
    await buildComment(site, { pageId: '/demo', status: 'pending' });
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

interface AxNode {
  role: string;
  name: string;
  description: string;
  properties: Record<string, unknown>;
}

/** Chromium's own accessibility tree, what a screen reader is given: the unignored nodes. */
async function accessibilityTree(page: Page): Promise<AxNode[]> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  return nodes
    .filter((node) => !node.ignored)
    .map((node) => ({
      role: String(node.role?.value ?? ''),
      name: String(node.name?.value ?? ''),
      description: String(node.description?.value ?? ''),
      properties: Object.fromEntries((node.properties ?? []).map((p) => [p.name, p.value.value])),
    }));
}

async function axNode(page: Page, role: string, name: string | RegExp): Promise<AxNode> {
  const matches = (await accessibilityTree(page)).filter(
    (node) => node.role === role && (typeof name === 'string' ? node.name === name : name.test(node.name)),
  );
  expect({ role, name: String(name), found: matches.length }).toEqual({ role, name: String(name), found: 1 });
  return matches[0] as AxNode;
}

describe('what a screen reader is told on /moderate', () => {
  it('ties each field error to its field, and announces results in a polite live region', async () => {
    const parley = dashboard.parley();
    const held = await buildComment(site, {
      pageId: '/demo',
      author: 'Soo-ah',
      content: 'GSOMIA mattered more than trade.',
      status: 'pending',
    });
    const newest = await buildComment(site, { pageId: '/demo', author: 'Min-jun', status: 'pending' });
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

/** Every element's transitions and animations that would run: none under reduced motion. */
function motion(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('*')).flatMap((element) => {
      const style = getComputedStyle(element);
      const moves = [style.transitionDuration, style.animationDuration].some((durations) =>
        durations.split(',').some((duration) => Number.parseFloat(duration) > 0),
      );
      return moves && (style.transitionProperty !== 'none' || style.animationName !== 'none')
        ? [`${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}`]
        : [];
    }),
  );
}

/** How far the page scrolls sideways, and the card controls that stick out of the viewport. */
function overflow(page: Page): Promise<{ sideways: number; outside: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const outside = Array.from(
      document.querySelectorAll<HTMLElement>('button:not([hidden]), input, select, summary, a'),
    )
      .filter((control) => control.checkVisibility())
      .filter((control) => {
        const box = control.getBoundingClientRect();
        return box.left < 0 || box.right > width + 0.5;
      })
      .map((control) => control.getAttribute('aria-label') ?? control.textContent ?? control.id);
    return { sideways: document.documentElement.scrollWidth - width, outside };
  });
}

describe('/moderate and the moderator’s preferences', () => {
  it('runs no transition or animation when the system asks for reduced motion', async () => {
    await buildComment(site, { pageId: '/demo', author: 'Soo-ah', status: 'pending' });
    const moderator = await buildUser({ sites: ['demo'] });
    const page = await dashboard.openDashboard(moderator);
    await page.keyboard.press('j');
    await page.keyboard.press('a');
    await page.locator('#parley-announcer.is-shown').waitFor();
    // Without the preference the notice fades, so the check below looks at something real.
    expect(await motion(page)).toContain('div#parley-announcer');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    expect(await motion(page)).toEqual([]);
  });

  it('shows the focus in forced colours (Windows High Contrast), which drop box shadows', async () => {
    await buildComment(site, { pageId: '/demo', author: 'Soo-ah', status: 'pending' });
    const page = await dashboard.openDashboard(await buildUser({ sites: ['demo'] }));
    await page.emulateMedia({ forcedColors: 'active' });
    await page.keyboard.press('j');
    await expectFocusShown(page, 'card selected');
    // Through the card's controls, the bulk bar, the filters and the tabs to the top bar.
    await tabTo(page, /^button Details of comment by Soo-ah$/);
    await tabTo(page, /^button Log out$/, 'Shift+Tab');
  });

  it.each([
    // A 320-px-wide phone (WCAG 1.4.10's reflow width).
    { view: '320 px wide', viewport: { width: 320, height: 640 }, deviceScaleFactor: 1 },
    // Browser zoom at 200% halves the CSS pixels a window has: a 1280×900 window lays out as
    // 640×450 CSS px drawn at two device pixels each, which is what this context emulates.
    { view: 'zoomed to 200%', viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 },
  ])(
    'stays usable $view: no sideways scrolling, every control on screen, a card acted on',
    async ({ view, viewport, deviceScaleFactor }) => {
      const rude = await buildComment(site, {
        pageId: '/demo',
        author: 'Troll',
        content: 'You are all fools.',
      });
      await report(rude, 'reader-a');
      const held = await buildComment(site, {
        pageId: '/demo',
        author: 'Soo-ah',
        email: 'a.rather.long.address.for.a.narrow.screen@example.org',
        content:
          'GSOMIA mattered more than trade, and https://example.org/a/very/long/address/without/breaks',
        status: 'pending',
      });
      const admin = await buildUser({ role: 'admin' });
      const options = { viewport, deviceScaleFactor, bypassCSP: true };
      const slug = view.replace(/\W+/g, '-');

      const login = await dashboard.newPage(options);
      await login.goto(`${dashboard.parley().baseUrl}/moderate`);
      await login.getByRole('textbox', { name: 'Email' }).waitFor();
      expect(await overflow(login)).toEqual({ sideways: 0, outside: [] });

      const page = await dashboard.openDashboard(admin, '/moderate', options);
      const card = cardOf(page, held);
      await card.getByRole('button', { name: 'Details of comment by Soo-ah' }).click();
      await card.locator('.details').waitFor();
      expect(await overflow(page)).toEqual({ sideways: 0, outside: [] });
      expect(await axeViolations(page)).toEqual([]);
      await saveScreenshot(page, `dashboard-${slug}.png`);

      // The lists view with a row in its table.
      await card.getByRole('button', { name: 'Block IP of the comment by Soo-ah' }).click();
      await page.locator('#parley-announcer', { hasText: 'Blocked the IP address of Soo-ah.' }).waitFor();
      await page.getByRole('button', { name: 'Block and trust lists' }).click();
      await page.locator('.list-table').first().waitFor();
      expect(await overflow(page)).toEqual({ sideways: 0, outside: [] });
      // Stacked or not, it is still a table to a screen reader.
      const roles = new Set((await accessibilityTree(page)).map((node) => node.role));
      expect(['table', 'row', 'columnheader', 'cell'].filter((role) => !roles.has(role))).toEqual([]);
      await saveScreenshot(page, `dashboard-lists-${slug}.png`);
      await page.getByRole('button', { name: 'Block and trust lists' }).click();

      await tab(page, 'Reported').click();
      await cardOf(page, rude).waitFor();
      expect(await overflow(page)).toEqual({ sideways: 0, outside: [] });
      await tab(page, 'Pending').click();

      await card.getByRole('button', { name: 'Approve comment by Soo-ah' }).click();
      await card.waitFor({ state: 'detached' });
      expect(await storedStatus(held.id)).toBe('approved');
    },
  );
});
