// One comment in the queue: who wrote it and from where, what it answers, the content as
// readers see it, why it was held, the spam check, and the buttons to act on it. Inline
// panels (edit in the content's place; reply, details, delete confirmation below the spam
// check) open one at a time.
import type { Card, CommentDetail } from '../../shared/moderationCard';
import { STATUS_ACTIONS, type StatusAction, TRANSITIONS } from '../../shared/transitions';
import { textForm } from './cardForms';
import { renderContext, renderFacts, renderReasons } from './cardParts';
import { renderDetails } from './details';
import { button, h, uniqueId } from './dom';
import { ACTION_LABELS, editableText, STATUS_LABELS, spamCheckSummary } from './text';
import type { User } from './types';

export interface CardContext {
  user: User;
  act(card: Card, action: StatusAction): Promise<void>;
  remove(card: Card): Promise<void>;
  /** Saves new content; the dashboard redraws the card from the answer. */
  edit(card: Card, content: string): Promise<void>;
  reply(card: Card, content: string): Promise<void>;
  detail(card: Card): Promise<CommentDetail>;
  isChecked(card: Card): boolean;
  setChecked(card: Card, checked: boolean): void;
  showPage(card: Card): void;
  /** Buttons that put the author on the site's block or trust list (./lists.ts). */
  commenterButtons?(card: Card): HTMLButtonElement[];
}

const SHORTCUTS: Partial<Record<StatusAction, string>> = { approve: 'a', spam: 's', trash: 't' };

export function renderCard(card: Card, ctx: CardContext): HTMLElement {
  const nameId = uniqueId('author');
  const checkId = uniqueId('check');
  const root = h('article', {
    class: `card status-${card.status}`,
    tabindex: '-1',
    'data-id': card.id,
    'aria-labelledby': nameId,
  });

  const checkbox = h('input', { type: 'checkbox', id: checkId, class: 'card-check' });
  checkbox.checked = ctx.isChecked(card);
  checkbox.addEventListener('change', () => ctx.setChecked(card, checkbox.checked));

  const content = h('div', { class: 'card-content' });
  // Sanitised by the server; this is exactly what readers are shown.
  content.innerHTML = card.content;

  // The editor takes the content's place; other panels open below the spam check.
  const editor = h('div', { class: 'card-panel' });
  const panel = h('div', { class: 'card-panel' });
  const actions = h('div', { class: 'card-actions', role: 'group', 'aria-label': 'Actions' });
  const who = `comment by ${card.author.name}`;
  let openPanel: string | undefined;
  let openTrigger: HTMLButtonElement | undefined;

  function closePanel(focusAfter?: HTMLElement) {
    openPanel = undefined;
    openTrigger = undefined;
    editor.replaceChildren();
    panel.replaceChildren();
    content.hidden = false;
    for (const toggle of Array.from(actions.querySelectorAll('[aria-expanded]'))) {
      toggle.setAttribute('aria-expanded', 'false');
    }
    focusAfter?.focus();
  }

  function toggle(name: string, trigger: HTMLButtonElement, fill: () => void) {
    const wasOpen = openPanel === name;
    closePanel();
    if (wasOpen) return trigger.focus();
    openPanel = name;
    openTrigger = trigger;
    trigger.setAttribute('aria-expanded', 'true');
    fill();
  }
  // Escape leaves a panel (details, the delete confirmation) for the button that opened it.
  panel.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || !openTrigger) return;
    event.preventDefault();
    closePanel(openTrigger);
  });

  for (const action of STATUS_ACTIONS) {
    if (!TRANSITIONS[action].from.includes(card.status)) continue;
    const shortcut = SHORTCUTS[action];
    const control = button(ACTION_LABELS[action], {
      class: `button action-${action}`,
      'aria-label': `${ACTION_LABELS[action]} ${who}`,
      'aria-keyshortcuts': shortcut,
      'data-action': action,
    });
    control.addEventListener('click', () => void ctx.act(card, action));
    actions.append(control);
  }

  const edit = button('Edit', { class: 'button', 'aria-label': `Edit ${who}`, 'aria-expanded': 'false' });
  edit.addEventListener('click', () =>
    toggle('edit', edit, () => {
      const { form, focus } = textForm({
        label: 'Edit the comment',
        value: editableText(card.content),
        submitLabel: 'Save',
        onSubmit: (text) => ctx.edit(card, text),
        onCancel: () => closePanel(edit),
      });
      content.hidden = true;
      editor.append(form);
      focus();
    }),
  );
  actions.append(edit);

  if (card.status === 'approved') {
    const reply = button('Reply', {
      class: 'button',
      'aria-label': `Reply to ${who}`,
      'aria-expanded': 'false',
    });
    reply.addEventListener('click', () =>
      toggle('reply', reply, () => {
        const { form, focus } = textForm({
          label: `Reply to ${card.author.name} as a moderator (published at once)`,
          value: '',
          submitLabel: 'Publish reply',
          onSubmit: async (text) => {
            await ctx.reply(card, text);
            closePanel(reply);
          },
          onCancel: () => closePanel(reply),
        });
        panel.append(form);
        focus();
      }),
    );
    actions.append(reply);
  }

  const details = button('Details', {
    class: 'button',
    'aria-label': `Details of ${who}`,
    'aria-expanded': 'false',
  });
  details.addEventListener('click', () =>
    toggle('details', details, async () => {
      panel.append(h('p', { class: 'muted' }, 'Loading…'));
      try {
        const loaded = await ctx.detail(card);
        if (openPanel === 'details') panel.replaceChildren(renderDetails(loaded));
      } catch (failure) {
        if (openPanel === 'details') {
          panel.replaceChildren(
            h('p', { class: 'field-error' }, failure instanceof Error ? failure.message : 'Could not load.'),
          );
        }
      }
    }),
  );
  actions.append(details);
  actions.append(...(ctx.commenterButtons?.(card) ?? []));

  if (ctx.user.role === 'admin') {
    const remove = button('Delete', {
      class: 'button button-danger',
      'aria-label': `Delete ${who}`,
      'aria-expanded': 'false',
    });
    remove.addEventListener('click', () =>
      toggle('delete', remove, () => {
        const confirm = button('Delete permanently', { class: 'button button-danger' });
        const cancel = button('Cancel', { class: 'button' });
        confirm.addEventListener('click', () => void ctx.remove(card));
        cancel.addEventListener('click', () => closePanel(remove));
        panel.append(
          h(
            'div',
            { class: 'confirm', role: 'group', 'aria-label': 'Confirm deletion' },
            h('p', {}, 'Delete this comment for good? This cannot be undone.'),
            confirm,
            cancel,
          ),
        );
        confirm.focus();
      }),
    );
    actions.append(remove);
  }

  root.append(
    h(
      'div',
      { class: 'card-select' },
      checkbox,
      h('label', { for: checkId, class: 'visually-hidden' }, `Select ${who}`),
    ),
    h(
      'div',
      { class: 'card-main' },
      h(
        'header',
        { class: 'card-header' },
        h('h3', { class: 'card-author', id: nameId }, card.author.name),
        card.byModerator ? h('span', { class: 'badge' }, 'Moderator') : null,
        h('span', { class: `status-label status-${card.status}` }, STATUS_LABELS[card.status]),
        renderFacts(card),
      ),
      renderContext(card, ctx.showPage),
      content,
      editor,
      renderReasons(card),
      h('p', { class: 'card-spam' }, spamCheckSummary(card)),
      panel,
      actions,
    ),
  );
  return root;
}
