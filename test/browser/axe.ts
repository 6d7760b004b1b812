// axe-core in the browser tests: WCAG 2.1 A and AA checks of whatever state a page is in.
// The page's context must be opened with `bypassCSP: true`: Parley's Content-Security-Policy
// rightly refuses the injected script, and the check is about the page, not the policy.
import axe from 'axe-core';
import type { Page } from 'playwright-core';

export const WCAG_21_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AxeFinding {
  rule: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe on the page as it is now and returns its violations, one per rule, with the
 * selectors of the offending nodes, so a failing expectation reads as a to-do list.
 */
export async function axeViolations(
  page: Page,
  options: { disableRules?: string[] } = {},
): Promise<AxeFinding[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.addScriptTag({ content: axe.source });
  const rules = Object.fromEntries((options.disableRules ?? []).map((id) => [id, { enabled: false }]));
  const results = await page.evaluate(
    ([tags, ruleSettings]) =>
      (window as unknown as { axe: typeof axe }).axe.run(document, {
        runOnly: { type: 'tag', values: tags as string[] },
        rules: ruleSettings as Record<string, { enabled: boolean }>,
        resultTypes: ['violations'],
      }),
    [WCAG_21_AA_TAGS, rules] as const,
  );
  return results.violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact ?? null,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(' ')),
  }));
}
