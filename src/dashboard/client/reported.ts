// The Reported tab: approved comments readers reported, with how many readers, their reasons
// and notes, and two actions: dismiss the reports (the comment stays approved) or send the
// comment back to moderation. It takes the queue's place while it is open.
import type { ReportedComment } from '../../shared/reports';
import { announce } from './announce';
import type { Api } from './api';
import { button, h, uniqueId } from './dom';
import { failureMessage } from './queue';
import { formatDate, plural } from './text';

const REASON_LABELS: Record<keyof ReportedComment['reports']['reasons'], string> = {
  spam: 'spam',
  abuse: 'abuse',
  off_topic: 'off-topic',
  other: 'other',
};

function reasonsText(reasons: ReportedComment['reports']['reasons']): string {
  return Object.entries(reasons)
    .filter(([, count]) => count > 0)
    .map(([reason, count]) => `${REASON_LABELS[reason as keyof typeof reasons]} ${count}`)
    .join(', ');
}

export function createReportedTab(deps: {
  api: Api;
  site: () => string | undefined;
  /** After an action: the status counts changed. */
  onChange: () => void;
}) {
  const { api } = deps;
  const count = h('span', { class: 'tab-count' }, '…');
  const tab = h(
    'button',
    { type: 'button', class: 'tab', 'data-status': 'reported' },
    h('span', { class: 'tab-label' }, 'Reported'),
    ' ',
    count,
  );
  const heading = h('h2', { class: 'queue-title', tabindex: '-1' }, 'Reported comments');
  const list = h('div', { class: 'reported-list' });
  const panel = h(
    'section',
    { class: 'reported', 'aria-label': 'Reported comments', hidden: true },
    heading,
    list,
  );
  let shown = 0;

  function setCount(value: number) {
    shown = value;
    count.textContent = String(value);
    count.classList.toggle('is-zero', value === 0);
  }

  function drop(element: HTMLElement) {
    // The keyboard moves on to the next reported comment, as in the queue.
    const hadFocus = element.contains(document.activeElement);
    const next = (element.nextElementSibling ?? element.previousElementSibling) as HTMLElement | null;
    element.remove();
    setCount(shown - 1);
    if (shown === 0) list.append(h('p', { class: 'empty' }, 'No reported comments.'));
    if (hadFocus) (next ?? heading).focus();
  }

  function render(item: ReportedComment): HTMLElement {
    const { comment, reports } = item;
    const nameId = uniqueId('reported');
    const content = h('div', { class: 'card-content' });
    // Sanitised by the server: what readers are shown.
    content.innerHTML = comment.content;
    const notes = h('ul', { class: 'report-notes', 'aria-label': 'Readers’ notes' });
    for (const note of reports.notes) {
      notes.append(h('li', {}, `${REASON_LABELS[note.reason]}: `, note.note));
    }
    const who = `comment by ${comment.author.name}`;
    const dismiss = button('Dismiss reports', {
      class: 'button',
      'aria-label': `Dismiss reports of the ${who}`,
    });
    const sendBack = button('Send back to moderation', {
      class: 'button action-spam',
      'aria-label': `Send back to moderation: ${who}`,
    });
    const card = h(
      'article',
      {
        class: 'card status-approved',
        tabindex: '-1',
        'data-id': comment.id,
        'aria-labelledby': nameId,
      },
      h(
        'div',
        { class: 'card-main' },
        h(
          'header',
          { class: 'card-header' },
          h('span', { class: 'card-author', id: nameId }, comment.author.name),
          h('span', { class: 'card-site' }, comment.site),
          h('a', { class: 'card-page', href: comment.page.url ?? '#' }, comment.page.title ?? comment.pageId),
        ),
        h(
          'p',
          { class: 'report-summary' },
          `Reported by ${plural(reports.count, 'reader')} (${reasonsText(reports.reasons)}), last ${formatDate(reports.lastReportedAt)}.`,
        ),
        content,
        reports.notes.length > 0 ? notes : null,
        h('div', { class: 'card-actions', role: 'group', 'aria-label': 'Actions' }, dismiss, ' ', sendBack),
      ),
    );
    const run = async (action: () => Promise<unknown>, done: string) => {
      card.setAttribute('aria-busy', 'true');
      try {
        await action();
        drop(card);
        announce(`${done}: ${who}.`);
        deps.onChange();
      } catch (error) {
        card.setAttribute('aria-busy', 'false');
        announce(failureMessage(error), 'error');
      }
    };
    dismiss.addEventListener('click', () => run(() => api.dismissReports(comment.id), 'Reports dismissed'));
    sendBack.addEventListener('click', () => run(() => api.sendBack(comment.id), 'Sent back to moderation'));
    return card;
  }

  async function refresh(): Promise<void> {
    try {
      const { comments } = await api.reported(deps.site());
      setCount(comments.length);
      // Redrawn (after each action, with the counts): the keyboard keeps its card.
      const focused = list.contains(document.activeElement)
        ? document.activeElement?.closest('article')?.getAttribute('data-id')
        : undefined;
      list.replaceChildren(
        ...(comments.length > 0
          ? comments.map(render)
          : [h('p', { class: 'empty' }, 'No reported comments.')]),
      );
      if (focused !== undefined) {
        (list.querySelector<HTMLElement>(`article[data-id="${focused}"]`) ?? heading).focus();
      }
    } catch (error) {
      announce(failureMessage(error), 'error');
    }
  }

  function setOpen(isOpen: boolean) {
    panel.hidden = !isOpen;
    // The queue and its controls step aside (dashboard.css), whatever display they have.
    panel.parentElement?.classList.toggle('showing-reported', isOpen);
    if (isOpen) tab.setAttribute('aria-current', 'page');
    else tab.removeAttribute('aria-current');
  }

  tab.addEventListener('click', async () => {
    for (const other of Array.from(tab.parentElement?.querySelectorAll('[aria-current]') ?? [])) {
      other.removeAttribute('aria-current');
    }
    setOpen(true);
    await refresh();
    heading.focus();
  });

  return { tab, panel, refresh, close: () => setOpen(false) };
}
