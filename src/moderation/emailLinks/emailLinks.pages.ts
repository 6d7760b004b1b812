// The pages behind a moderation link: the confirmation (a button that POSTs, so mail
// scanners that open every link change nothing), the result, and the refusals.
import { escapeHtml } from '../../comments/formResponse';
import type { AppError } from '../../errors';
import { htmlPage } from '../../http/htmlPage';
import { clip, commentToText } from '../../notify/emailText';
import type { EmailLinkTarget } from './emailLinks.service';
import type { EmailLinkAction } from './token';

const QUESTION: Record<EmailLinkAction, string> = {
  approve: 'Approve this comment?',
  spam: 'Mark this comment as spam?',
  trash: 'Move this comment to the trash?',
};
const BUTTON: Record<EmailLinkAction, string> = {
  approve: 'Approve',
  spam: 'Mark as spam',
  trash: 'Move to trash',
};
const DONE: Record<EmailLinkAction, string> = {
  approve: 'Approved: it is public now.',
  spam: 'Marked as spam: it is hidden, and Akismet learns from it.',
  trash: 'Moved to the trash: it is hidden.',
};

function dashboardLink(commentId: string): string {
  return `<p><a href="/moderate#comment-${escapeHtml(commentId)}">Open it in the dashboard</a></p>`;
}

function describe(target: EmailLinkTarget): string {
  const { comment, site } = target;
  const author = comment.author.trim() || 'Anonymous';
  const excerpt = clip(commentToText(comment.content), 400);
  return `<p>On ${escapeHtml(site?.name ?? comment.site)}, <strong>${escapeHtml(author)}</strong> wrote:</p>
<blockquote>${escapeHtml(excerpt)}</blockquote>
<p>It is <strong>${comment.status}</strong> now.</p>`;
}

export function renderEmailLinkConfirm(target: EmailLinkTarget, token: string): string {
  const { action } = target.link;
  if (!target.canAct) {
    return htmlPage(
      `Nothing to do: the comment is ${target.comment.status}`,
      `${describe(target)}${dashboardLink(target.comment.id)}`,
    );
  }
  return htmlPage(
    QUESTION[action],
    `${describe(target)}
<form method="post" action="email-action">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<button type="submit">${BUTTON[action]}</button>
</form>
<p>The links in the email work once, for 7 days.</p>
${dashboardLink(target.comment.id)}`,
  );
}

export function renderEmailLinkDone(target: EmailLinkTarget): string {
  return htmlPage(DONE[target.link.action], `${describe(target)}${dashboardLink(target.comment.id)}`);
}

export function renderEmailLinkError(error: AppError): string {
  return htmlPage(
    'This link cannot be used',
    `<p>${escapeHtml(error.message)}</p>
<p>The comment can still be moderated from the <a href="/moderate">dashboard</a>.</p>`,
  );
}
