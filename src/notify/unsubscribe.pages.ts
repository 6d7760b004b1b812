// The small HTML pages behind an unsubscribe link. The link itself only shows a button:
// link scanners that open every URL in an email must not unsubscribe anyone.
import type { AppError } from '../errors';
import { htmlPage as page } from '../http/htmlPage';
import { clip, commentToText, escapeHtml } from './emailText';
import type { UnsubscribeScope, UnsubscribeTarget } from './unsubscribe';

function siteName(target: UnsubscribeTarget): string {
  return target.site?.name ?? 'this site';
}

function button(token: string, scope: UnsubscribeScope, label: string): string {
  return `<form method="post" action="unsubscribe">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<input type="hidden" name="scope" value="${scope}">
<button type="submit">${escapeHtml(label)}</button>
</form>`;
}

export function renderUnsubscribeConfirm(target: UnsubscribeTarget, token: string): string {
  const excerpt = clip(commentToText(target.comment.content), 200);
  const status = target.comment.notifyReplies
    ? `<p>You get an email when someone replies to your comment on ${escapeHtml(siteName(target))}:</p>`
    : `<p>You no longer get emails about replies to your comment on ${escapeHtml(siteName(target))}:</p>`;
  return page(
    'Stop reply emails',
    `${status}
<blockquote>${escapeHtml(excerpt)}</blockquote>
${button(token, 'comment', 'Stop emails about replies to this comment')}
<p>or</p>
${button(token, 'site', `Stop emails about replies to all my comments on ${siteName(target)}`)}`,
  );
}

export function renderUnsubscribeDone(target: UnsubscribeTarget, scope: UnsubscribeScope): string {
  const what =
    scope === 'site'
      ? `replies to any of your comments on ${siteName(target)}`
      : `replies to your comment on ${siteName(target)}`;
  return page(
    'You are unsubscribed',
    `<p>You will no longer get emails about ${escapeHtml(what)}.</p>
<p>To get them again, tick “Notify me of replies” when you next comment.</p>`,
  );
}

export function renderUnsubscribeError(error: AppError): string {
  return page('Unsubscribe', `<p>${escapeHtml(error.message)}</p>`);
}
