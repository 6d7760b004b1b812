// Live updates of an open thread (docs/embed.md): a stream of server-sent events names each
// comment that appears, changes or goes. Edits and removals apply in place; new comments wait
// behind an "N new comments" button, so nothing moves under the reader. Without EventSource
// the embed simply is not live.
import { LIVE_RESET_EVENT, type LiveChange } from '../../shared/live';
import type { ThreadNode } from '../../shared/publicComment';
import { h } from './dom';
import { fill, type Strings } from './locale';
import { renderComment, type ThreadView } from './thread';

export interface LiveThread {
  /** The stream's address. */
  url: string;
  root: HTMLElement;
  list: HTMLElement;
  strings: Strings;
  view: ThreadView;
  /** The page of the thread shown now, read past any HTTP cache. */
  read(): Promise<ThreadNode[]>;
  /** Shows the page holding the newest comments, read past any HTTP cache. */
  showNewest(): Promise<unknown>;
  /** Reads the page shown now again (after a reset). */
  reload(): Promise<unknown>;
}

export function followThread(live: LiveThread): void {
  if (typeof EventSource !== 'function') return;
  const { root, strings: t } = live;
  const added = new Set<string>();
  const edited = new Set<string>();
  const button = h('button', { type: 'button', hidden: '' });
  live.list.before(h('div', { class: 'parley-live', 'aria-live': 'polite' }, button));
  const shown = (id: string) => root.querySelector<HTMLLIElement>(`#comment-${id}`);

  // Redraws the edited comments shown, keeping their replies and a reply form under them.
  const redraw = async () => {
    const byId = new Map<string, ThreadNode>();
    const index = (comments: ThreadNode[]) => {
      for (const comment of comments) {
        byId.set(comment.id, comment);
        index(comment.replies ?? []);
      }
    };
    index(await live.read());
    for (const id of edited) {
      const old = shown(id);
      const comment = byId.get(id);
      if (!old || !comment) continue;
      const item = renderComment({ ...comment, replies: [] }, live.view);
      const rest = Array.from(old.children).slice(1);
      if (rest.length) item.classList.add('parent');
      item.append(...rest);
      old.replaceWith(item);
    }
    edited.clear();
  };
  let pending: ReturnType<typeof setTimeout> | undefined;

  const source = new EventSource(live.url);
  source.onmessage = (event) => {
    const { kind, id } = JSON.parse(event.data) as LiveChange;
    const item = shown(id);
    // A comment the reader is replying to keeps its form until the thread is next read.
    if (kind === 'removed') {
      if (!item?.querySelector('form')) item?.remove();
    } else if (kind === 'edited' || item) {
      // A comment shown that changed, or the reader's own that was approved.
      edited.add(id);
      clearTimeout(pending);
      pending = setTimeout(() => void redraw().catch(() => undefined), 200);
    } else {
      added.add(id);
      button.textContent = fill(t.newComments[added.size > 1 ? 1 : 0] as string, added.size);
      button.hidden = false;
    }
  };
  source.addEventListener(LIVE_RESET_EVENT, () => void live.reload());

  button.addEventListener('click', async () => {
    const selector = [...added].map((id) => `#comment-${id}`).join();
    added.clear();
    button.hidden = true;
    await live.showNewest();
    // The first new comment in reading order takes the focus (and so scrolls into view).
    const first =
      root.querySelector<HTMLElement>(selector) ?? root.querySelector<HTMLElement>('.comments-title');
    if (first) {
      first.tabIndex = -1;
      first.focus();
    }
  });
}
