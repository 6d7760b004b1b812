// A comment's details, loaded on demand: every spam-check attempt, the request it came
// with, and what moderators did to it.
import type { CommentDetail } from '../../shared/moderationCard';
import type { CommentStatus } from '../../shared/statuses';
import { h } from './dom';
import { askedText, formatDate, OUTCOME_LABELS, STATUS_LABELS } from './text';

const VERDICT_LABELS: Record<string, string> = {
  pending: 'held for a moderator',
  approved: 'approved',
  spam: 'marked as spam',
};

function row(term: string, value: string | null): Node[] {
  return [h('dt', {}, term), h('dd', {}, value ?? '—')];
}

function renderAttempts(check: NonNullable<CommentDetail['spamCheck']>): HTMLElement {
  if (check.attempts.length === 0) {
    return h(
      'p',
      {},
      check.state === 'due' ? 'Queued; Akismet has not been asked yet.' : 'No attempts recorded.',
    );
  }
  const body = h('tbody');
  for (const attempt of check.attempts) {
    body.append(
      h(
        'tr',
        {},
        h('td', {}, formatDate(attempt.at)),
        h('td', {}, OUTCOME_LABELS[attempt.outcome]),
        h('td', {}, attempt.verdict ? (VERDICT_LABELS[attempt.verdict] ?? attempt.verdict) : '—'),
        h('td', {}, `${attempt.durationMs} ms`),
        h('td', {}, attempt.detail ?? ''),
      ),
    );
  }
  return h(
    'table',
    { class: 'attempts' },
    h('caption', {}, askedText(check.attempts.filter((attempt) => attempt.outcome !== 'skipped').length)),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['When', 'Akismet said', 'Decision', 'Took', 'Detail'].map((title) =>
          h('th', { scope: 'col' }, title),
        ),
      ),
    ),
    body,
  );
}

function statusText(status: CommentStatus | null): string {
  return status ? STATUS_LABELS[status] : '—';
}

export function renderDetails(detail: CommentDetail): HTMLElement {
  const { comment, spamCheck, audit } = detail;
  const history = h('ol', { class: 'audit' });
  for (const entry of audit) {
    history.append(
      h(
        'li',
        {},
        `${formatDate(entry.at)}: ${entry.action} (${statusText(entry.from)} → ${statusText(entry.to)})`,
      ),
    );
  }
  return h(
    'div',
    { class: 'details' },
    h(
      'dl',
      {},
      ...row('Browser', comment.userAgent),
      ...row('Came from', comment.referrer),
      ...row('Replies', String(comment.replyCount)),
      ...row('Wants reply emails', comment.notifyReplies ? 'yes' : 'no'),
    ),
    h('h4', {}, 'Spam check'),
    spamCheck ? renderAttempts(spamCheck) : h('p', {}, 'This comment was not sent to Akismet.'),
    h('h4', {}, 'History'),
    audit.length > 0 ? history : h('p', {}, 'No moderator has acted on it yet.'),
  );
}
