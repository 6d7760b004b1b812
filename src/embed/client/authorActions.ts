// The reader's own comments (the ones this browser posted, with the author token it keeps):
// Edit and Delete, while the site's edit window is open. Edit swaps the text for a textarea
// with Save and Cancel; Delete asks first. Either way the thread is read again after.
import type { PublicComment } from '../../shared/publicComment';
import { type Api, ApiError } from './api';
import { h, readStored, writeStored } from './dom';
import type { Strings } from './locale';

export interface AuthorActions {
  remember(id: string): void;
  decorate(comment: PublicComment, body: HTMLElement): void;
}

export function createAuthorActions(options: {
  api: Api;
  strings: Strings;
  /** localStorage key of this site's own comment ids. */
  ownKey: string;
  token: () => string | undefined;
  windowMinutes: () => number;
  reload: () => Promise<unknown>;
  say: (message: string, isError?: boolean) => void;
}): AuthorActions {
  const t = options.strings;
  const own = () => readStored<string[]>(options.ownKey) ?? [];
  const button = (label: string, onClick: () => unknown) => {
    const element = h('button', { type: 'button' }, label);
    element.addEventListener('click', onClick);
    return element;
  };
  return {
    remember: (id) => writeStored(options.ownKey, [id, ...own()].slice(0, 100)),
    decorate(comment, body) {
      const token = options.token();
      const left = Date.parse(comment.createdAt) + options.windowMinutes() * 60_000 - Date.now();
      if (!token || left <= 0 || !own().includes(comment.id)) return;
      const content = body.querySelector('.comment-content') as HTMLElement;
      const change = async (text?: string) => {
        try {
          await options.api.change(comment.id, token, text);
          await options.reload();
        } catch (error) {
          options.say((error instanceof ApiError && error.message) || t.failed, true);
        }
      };
      const edit = button(t.edit, () => {
        const area = h('textarea', { rows: '5', 'aria-label': t.comment });
        // biome-ignore lint/performance/useDomNodeTextContent: the rendered text keeps paragraphs apart.
        area.value = content.innerText.trim();
        const form: HTMLDivElement = h(
          'div',
          { class: 'parley-edit' },
          area,
          button(t.save, () => change(area.value)),
          ' ',
          button(t.cancel, () => form.replaceWith(content)),
        );
        content.replaceWith(form);
        area.focus();
      });
      const actions = h(
        'div',
        { class: 'parley-own' },
        edit,
        ' ',
        button(t.remove, () => confirm(t.confirmRemove) && change()),
      );
      body.append(actions);
      // Gone once the window closes: the server would refuse them then.
      setTimeout(() => actions.remove(), Math.min(left, 2 ** 31 - 1));
    },
  };
}
