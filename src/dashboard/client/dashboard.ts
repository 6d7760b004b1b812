// The moderation screen: the top bar, tabs with counts, filters and bulk bar above the queue
// of cards. Every action takes the card out of the tab it no longer belongs to and re-reads
// the counts, so the screen never needs a reload.
import type { Card } from '../../shared/moderationCard';
import { type StatusAction, TRANSITIONS } from '../../shared/transitions';
import { createAccountMenu } from './account';
import { filtersFromAddress, showFiltersInAddress } from './address';
import { announce } from './announce';
import { type Api, ApiError, type Session } from './api';
import { type CardContext, renderCard } from './card';
import { button, h } from './dom';
import { installShortcuts } from './keyboard';
import { commenterButtons, createListsView } from './lists';
import { createQueue, failureMessage } from './queue';
import { createReportedTab } from './reported';
import { ACTION_DONE, plural, STATUS_LABELS } from './text';
import { createBulkBar, createFilters, createTabs, type Filters } from './toolbar';
import type { BulkAction } from './types';

function keysHint(): HTMLElement {
  const kbd = (key: string) => h('kbd', {}, key);
  return h(
    'p',
    { class: 'keys' },
    'Keys: ',
    kbd('j'),
    ' ',
    kbd('k'),
    ' next, previous · ',
    kbd('a'),
    ' approve · ',
    kbd('s'),
    ' spam · ',
    kbd('t'),
    ' trash · ',
    kbd('x'),
    ' select',
  );
}

