// The words and formats the dashboard shows: statuses, spam-check results, dates, and the
// editable text of a stored comment.
import type { Card } from '../../shared/moderationCard';
import type { CommentStatus, SpamCheckOutcome } from '../../shared/statuses';
import type { StatusAction } from '../../shared/transitions';

export const STATUS_LABELS: Record<CommentStatus, string> = {
  pending: 'Pending',
  approved: 'Approved',
  spam: 'Spam',
  trash: 'Trash',
};

export const ACTION_LABELS: Record<StatusAction, string> = {
  approve: 'Approve',
  spam: 'Spam',
  trash: 'Trash',
  restore: 'Restore',
};

/** Past tense, for announcing what happened. */
export const ACTION_DONE: Record<StatusAction | 'delete', string> = {
  approve: 'Approved',
  spam: 'Marked as spam',
  trash: 'Moved to the trash',
  restore: 'Restored to pending',
  delete: 'Deleted',
};

export const OUTCOME_LABELS: Record<SpamCheckOutcome, string> = {
  ham: 'not spam',
  spam: 'spam',
  unavailable: 'could not be reached',
  invalid_key: 'refused the API key',
  // Why is in the attempt's detail: no key, or a moderator decided first.
  skipped: 'not asked',
};

const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDate(iso: string): string {
  return DATE.format(new Date(iso));
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** How often Akismet was asked, for a caption: a skipped attempt asked nobody. */
export function askedText(asked: number): string {
  if (asked === 0) return 'Akismet was not asked';
  return `Akismet was asked ${asked === 1 ? 'once' : `${asked} times`}`;
}

/** One line on the spam check: Akismet's verdict, or why there is none yet, and how many tries. */
export function spamCheckSummary(card: Pick<Card, 'spamCheck' | 'byModerator'>): string {
  const check = card.spamCheck;
  if (!check)
    return card.byModerator ? 'Written by a moderator: no spam check.' : 'Akismet: no check recorded.';
  const tries = plural(check.attemptCount, 'attempt');
  const last = check.lastAttempt;
  if (last?.outcome === 'skipped') {
    // Skipping ends a check, so only the tries before it (Akismet unreachable) asked anyone.
    const failed = check.attemptCount - 1;
    const after = failed > 0 ? `, after ${plural(failed, 'failed attempt')}` : '';
    return `Akismet: not asked (${last.detail ?? 'no reason recorded'})${after}.`;
  }
  if (check.state === 'due') {
    if (!last) return 'Akismet: queued, not checked yet.';
    return `Akismet ${OUTCOME_LABELS[last.outcome]} (${tries}); trying again${check.dueAt ? ` ${formatDate(check.dueAt)}` : ''}.`;
  }
  if (!last) return `Akismet: check finished (${tries}).`;
  return `Akismet: ${OUTCOME_LABELS[last.outcome]} (${tries}).`;
}

/**
 * The text a moderator edits: the stored HTML with the paragraphs and line breaks the
 * server added turned back into blank lines and newlines. Saving it sanitises it again,
 * to the same HTML.
 */
export function editableText(html: string): string {
  const template = document.createElement('template');
  template.innerHTML = html;
  const blocks: string[] = [];
  for (const node of Array.from(template.content.childNodes)) {
    if (node instanceof HTMLParagraphElement) {
      blocks.push(node.innerHTML.replace(/<br>\n?/g, '\n'));
    } else if (node instanceof Element) {
      blocks.push(node.outerHTML);
    } else if (node.textContent?.trim()) {
      const text = document.createElement('span');
      text.textContent = node.textContent.trim();
      blocks.push(text.innerHTML);
    }
  }
  return blocks.join('\n\n');
}
