// Small DOM helpers. Text always goes in as text nodes: names, emails and everything else a
// commenter wrote never pass through innerHTML (only the server-sanitised content does).
type Attributes = Record<string, string | boolean | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Array<Node | string | null | undefined | false>
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) if (child) element.append(child);
  return element;
}

export function button(label: string, attributes: Attributes = {}): HTMLButtonElement {
  return h('button', { type: 'button', ...attributes }, label);
}

let sequence = 0;
/** A page-unique id for label/aria wiring. */
export function uniqueId(prefix: string): string {
  sequence += 1;
  return `${prefix}-${sequence}`;
}

/** True while the user types: single-letter shortcuts must leave these alone. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
  }
  return false;
}
