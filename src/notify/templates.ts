// The two notification emails, as subject, plain text and HTML. They name commenters only
// by the name they gave: never an email address.
import type { Comment, Reason } from '../comments/store/comment.types';
import type { Page } from '../pages/page.model';
import type { Site } from '../sites/site.model';
import { clip, commentToText, escapeHtml, htmlFrame, QUOTE_STYLE, quote } from './emailText';

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

function pageLabel(comment: Comment, page: Page | undefined): string {
  return page?.title ?? comment.pageId;
}

function authorName(comment: Comment): string {
  return comment.author.trim() || 'Anonymous';
}

export function moderatorEmail(input: {
  site: Site;
  comment: Comment;
  page?: Page;
  pageUrl: string;
  dashboardUrl: string;
  /** Links that open a confirmation page for each action (src/moderation/emailLinks). */
  actionUrls: { approve: string; spam: string; trash: string };
}): EmailContent {
  const { site, comment, page, pageUrl, dashboardUrl, actionUrls } = input;
  const reasons: Reason[] =
    comment.reasons.length > 0 ? comment.reasons : [{ code: 'none', message: 'No reason was recorded.' }];
  const where = pageLabel(comment, page);
  const author = authorName(comment);
  const subject = `[${site.name}] A comment by ${clip(author, 60)} waits for moderation`;
  const text = [
    `A new comment on "${where}" waits for moderation.`,
    '',
    `Author: ${author}${comment.authorUrl ? ` (${comment.authorUrl})` : ''}`,
    `Page: ${pageUrl}`,
    `Posted: ${comment.createdAt.toISOString()}`,
    comment.parentId ? 'It is a reply to another comment.' : undefined,
    '',
    quote(commentToText(comment.content)),
    '',
    'Why it waits:',
    ...reasons.map((reason) => `- ${reason.message}`),
    '',
    `Approve it: ${actionUrls.approve}`,
    `Mark it as spam: ${actionUrls.spam}`,
    `Move it to the trash: ${actionUrls.trash}`,
    '(Each link opens a page with a button; the links work once, for 7 days.)',
    '',
    `Moderate it in the dashboard: ${dashboardUrl}`,
  ]
    .filter((line) => line !== undefined)
    .join('\n');
  const html = htmlFrame(
    subject,
    `<p>A new comment on <a href="${escapeHtml(pageUrl)}">${escapeHtml(where)}</a> waits for moderation.</p>
<p><strong>${escapeHtml(author)}</strong>${comment.authorUrl ? ` (${escapeHtml(comment.authorUrl)})` : ''} wrote${comment.parentId ? ', in reply to another comment' : ''}:</p>
<blockquote style="${QUOTE_STYLE}">${comment.content}</blockquote>
<p>Why it waits:</p>
<ul>${reasons.map((reason) => `<li>${escapeHtml(reason.message)}</li>`).join('')}</ul>
<p><a href="${escapeHtml(actionUrls.approve)}">Approve</a> | <a href="${escapeHtml(actionUrls.spam)}">Spam</a> | <a href="${escapeHtml(actionUrls.trash)}">Trash</a> | <a href="${escapeHtml(dashboardUrl)}">Open in the dashboard</a></p>
<p style="font-size: small; color: #555;">Each link opens a page with a button; the links work once, for 7 days.</p>`,
  );
  return { subject, text, html };
}

export function replyEmail(input: {
  site: Site;
  parent: Comment;
  reply: Comment;
  page?: Page;
  replyUrl: string;
  unsubscribeUrl: string;
}): EmailContent {
  const { site, parent, reply, page, replyUrl, unsubscribeUrl } = input;
  const where = pageLabel(parent, page);
  const replier = authorName(reply);
  const subject = `${clip(replier, 60)} replied to your comment on ${site.name}`;
  const parentText = clip(commentToText(parent.content), 500);
  const text = [
    `Hello ${authorName(parent)},`,
    '',
    `${replier} replied to your comment on "${where}":`,
    '',
    quote(commentToText(reply.content)),
    '',
    'Your comment:',
    quote(parentText),
    '',
    `Read the conversation: ${replyUrl}`,
    '',
    '--',
    'You get this email because you asked to be told about replies to your comment.',
    `Stop these emails: ${unsubscribeUrl}`,
  ].join('\n');
  const html = htmlFrame(
    subject,
    `<p>Hello ${escapeHtml(authorName(parent))},</p>
<p><strong>${escapeHtml(replier)}</strong> replied to your comment on <a href="${escapeHtml(replyUrl)}">${escapeHtml(where)}</a>:</p>
<blockquote style="${QUOTE_STYLE}">${reply.content}</blockquote>
<p>Your comment:</p>
<blockquote style="${QUOTE_STYLE}">${escapeHtml(parentText).replace(/\n/g, '<br>')}</blockquote>
<p><a href="${escapeHtml(replyUrl)}">Read the conversation</a></p>
<hr>
<p style="font-size: small; color: #555;">You get this email because you asked to be told about replies to your comment.
<a href="${escapeHtml(unsubscribeUrl)}">Stop these emails</a>.</p>`,
  );
  return { subject, text, html };
}
