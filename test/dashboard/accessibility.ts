// Reading /moderate as assistive technology does, for the dashboard's accessibility tests:
// where the focus is and whether it is drawn, Chromium's accessibility tree, motion, reflow.
import type { Page } from 'playwright-core';
import { newAuditId } from '../../src/audit/audit.model';
import type { Comment } from '../../src/comments/store/comment.types';
import { storeReport } from '../../src/reports/report.model';

/** A reader's report of `comment`, as the report endpoint stores it. */
export async function report(comment: Comment, reader: string, at: Date): Promise<void> {
  await storeReport({
    id: `${comment.id}:${reader}`,
    site: comment.site,
    commentId: comment.id,
    reason: 'abuse',
    note: 'Insults everyone.',
    at,
    auditId: newAuditId(),
  });
}

export interface Focus {
  /** What has the focus: its tag and its label or text, roughly as a screen reader names it. */
  name: string;
  isLost: boolean;
  isVisible: boolean;
}

export function focusOf(page: Page): Promise<Focus> {
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
export async function expectFocusShown(page: Page, step: string): Promise<string> {
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
export async function tabTo(page: Page, target: RegExp, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
  for (let stop = 0; stop < 80; stop += 1) {
    await page.keyboard.press(key);
    if (target.test(await expectFocusShown(page, `${key} towards ${target}`))) return;
  }
  throw new Error(`${key} never reached ${target}`);
}

export interface AxNode {
  role: string;
  name: string;
  description: string;
  properties: Record<string, unknown>;
}

/** Chromium's own accessibility tree, what a screen reader is given: the unignored nodes. */
export async function accessibilityTree(page: Page): Promise<AxNode[]> {
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

export async function axNode(page: Page, role: string, name: string | RegExp): Promise<AxNode> {
  const matches = (await accessibilityTree(page)).filter(
    (node) => node.role === role && (typeof name === 'string' ? node.name === name : name.test(node.name)),
  );
  expect({ role, name: String(name), found: matches.length }).toEqual({ role, name: String(name), found: 1 });
  return matches[0] as AxNode;
}

/** Every element's transitions and animations that would run: none under reduced motion. */
export function motion(page: Page): Promise<string[]> {
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
export function overflow(page: Page): Promise<{ sideways: number; outside: string[] }> {
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
