// The signed-in user's display name, which signs their replies in the embed (beside the
// "Moderator" badge). A disclosure in the top bar: the summary shows the name, the form
// inside changes it; an empty name goes back to "Moderator".

import { announce } from './announce';
import { type Api, ApiError } from './api';
import { h, uniqueId } from './dom';
import type { User } from './types';

const FALLBACK = 'Moderator';

export function createAccountMenu(api: Api, user: User): HTMLElement {
  const id = uniqueId('display-name');
  const errorId = `${id}-error`;
  const shown = h('span', { class: 'account-name' }, user.name ?? FALLBACK);
  // Named by what it shows ("Signed as …"): a spoken command must match the visible words.
  const summary = h('summary', {}, 'Signed as ', shown);
  const input = h('input', {
    id,
    type: 'text',
    maxlength: '100',
    autocomplete: 'nickname',
    'aria-describedby': errorId,
  });
  input.value = user.name ?? '';
  const error = h('p', { class: 'field-error', id: errorId });
  const form = h(
    'form',
    { class: 'account-form' },
    h('label', { for: id }, 'Sign your replies as'),
    input,
    h('p', { class: 'hint' }, `Readers see it with a Moderator badge. Leave it empty for “${FALLBACK}”.`),
    error,
    h('button', { type: 'submit', class: 'button button-primary' }, 'Save name'),
  );
  const menu = h('details', { class: 'account' }, summary, form);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    input.removeAttribute('aria-invalid');
    try {
      const session = await api.setName(input.value.trim() === '' ? null : input.value);
      shown.textContent = session.user.name ?? FALLBACK;
      menu.open = false;
      summary.focus();
      announce(`Your replies are now signed “${shown.textContent}”.`);
    } catch (failure) {
      error.textContent =
        failure instanceof ApiError ? (failure.fields.name ?? failure.message) : 'Something went wrong.';
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
  });
  menu.addEventListener('toggle', () => {
    if (menu.open) input.focus();
  });
  menu.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && menu.open) {
      menu.open = false;
      summary.focus();
    }
  });
  return menu;
}
