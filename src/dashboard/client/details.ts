// A comment's details, loaded on demand: every spam-check attempt, the request it came
// with, its earlier texts, and what moderators did to it.
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

/** The texts edits replaced, oldest first, each with when it was written and replaced. */
function renderVersions(versions: CommentDetail['history']): HTMLElement {
  const list = h('ol', { class: 'versions' });
  for (const version of versions) {
    const text = h('blockquote');
    // Sanitised by the server when it was stored, as the card's content is.
    text.innerHTML = version.content;
    const by = version.by === 'author' ? 'its author' : 'a moderator';
    list.append(
      h(
        'li',
        {},
        `${formatDate(version.writtenAt)}, replaced by ${by} ${formatDate(version.replacedAt)}:`,
        text,
      ),
    );
  }
  return list;
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
      ...(comment.editedAt ? row('Edited by its author', formatDate(comment.editedAt)) : []),
    ),
    ...(detail.history.length > 0 ? [h('h4', {}, 'Earlier versions'), renderVersions(detail.history)] : []),
    h('h4', {}, 'Spam check'),
    spamCheck ? renderAttempts(spamCheck) : h('p', {}, 'This comment was not sent to Akismet.'),
    h('h4', {}, 'History'),
    audit.length > 0 ? history : h('p', {}, 'No moderator has acted on it yet.'),
  );
}
