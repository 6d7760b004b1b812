// Block and trust lists in the dashboard (src/commenters/ on the server): the buttons a card
// gets to list its author (the email never comes to the browser: the server reads it from the
// comment), and the view of a site's lists with their add form and remove buttons.
import './lists.css';
import type { CommenterList, ListEntry } from '../../shared/commenterLists';
import type { Card } from '../../shared/moderationCard';
import { announce } from './announce';
import { type Api, ApiError } from './api';
import { button, h, uniqueId } from './dom';

const LIST_LABELS: Record<CommenterList, string> = { block: 'Blocked', trust: 'Trusted' };
const COLUMNS = ['Kind', 'Value', 'Note', 'Added by', 'Added', 'Expires', ''];

function failure(error: unknown): string {
  if (error instanceof ApiError) return Object.values(error.fields)[0] ?? error.message;
  return 'Something went wrong. Try again.';
}

/** "Block email", "Block IP" and "Trust" for a card, as far as the comment has an email or IP. */
export function commenterButtons(card: Card, api: Api): HTMLButtonElement[] {
  const who = card.author.name;
  const choices: Array<[string, CommenterList, 'email' | 'ip', string]> = [];
  if (card.author.email) choices.push(['Block email', 'block', 'email', `Blocked the email of ${who}.`]);
  if (card.ip) choices.push(['Block IP', 'block', 'ip', `Blocked the IP address of ${who}.`]);
  if (card.author.email) choices.push(['Trust', 'trust', 'email', `${who} is trusted on ${card.site}.`]);
  return choices.map(([label, list, by, done]) => {
    const control = button(label, {
      class: `button list-${list}`,
      'aria-label': `${label} of the comment by ${who}`,
      'data-list': `${list}-${by}`,
    });
    control.addEventListener('click', async () => {
      control.disabled = true;
      try {
        await api.addListEntry(card.site, list, { commentId: card.id, by });
        announce(done);
      } catch (error) {
        announce(failure(error), 'error');
      } finally {
        control.disabled = false;
      }
    });
    return control;
  });
}

function entryRow(entry: ListEntry, onRemove: () => void): HTMLElement {
  const expiry = entry.expiresAt
    ? `${entry.isExpired ? 'expired' : 'until'} ${new Date(entry.expiresAt).toLocaleString()}`
    : 'never';
  const remove = button('Remove', { class: 'button', 'aria-label': `Remove ${entry.value}` });
  remove.addEventListener('click', onRemove);
  const cells = [
    entry.kind,
    entry.value,
    entry.note ?? '',
    entry.addedBy.name,
    new Date(entry.createdAt).toLocaleString(),
    expiry,
    remove,
  ];
  // On a narrow screen each row stacks, its cells labelled from data-label (lists.css).
  return h(
    'tr',
    { 'data-id': entry.id, class: entry.isExpired ? 'is-expired' : undefined },
    ...cells.map((cell, index) =>
      h('td', { class: index === 1 ? 'list-value' : undefined, 'data-label': COLUMNS[index] }, cell),
    ),
  );
}

function addForm(list: CommenterList, onAdd: (body: Record<string, string>) => Promise<void>) {
  const id = uniqueId(`add-${list}`);
  const kind = h(
    'select',
    { id: `${id}-kind`, name: 'kind' },
    ...(list === 'block' ? ['email', 'ip', 'cidr'] : ['email']).map((value) => h('option', { value }, value)),
  );
  const value = h('input', { id: `${id}-value`, name: 'value', required: true, autocomplete: 'off' });
  const expires = h('input', { id: `${id}-expires`, name: 'expires', type: 'date' });
  const note = h('input', { id: `${id}-note`, name: 'note', maxlength: '200' });
  const error = h('p', { class: 'field-error', id: `${id}-error`, role: 'alert' });
  for (const control of [value, expires, note]) control.setAttribute('aria-describedby', error.id);
  // The server names the field by what it holds (email, ip, cidr) or by the body's key.
  const fieldOf = (failed: unknown): HTMLInputElement => {
    const named = failed instanceof ApiError ? Object.keys(failed.fields)[0] : undefined;
    return named === 'expiresAt' ? expires : named === 'note' ? note : value;
  };
  const label = (control: HTMLElement, text: string) =>
    h('div', { class: 'field' }, h('label', { for: control.id }, text), control);
  const form = h(
    'form',
    { class: 'list-form', 'aria-label': `Add to the ${list} list` },
    label(kind, 'Kind'),
    label(value, list === 'block' ? 'Email, IP or range' : 'Email'),
    label(expires, 'Expires (optional)'),
    label(note, 'Note (optional)'),
    h('button', { type: 'submit', class: 'button button-primary' }, list === 'block' ? 'Block' : 'Trust'),
    error,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    for (const control of [value, expires, note]) control.removeAttribute('aria-invalid');
    const body: Record<string, string> = { [kind.value]: value.value };
    if (expires.value) body.expiresAt = new Date(`${expires.value}T00:00:00`).toISOString();
    if (note.value.trim()) body.note = note.value;
    try {
      await onAdd(body);
      // The typed email is not kept on the page once it is listed.
      form.reset();
    } catch (failed) {
      error.textContent = failure(failed);
      const wrong = fieldOf(failed);
      wrong.setAttribute('aria-invalid', 'true');
      wrong.focus();
    }
  });
  return form;
}

