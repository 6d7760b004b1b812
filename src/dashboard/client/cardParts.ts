// The read-only parts of a comment card: who wrote it and from where, the page and the
// comment it answers, and why it was held. Everything a commenter wrote goes in as text.
import type { Card } from '../../shared/moderationCard';
import type { CommentStatus } from '../../shared/statuses';
import { button, h } from './dom';
import { formatDate, STATUS_LABELS } from './text';

/** Only web addresses become links; anything else a reader sent is shown as text. */
function webUrl(value: string | null): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function externalLink(href: string, text: string): HTMLAnchorElement {
  return h('a', { href, rel: 'noopener noreferrer nofollow', target: '_blank' }, text);
}

export function renderFacts(card: Card): HTMLElement {
  const facts = h('ul', { class: 'card-facts' });
  const fact = (label: string, value: Node | string) =>
    facts.append(h('li', {}, h('span', { class: 'fact-label' }, `${label} `), value));
  if (card.author.email) fact('Email', card.author.email);
  const website = webUrl(card.author.url);
  if (website) fact('Website', externalLink(website, card.author.url ?? website));
  if (card.ip) fact('IP', card.ip);
  fact('Posted', h('time', { datetime: card.createdAt }, formatDate(card.createdAt)));
  return facts;
}

export function renderContext(card: Card, onShowPage: (card: Card) => void): HTMLElement {
  const pageUrl = webUrl(card.page.url);
  const pageName = card.page.title || card.pageId;
  const onPage = h(
    'p',
    { class: 'card-page' },
    'On ',
    pageUrl ? externalLink(pageUrl, pageName) : h('span', {}, pageName),
    h('span', { class: 'card-site' }, ` · ${card.site}`),
    ' ',
  );
  const only = button('Only this page', {
    class: 'link-button',
    'aria-label': `Only this page: ${pageName}`,
  });
  only.addEventListener('click', () => onShowPage(card));
  onPage.append(only);
  const context = h('div', { class: 'card-context' }, onPage);
  if (card.parent) {
    const parentStatus =
      card.parent.status === 'approved' ? '' : ` (${STATUS_LABELS[card.parent.status].toLowerCase()})`;
    context.append(
      h(
        'blockquote',
        { class: 'card-parent' },
        'In reply to ',
        h('strong', {}, card.parent.author),
        card.parent.byModerator ? ' (moderator)' : '',
        parentStatus,
        ': ',
        h('span', { class: 'parent-excerpt' }, card.parent.excerpt),
      ),
    );
  }
  return context;
}

/** What the reasons explain: why it waits now, or, once decided, why it had waited. */
const REASONS_LABELS: Record<CommentStatus, string> = {
  pending: 'Held because',
  spam: 'Marked as spam because',
  approved: 'Was held because',
  trash: 'Was held because',
};

export function renderReasons(card: Card): HTMLElement | undefined {
  if (card.reasons.length === 0) return undefined;
  return h(
    'div',
    // Only a comment still waiting gets the yellow box that asks for attention.
    { class: `card-reasons reasons-${card.status}` },
    h('span', { class: 'fact-label' }, REASONS_LABELS[card.status]),
    h('ul', {}, ...card.reasons.map((reason) => h('li', {}, reason.message))),
  );
}
