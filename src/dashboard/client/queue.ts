// The list of cards under the tabs: which comments are shown, which one is selected (the one
// the keyboard acts on), which are ticked for a bulk action, and paging with the API's cursor.
import type { Card } from '../../shared/moderationCard';
import { announce } from './announce';
import type { Api } from './api';
import { button, h } from './dom';
import { plural, STATUS_LABELS } from './text';
import type { Filters } from './toolbar';

export function failureMessage(error: unknown): string {
  return error instanceof Error && error.message ? error.message : 'Something went wrong. Try again.';
}

export function createQueue(deps: {
  api: Api;
  filters: Filters;
  render: (card: Card) => HTMLElement;
  onSelection: (selected: number, shown: number) => void;
}) {
  const { api, filters } = deps;
  let cards: Card[] = [];
  let nextCursor: string | null = null;
  let current = -1;
  // Answers to an older request (the filters changed meanwhile) are dropped.
  let ticket = 0;
  const checked = new Set<string>();

  const titleText = () => `${STATUS_LABELS[filters.status]} comments`;
  // Named from the start: after login the focus lands here, before the first list arrives.
  const title = h('h2', { id: 'queue-title', class: 'queue-title', tabindex: '-1' }, titleText());
  const list = h('ol', { class: 'queue', 'aria-labelledby': 'queue-title' });
  const empty = h('p', { class: 'empty', hidden: true });
  const more = button('Load more', { class: 'button load-more', hidden: true });

  const elementOf = (id: string) => list.querySelector<HTMLElement>(`article[data-id="${id}"]`);
  const itemFor = (card: Card) => h('li', {}, deps.render(card));
  const indexOf = (id: string) => cards.findIndex((card) => card.id === id);

  function update(): void {
    const isFiltered = filters.site || filters.pageId || filters.q;
    title.textContent = titleText();
    empty.hidden = cards.length > 0;
    empty.textContent = isFiltered
      ? 'No comments match these filters.'
      : filters.status === 'pending'
        ? 'No comments are waiting for you.'
        : `No comments in ${STATUS_LABELS[filters.status]}.`;
    more.hidden = nextCursor === null;
    deps.onSelection(cards.filter((card) => checked.has(card.id)).length, cards.length);
  }

  function setCurrent(index: number, focus: boolean): void {
    list.querySelector('.is-current')?.classList.remove('is-current');
    current = index;
    const card = cards[index];
    const element = card && elementOf(card.id);
    if (!element) return;
    element.classList.add('is-current');
    if (focus) {
      element.focus();
      element.scrollIntoView({ block: 'nearest' });
    }
  }

  async function reload(): Promise<void> {
    const mine = ++ticket;
    list.setAttribute('aria-busy', 'true');
    try {
      const page = await api.list(filters);
      if (mine !== ticket) return;
      cards = page.comments;
      nextCursor = page.nextCursor;
      checked.clear();
      current = -1;
      // A control in a card ("Only this page") changed the filters: its card is about to go.
      const hadFocus = list.contains(document.activeElement);
      list.replaceChildren(...cards.map(itemFor));
      update();
      if (hadFocus) title.focus();
    } catch (error) {
      if (mine === ticket) announce(failureMessage(error), 'error');
    } finally {
      if (mine === ticket) list.setAttribute('aria-busy', 'false');
    }
  }

  /** The next page, after the last card shown; true when it added any. */
  async function loadMore(): Promise<boolean> {
    const mine = ticket;
    if (!nextCursor) return false;
    more.disabled = true;
    try {
      const page = await api.list({ ...filters, cursor: nextCursor });
      if (mine !== ticket) return false;
      const known = new Set(cards.map((card) => card.id));
      const added = page.comments.filter((card) => !known.has(card.id));
      cards.push(...added);
      list.append(...added.map(itemFor));
      nextCursor = page.nextCursor;
      update();
      announce(`${plural(added.length, 'more comment')} shown.`);
      return added.length > 0;
    } catch (error) {
      announce(failureMessage(error), 'error');
      return false;
    } finally {
      more.disabled = false;
    }
  }

  /** Takes cards off the list; the selection moves to the card that followed. */
  function remove(ids: string[]): void {
    const active = document.activeElement;
    const hadFocus = active === document.body || list.contains(active);
    for (const id of ids) {
      const index = indexOf(id);
      if (index < 0) continue;
      cards.splice(index, 1);
      elementOf(id)?.closest('li')?.remove();
      checked.delete(id);
      if (index < current) current -= 1;
    }
    current = Math.min(current, cards.length - 1);
    update();
    if (cards.length > 0) setCurrent(Math.max(current, 0), hadFocus);
    else if (nextCursor) void loadMore().then(() => setCurrent(0, hadFocus));
    else if (hadFocus) title.focus();
  }

  function setChecked(card: Card, isChecked: boolean): void {
    if (isChecked) checked.add(card.id);
    else checked.delete(card.id);
    const box = elementOf(card.id)?.querySelector<HTMLInputElement>('.card-check');
    if (box) box.checked = isChecked;
    update();
  }

  list.addEventListener('focusin', (event) => {
    const element = (event.target as HTMLElement).closest('article.card');
    const index = element ? indexOf(element.getAttribute('data-id') ?? '') : -1;
    if (index >= 0 && index !== current) setCurrent(index, false);
  });
  more.addEventListener('click', async () => {
    const firstNew = cards.length;
    if (await loadMore()) setCurrent(firstNew, true);
  });

  return {
    elements: { title, list, empty, more },
    reload,
    remove,
    setChecked,
    isChecked: (card: Card) => checked.has(card.id),
    checkedIds: () => cards.filter((card) => checked.has(card.id)).map((card) => card.id),
    setAllChecked: (isChecked: boolean) => {
      for (const card of cards) setChecked(card, isChecked);
    },
    selected: (): Card | undefined => cards[current],
    /** Gives the keyboard back to the queue: the selected card, else the first, else the title. */
    focus(): void {
      if (cards.length > 0) setCurrent(Math.max(current, 0), true);
      else title.focus();
    },
    elementOf,
    /**
     * j/k: the first card, then the next or previous one; past the end, the next page. With
     * the focus elsewhere (the top bar, the filters), they first bring it back to the selected card.
     */
    async move(step: 1 | -1): Promise<void> {
      if (cards.length === 0) return;
      if (current < 0 || !list.contains(document.activeElement))
        return setCurrent(Math.max(current, 0), true);
      const next = current + step;
      if (next >= cards.length && !(await loadMore())) return announce('This is the last comment.');
      setCurrent(Math.max(0, Math.min(next, cards.length - 1)), true);
    },
    /** Redraws a card from the server's answer, keeping its place and the selection. */
    replace(card: Card): void {
      const index = indexOf(card.id);
      const old = elementOf(card.id)?.closest('li');
      if (index < 0 || !old) return;
      cards[index] = card;
      old.replaceWith(itemFor(card));
      setCurrent(index, true);
    },
    insertAfter(afterId: string, card: Card): void {
      const index = indexOf(afterId);
      cards.splice(index + 1, 0, card);
      const after = elementOf(afterId)?.closest('li');
      if (after) after.after(itemFor(card));
      else list.prepend(itemFor(card));
      if (index < current) current += 1;
      update();
    },
    /** Drops answers still on their way, once the dashboard is gone. */
    stop: () => {
      ticket += 1;
    },
  };
}

export type Queue = ReturnType<typeof createQueue>;
