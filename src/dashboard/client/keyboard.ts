// The queue's single-key shortcuts: j/k move, a approve, s spam, t trash, x select. They
// stay out of the way while the moderator types, and of any key combination with a modifier.
import type { StatusAction } from '../../shared/transitions';
import { isTyping } from './dom';

export interface ShortcutHandlers {
  move(step: 1 | -1): void | Promise<void>;
  act(action: StatusAction): void;
  toggleSelection(): void;
  /** False while the queue is not on screen (the Reported tab holds its place): keys do nothing. */
  isActive(): boolean;
}

const ACTIONS: Record<string, StatusAction> = { a: 'approve', s: 'spam', t: 'trash' };

/** Listens on the document; returns the function that stops listening. */
export function installShortcuts(handlers: ShortcutHandlers): () => void {
  function onKey(event: KeyboardEvent): void {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
    if (isTyping(event.target) || !handlers.isActive()) return;
    const action = ACTIONS[event.key];
    if (event.key === 'j' || event.key === 'k') void handlers.move(event.key === 'j' ? 1 : -1);
    else if (action) handlers.act(action);
    else if (event.key === 'x') handlers.toggleSelection();
    else return;
    event.preventDefault();
  }
  document.addEventListener('keydown', onKey);
  return () => document.removeEventListener('keydown', onKey);
}
