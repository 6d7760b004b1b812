// One comment and its replies, in WordPress's markup (li.comment > article.comment-body,
// replies in ol.children), so themes written for WordPress comments mostly just work.
import { isPlaceholder, type PublicComment, type ThreadNode } from '../../shared/publicComment';
import { h } from './dom';
import { avatar } from './identicon';
import { fill, type Strings } from './locale';

export interface ThreadView {
  strings: Strings;
  formatDate: (iso: string) => string;
  maxDepth: number;
  onReply: (comment: PublicComment, item: HTMLLIElement, button: HTMLButtonElement) => void;
  /** Adds the Report action to an approved comment (report.ts). */
  onApproved?: (comment: PublicComment, body: HTMLElement) => void;
  /** Adds the reader's own actions to a comment's body (authorActions.ts). */
  decorate?: (comment: PublicComment, body: HTMLElement) => void;
}

/**
 * Replies under a comment or a placeholder, in WordPress's ol.children: a list in the list, so
 * screen readers say its nesting level, and named after the comment ("Replies to Min-jun").
 */
function appendReplies(item: HTMLLIElement, node: ThreadNode, view: ThreadView, name?: string) {
  const replies = node.replies ?? [];
  if (replies.length > 0) {
    item.classList.add('parent');
    const label: Record<string, string> = name ? { 'aria-label': fill(view.strings.repliesTo, name) } : {};
    item.append(
      h('ol', { class: 'children', ...label }, ...replies.map((reply) => renderComment(reply, view))),
    );
  }
  return item;
}

function isWebAddress(url: string | null): url is string {
  return url !== null && /^https?:\/\//i.test(url);
}

export function authorName(comment: PublicComment, strings: Strings): string {
  return comment.author.name || strings.anonymous;
}

export function renderComment(comment: ThreadNode, view: ThreadView): HTMLLIElement {
  const t = view.strings;
  if (isPlaceholder(comment)) {
    // A deleted (or held) comment keeps its place for its replies, with nothing of its own.
    const text = h('p', { class: 'parley-gone' }, comment.held ? t.held : t.deleted);
    const li = h('li', { id: `comment-${comment.id}`, class: `comment depth-${comment.depth + 1}` }, text);
    return appendReplies(li, comment, view);
  }
  const name = authorName(comment, t);
  const isPending = comment.status === 'pending';
  const nameNode = isWebAddress(comment.author.url)
    ? h('a', { href: comment.author.url, rel: 'external nofollow ugc', class: 'url' }, name)
    : name;
  const content = h('div', { class: 'comment-content' });
  // Sanitised by the server to WordPress's comment tags, with safe link schemes only.
  content.innerHTML = comment.content;
  const body = h(
    'article',
    { id: `div-comment-${comment.id}`, class: 'comment-body' },
    h(
      'footer',
      { class: 'comment-meta' },
      h(
        'div',
        { class: 'comment-author vcard' },
        avatar(comment.author.avatar),
        ' ',
        h('b', { class: 'fn' }, nameNode),
        ' ',
        ...(comment.byModerator ? [h('span', { class: 'parley-badge' }, t.moderator), ' '] : []),
        h('span', { class: 'says' }, t.says),
      ),
      h(
        'div',
        { class: 'comment-metadata' },
        h(
          'a',
          { href: `#comment-${comment.id}` },
          h('time', { datetime: comment.createdAt }, view.formatDate(comment.createdAt)),
        ),
        ...(comment.editedAt ? [' ', h('span', { class: 'parley-edited' }, t.edited)] : []),
      ),
      ...(isPending ? [h('em', { class: 'comment-awaiting-moderation' }, t.awaiting)] : []),
    ),
    content,
  );
  const item = h(
    'li',
    {
      id: `comment-${comment.id}`,
      class: `comment depth-${comment.depth + 1}${isPending ? ' parley-pending' : ''}${comment.byModerator ? ' parley-moderator' : ''}`,
    },
    body,
  );
  // Replies go only to published comments, and no deeper than the site allows.
  if (!isPending && comment.depth + 1 < view.maxDepth) {
    const button = h(
      'button',
      { type: 'button', class: 'comment-reply-link', 'aria-label': fill(t.replyTo, name) },
      t.reply,
    );
    button.addEventListener('click', () => view.onReply(comment, item, button));
    body.append(h('div', { class: 'reply' }, button));
  }
  if (!isPending) view.onApproved?.(comment, body);
  view.decorate?.(comment, body);
  return appendReplies(item, comment, view, name);
}

/** How many of these comments and their replies are the reader's own, awaiting moderation. */
export function countPending(comments: ThreadNode[]): number {
  return comments.reduce(
    (count, comment) =>
      count +
      (!isPlaceholder(comment) && comment.status === 'pending' ? 1 : 0) +
      countPending(comment.replies ?? []),
    0,
  );
}