/** The lists of one site: a table per list, each with its add form. */
export function createListsView(api: Api, sites: () => string[]) {
  const site = h('select', { id: 'lists-site', name: 'site' });
  const body = h('div', { class: 'lists-body' });
  // Filled only while shown, so its controls never stand beside the queue's hidden.
  const element = h('section', { class: 'lists-view', 'aria-label': 'Block and trust lists', hidden: true });
  const contents = [
    h('h2', {}, 'Block and trust lists'),
    h('div', { class: 'field' }, h('label', { for: site.id }, 'Site'), site),
    body,
  ];

  async function load(): Promise<void> {
    if (!site.value) {
      body.replaceChildren(h('p', { class: 'muted' }, 'Choose a site.'));
      return;
    }
    // A redraw after adding or removing must not drop the keyboard's place: it goes to the
    // heading of the list it was in, which now reads the new count.
    const active = document.activeElement;
    const focusedList = body.contains(active)
      ? active?.closest('[data-list]')?.getAttribute('data-list')
      : null;
    try {
      const [blocks, trusts] = await Promise.all([
        api.listEntries(site.value, 'block'),
        api.listEntries(site.value, 'trust'),
      ]);
      body.replaceChildren(section('block', blocks.entries), section('trust', trusts.entries));
      if (focusedList) body.querySelector<HTMLElement>(`[data-list="${focusedList}"] h3`)?.focus();
    } catch (error) {
      body.replaceChildren(h('p', { class: 'field-error' }, failure(error)));
    }
  }

  function section(list: CommenterList, entries: ListEntry[]): HTMLElement {
    const rows = entries.map((entry) =>
      entryRow(entry, async () => {
        try {
          await api.removeListEntry(entry.site, list, entry.id);
          // Redrawn first, so what is announced is already on screen.
          await load();
          announce(`Removed ${entry.value} from the ${list} list.`);
        } catch (error) {
          announce(failure(error), 'error');
        }
      }),
    );
    return h(
      'div',
      { class: `list-section list-${list}`, 'data-list': list },
      h('h3', { tabindex: '-1' }, `${LIST_LABELS[list]} (${entries.length})`),
      entries.length
        ? h(
            'table',
            { class: 'list-table' },
            h('thead', {}, h('tr', {}, ...COLUMNS.map((text) => h('th', { scope: 'col' }, text)))),
            h('tbody', {}, ...rows),
          )
        : h('p', { class: 'muted' }, 'None yet.'),
      addForm(list, async (entry) => {
        await api.addListEntry(site.value, list, entry);
        await load();
        announce(`Added to the ${list} list of ${site.value}.`);
      }),
    );
  }

  site.addEventListener('change', () => void load());
  return {
    element,
    /** Shows or hides the view; shown, it reads the chosen site's lists again. */
    toggle(isShown: boolean) {
      element.hidden = !isShown;
      if (!isShown) {
        element.replaceChildren();
        return;
      }
      element.replaceChildren(...contents);
      const chosen = site.value;
      site.replaceChildren(...sites().map((id) => h('option', { value: id }, id)));
      if (chosen && sites().includes(chosen)) site.value = chosen;
      void load();
    },
  };
}
