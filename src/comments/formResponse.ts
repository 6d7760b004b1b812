// Answers for classic form posts (no JavaScript): a redirect back to the article, or a
// small page that lists what went wrong with a link back. Redirects only ever go to the
// site's own origins.
import type { AppError } from '../errors';
import { FAVICON_LINK } from '../http/favicon';
import { MODERATION_HASH_PARAM, UNAPPROVED_PARAM } from '../shared/heldComment';
import type { Site } from '../sites/site.model';

const LABELS: Record<string, string> = {
  content: 'Comment',
  author: 'Name',
  email: 'Email',
  url: 'Website',
  pageId: 'Page',
  pageUrl: 'Page address',
  parentId: 'Reply',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function isOnSite(site: Site, url: unknown): url is string {
  if (typeof url !== 'string') return false;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
    return site.allowedOrigins.includes(parsed.origin) || new URL(site.url).origin === parsed.origin;
  } catch {
    return false;
  }
}

/** Where a reader goes back to: the article if we know it and it is on the site, else the site. */
export function returnUrl(site: Site, ...candidates: unknown[]): string {
  return (candidates.find((candidate) => isOnSite(site, candidate)) as string | undefined) ?? site.url;
}

export function commentAnchorUrl(pageUrl: string, commentId: string): string {
  const url = new URL(pageUrl);
  url.hash = `comment-${commentId}`;
  return url.toString();
}

/**
 * Where a plain form post returns the reader to, as WordPress does:
 * PAGE?unapproved=ID&moderation-hash=HASH#comment-ID, so the embed can show them their comment
 * while it awaits moderation (src/comments/moderationHash.ts says what the hash is).
 */
export function heldCommentUrl(pageUrl: string, commentId: string, hash: string): string {
  const url = new URL(commentAnchorUrl(pageUrl, commentId));
  url.searchParams.set(UNAPPROVED_PARAM, commentId);
  url.searchParams.set(MODERATION_HASH_PARAM, hash);
  return url.toString();
}

export function renderFormError(error: AppError, backUrl: string | undefined): string {
  const fieldItems = Object.entries(error.fields ?? {})
    .map(
      ([name, message]) =>
        `<li><strong>${escapeHtml(LABELS[name] ?? name)}:</strong> ${escapeHtml(message)}</li>`,
    )
    .join('');
  const back = backUrl
    ? `<p><a href="${escapeHtml(backUrl)}">&laquo; Back</a></p>`
    : '<p>Use your browser’s Back button to return to the article.</p>';
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Comment not posted</title>${FAVICON_LINK}</head>
<body>
<main>
<h1>Your comment was not posted</h1>
<p>${escapeHtml(error.message)}</p>
${fieldItems ? `<ul>${fieldItems}</ul>` : ''}
${back}
</main>
</body>
</html>
`;
}