/** Shows the dashboard in `root`; returns the function that takes it down. */
export function showDashboard(
  root: HTMLElement,
  api: Api,
  session: Session,
  onLoggedOut: (notice: string) => void,
): () => void {
  const { user } = session;
  const filters = filtersFromAddress();
  const busy = new Set<string>();
  const knownSites = new Set<string>(user.allSites ? [] : user.sites);

  const tabs = createTabs((status) => change({ status }));
  const filterBar = createFilters((partial) => change(partial));
  const bulk = createBulkBar({
    isAdmin: user.role === 'admin',
    onSelectAll: (isChecked) => queue.setAllChecked(isChecked),
    onAction: (action) => void runBulk(action),
  });
  const queue = createQueue({
    api,
    filters,
    render: (card) => renderCard(card, context),
    onSelection: (selected, shown) => bulk.setSelection(selected, shown),
  });
  const logout = button('Log out', { class: 'button button-quiet' });
  const listsView = createListsView(api, () => [...knownSites].sort());
  const listsToggle = button('Block and trust lists', {
    class: 'button button-quiet',
    'aria-expanded': 'false',
  });
  listsToggle.addEventListener('click', () => {
    const isShown = listsToggle.getAttribute('aria-expanded') !== 'true';
    listsToggle.setAttribute('aria-expanded', String(isShown));
    listsView.toggle(isShown);
  });
  const { title, list, empty, more } = queue.elements;
  const reported = createReportedTab({
    api,
    site: () => filters.site,
    onChange: () => void refreshCounts(),
  });
  tabs.element.append(reported.tab);

  root.replaceChildren(
    h(
      'header',
      { class: 'topbar' },
      h('h1', {}, 'Parley ', h('span', { class: 'topbar-sub' }, 'moderation')),
      h(
        'div',
        { class: 'who' },
        h('span', { class: 'who-email' }, user.email),
        createAccountMenu(api, user),
        h('span', { class: 'role' }, user.role),
        listsToggle,
        logout,
      ),
    ),
    h(
      'div',
      { class: 'layout' },
      listsView.element,
      tabs.element,
      filterBar.element,
      h('div', { class: 'queue-head' }, title, keysHint()),
      bulk.element,
      list,
      empty,
      more,
      reported.panel,
    ),
  );
  root.setAttribute('aria-busy', 'false');
  document.title = 'Moderate comments – Parley';
  // The login form that had the focus is gone: the keyboard starts at the queue.
  if (!document.activeElement || document.activeElement === document.body) title.focus();

  async function refreshCounts(): Promise<void> {
    try {
      const answer = await api.counts(filters.site);
      tabs.setCounts(answer.counts);
      void reported.refresh();
      for (const site of Object.keys(answer.sites)) knownSites.add(site);
      filterBar.setSites([...knownSites], filters.site);
    } catch (error) {
      announce(failureMessage(error), 'error');
    }
  }

  function showFilters(): void {
    showFiltersInAddress(filters);
    tabs.select(filters.status);
    bulk.setStatus(filters.status);
    filterBar.show(filters);
  }

  function change(partial: Partial<Filters>): void {
    const isNewSite = 'site' in partial && partial.site !== filters.site;
    Object.assign(filters, partial);
    reported.close();
    showFilters();
    void queue.reload();
    if (isNewSite) void refreshCounts();
  }

  async function act(card: Card, action: StatusAction): Promise<void> {
    if (!TRANSITIONS[action].from.includes(card.status)) {
      announce(
        `This comment is ${STATUS_LABELS[card.status].toLowerCase()}; it cannot be given "${action}".`,
      );
      return;
    }
    if (busy.has(card.id)) return;
    busy.add(card.id);
    queue.elementOf(card.id)?.setAttribute('aria-busy', 'true');
    try {
      await api.act(card.id, action);
      queue.remove([card.id]);
      announce(`${ACTION_DONE[action]}: comment by ${card.author.name}.`);
    } catch (error) {
      queue.elementOf(card.id)?.setAttribute('aria-busy', 'false');
      announce(failureMessage(error), 'error');
      // Gone, or moved on by someone else meanwhile: it no longer belongs in this tab.
      if (error instanceof ApiError && (error.status === 404 || error.status === 409))
        queue.remove([card.id]);
    } finally {
      busy.delete(card.id);
      void refreshCounts();
    }
  }

  async function runBulk(action: BulkAction): Promise<void> {
    const ids = queue.checkedIds();
    if (ids.length === 0) return;
    const isFromBar = bulk.element.contains(document.activeElement);
    try {
      const { results } = await api.bulk(ids, action);
      const failed = results.filter((result) => !result.ok);
      const done = results.filter((result) => result.ok).map((result) => result.id);
      queue.remove(done);
      // The button just used is disabled now that nothing is selected: back to the queue.
      if (isFromBar && done.length > 0) queue.focus();
      const why = failed[0]?.error?.message;
      announce(
        `${ACTION_DONE[action]}: ${plural(done.length, 'comment')}.${
          failed.length > 0 ? ` ${plural(failed.length, 'comment')} could not be: ${why}` : ''
        }`,
        failed.length > 0 ? 'error' : 'info',
      );
    } catch (error) {
      announce(failureMessage(error), 'error');
    } finally {
      void refreshCounts();
    }
  }

  const context: CardContext = {
    user,
    act,
    async remove(card) {
      try {
        await api.remove(card.id);
        queue.remove([card.id]);
        announce(`Deleted: comment by ${card.author.name}.`);
        void refreshCounts();
      } catch (error) {
        announce(failureMessage(error), 'error');
      }
    },
    async edit(card, content) {
      const { comment } = await api.edit(card.id, content);
      queue.replace(comment);
      announce(`Saved the comment by ${card.author.name}.`);
    },
    async reply(card, content) {
      const { comment } = await api.reply(card.id, content);
      if (filters.status === 'approved') queue.insertAfter(card.id, comment);
      announce(`Reply published under the comment by ${card.author.name}.`);
      void refreshCounts();
    },
    detail: (card) => api.detail(card.id),
    isChecked: (card) => queue.isChecked(card),
    setChecked: (card, isChecked) => queue.setChecked(card, isChecked),
    showPage: (card) => change({ site: card.site, pageId: card.pageId }),
    commenterButtons: (card) => commenterButtons(card, api),
  };

  const removeShortcuts = installShortcuts({
    isActive: () => reported.panel.hidden,
    move: (step) => queue.move(step),
    act: (action) => {
      const card = queue.selected();
      if (card) void act(card, action);
      else announce('Press j to choose a comment first.');
    },
    toggleSelection: () => {
      const card = queue.selected();
      if (card) queue.setChecked(card, !queue.isChecked(card));
    },
  });

  function dispose(): void {
    removeShortcuts();
    queue.stop();
  }

  logout.addEventListener('click', async () => {
    try {
      await api.logOut();
    } catch (error) {
      // The session may already be over; either way this browser forgets it.
      if (!(error instanceof ApiError)) throw error;
    }
    dispose();
    onLoggedOut('You are logged out.');
  });

  showFilters();
  filterBar.setSites([...knownSites], filters.site);
  void refreshCounts();
  void queue.reload();
  return dispose;
}
