// The "Leave a Reply" form as HTML, with WordPress's field names and texts. The embed
// renders it, and the demo page serves the very same markup as the no-JavaScript fallback,
// so the form posts to the public endpoint with or without the script.
import { fill, type Strings } from './locale';

export interface FormMarkupOptions {
  /** The public endpoint: https://PARLEY/api/v1/sites/SITE/comments */
  action: string;
  pageId: string;
  pageUrl?: string;
  pageTitle?: string;
  /** Prefixes every id, so several forms can live on one page. */
  idPrefix: string;
  strings: Strings;
  /** The "save my name" box needs the script; a plain form leaves it out. */
  withCookieConsent: boolean;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const REQUIRED = ' <span class="required">*</span>';

function field(id: string, label: string, control: string, isRequired: boolean): string {
  return `<label for="${id}">${escapeHtml(label)}${isRequired ? REQUIRED : ''}</label> ${control}`;
}

function hidden(name: string, value: string | undefined): string {
  return value ? `<input type="hidden" name="${name}" value="${escapeHtml(value)}">` : '';
}

export function commentFormHtml(options: FormMarkupOptions): string {
  const { strings: t, idPrefix: p } = options;
  const input = (name: string, type: string, max: number, autocomplete: string, extra = '') =>
    `<input id="${p}${name}" name="${name}" type="${type}" size="30" maxlength="${max}" autocomplete="${autocomplete}"${extra}>`;
  const consent = options.withCookieConsent
    ? `<p class="comment-form-cookies-consent"><input id="${p}consent" name="wp-comment-cookies-consent" type="checkbox" value="yes"> <label for="${p}consent">${escapeHtml(t.cookies)}</label></p>`
    : '';
  return `<div id="${p}respond" class="comment-respond">
<h3 id="${p}reply-title" class="comment-reply-title">${escapeHtml(t.leaveReply)}</h3>
<form action="${escapeHtml(options.action)}" method="post" id="${p}commentform" class="comment-form">
<p class="comment-notes"><span id="${p}email-notes">${escapeHtml(t.emailNotes)}</span> <span class="required-field-message">${fill(escapeHtml(t.requiredNotes), '<span class="required">*</span>')}</span></p>
<p class="comment-form-comment">${field(`${p}comment`, t.comment, `<textarea id="${p}comment" name="comment" cols="45" rows="8" maxlength="65525" required></textarea>`, true)}</p>
<p class="comment-form-author">${field(`${p}author`, t.name, input('author', 'text', 245, 'name', ' required'), true)}</p>
<p class="comment-form-email">${field(`${p}email`, t.email, input('email', 'email', 100, 'email', ` required aria-describedby="${p}email-notes"`), true)}</p>
<p class="comment-form-url">${field(`${p}url`, t.website, input('url', 'url', 200, 'url'), false)}</p>
${consent}
<p class="comment-form-homepage" hidden><label for="${p}homepage">${escapeHtml(t.honeypot)}</label> <input id="${p}homepage" name="homepage" type="text" tabindex="-1" autocomplete="off"></p>
<p class="form-submit"><input name="submit" type="submit" id="${p}submit" class="submit" value="${escapeHtml(t.post)}">
${hidden('comment_post_ID', options.pageId)}${hidden('pageUrl', options.pageUrl)}${hidden('pageTitle', options.pageTitle)}<input type="hidden" name="comment_parent" id="${p}comment_parent" value="0"></p>
</form>
</div>`;
}
