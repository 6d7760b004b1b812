// The controls above the queue: the status tabs with their counts, the filters (site, page,
// search, order) and the bulk action bar. They only draw and report; dashboard.ts decides.
import type { StatusCounts } from '../../shared/moderationCard';
import { COMMENT_STATUSES, type CommentStatus } from '../../shared/statuses';
import { STATUS_ACTIONS, TRANSITIONS } from '../../shared/transitions';
import { announce } from './announce';
import { button, h } from './dom';
import { ACTION_LABELS, STATUS_LABELS } from './text';
import type { BulkAction, ListQuery } from './types';

export type Filters = Omit<ListQuery, 'cursor'>;

export function createTabs(onSelect: (status: CommentStatus) => void) {
  const counts = new Map<CommentStatus, HTMLElement>();
  const tabs = new Map<CommentStatus, HTMLButtonElement>();
  const nav = h('nav', { class: 'tabs', 'aria-label': 'Moderation queues' });
  for (const status of COMMENT_STATUSES) {
    const count = h('span', { class: 'tab-count' }, '…');
    const tab = h(
      'button',
      { type: 'button', class: 'tab', 'data-status': status },
      h('span', { class: 'tab-label' }, STATUS_LABELS[status]),
      ' ',
      count,
    );
    tab.addEventListener('click', () => onSelect(status));
    counts.set(status, count);
    tabs.set(status, tab);
    nav.append(tab);
  }
  return {
    element: nav,
    select(status: CommentStatus) {
      for (const [each, tab] of tabs) {
        if (each === status) tab.setAttribute('aria-current', 'page');
        else tab.removeAttribute('aria-current');
      }
    },
    setCounts(values: StatusCounts) {
      for (const [status, count] of counts) {
        count.textContent = String(values[status]);
        count.classList.toggle('is-zero', values[status] === 0);
      }
    },
  };
}

function field(label: string, control: HTMLElement): HTMLElement {
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control);
}

export function createFilters(onChange: (filters: Partial<Filters>) => void) {
  const site = h('select', { id: 'filter-site', name: 'site' }, h('option', { value: '' }, 'All my sites'));
  const pageId = h('input', {
    id: 'filter-page',
    name: 'pageId',
    type: 'search',
    placeholder: '/2019/11/story',
  });
  const q = h('input', {
    id: 'filter-q',
    name: 'q',
    type: 'search',
    placeholder: 'Words, a name, or a full email',
  });
  const sort = h(
    'select',
    { id: 'filter-sort', name: 'sort' },
    h('option', { value: 'newest' }, 'Newest first'),
    h('option', { value: 'oldest' }, 'Oldest first'),
  );
  const apply = h('button', { type: 'submit', class: 'button' }, 'Filter');
  const clear = button('Clear', { class: 'button button-quiet' });
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter comments' },
    field('Site', site),
    field('Page', pageId),
    field('Search', q),
    field('Order', sort),
    h('div', { class: 'filter-buttons' }, apply, clear),
  );
  const read = (): Partial<Filters> => ({
    site: site.value || undefined,
    pageId: pageId.value.trim() || undefined,
    q: q.value.trim() || undefined,
    sort: sort.value === 'oldest' ? 'oldest' : 'newest',
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onChange(read());
  });
  // A choice from a list takes effect at once; typed filters on Enter or "Filter".
  site.addEventListener('change', () => onChange(read()));
  sort.addEventListener('change', () => onChange(read()));
  clear.addEventListener('click', () => {
    site.value = '';
    pageId.value = '';
    q.value = '';
    onChange(read());
  });

  return {
    element: form,
    show(filters: Filters) {
      site.value = filters.site ?? '';
      pageId.value = filters.pageId ?? '';
      q.value = filters.q ?? '';
      sort.value = filters.sort;
    },
    setSites(sites: string[], selected?: string) {
      const wanted = [...new Set([...sites, ...(selected ? [selected] : [])])].sort();
      site.replaceChildren(
        h('option', { value: '' }, 'All my sites'),
        ...wanted.map((id) => h('option', { value: id }, id)),
      );
      site.value = selected ?? '';
    },
  };
}

export function createBulkBar(options: {
  isAdmin: boolean;
  onSelectAll: (checked: boolean) => void;
  onAction: (action: BulkAction) => void;
}) {
  const all = h('input', { type: 'checkbox', id: 'bulk-all' });
  const summary = h('span', { class: 'bulk-summary', 'aria-live': 'off' }, 'None selected');
  const buttons = h('div', {
    class: 'bulk-buttons',
    role: 'group',
    'aria-label': 'Act on the selected comments',
  });
  const bar = h(
    'div',
    { class: 'bulk' },
    h('div', { class: 'bulk-all' }, all, h('label', { for: 'bulk-all' }, 'Select all shown')),
    summary,
    buttons,
  );
  all.addEventListener('change', () => options.onSelectAll(all.checked));
  let controls: HTMLButtonElement[] = [];

  return {
    element: bar,
    /** The actions that make sense for comments in `status`. */
    setStatus(status: CommentStatus) {
      const actions: BulkAction[] = STATUS_ACTIONS.filter((action) =>
        TRANSITIONS[action].from.includes(status),
      );
      if (options.isAdmin) actions.push('delete');
      controls = actions.map((action) => {
        const label = action === 'delete' ? 'Delete' : ACTION_LABELS[action];
        const control = button(`${label} selected`, {
          class: `button${action === 'delete' ? ' button-danger' : ''}`,
          'data-bulk': action,
          disabled: true,
        });
        control.addEventListener('click', () => {
          // Deleting is for good, so it takes a second click on the same button.
          if (action === 'delete' && control.dataset.confirming !== 'yes') {
            control.dataset.confirming = 'yes';
            control.textContent = 'Press again to delete for good';
            // The button's new words are not always read out when they change under the focus.
            announce('Press Delete again to delete the selected comments for good.');
            return;
          }
          options.onAction(action);
        });
        return control;
      });
      buttons.replaceChildren(...controls);
    },
    setSelection(selected: number, shown: number) {
      summary.textContent = selected === 0 ? 'None selected' : `${selected} selected`;
      all.checked = shown > 0 && selected === shown;
      all.indeterminate = selected > 0 && selected < shown;
      all.disabled = shown === 0;
      for (const control of controls) {
        control.disabled = selected === 0;
        if (control.dataset.confirming === 'yes') {
          delete control.dataset.confirming;
          control.textContent = 'Delete selected';
        }
      }
    },
  };
}
