// The reply form's behaviour: per-field messages beside the fields (aria-describedby),
// the browser's required-field checks, and "Save my name, email, and website".
import { h, readStored, writeStored } from './dom';
import type { Strings } from './locale';

type Control = HTMLInputElement | HTMLTextAreaElement;

const COMMENTER_KEY = 'parley:commenter';
/** The server's field names, and the form's. */
const FORM_NAMES: Record<string, string> = {
  content: 'comment',
  author: 'author',
  email: 'email',
  url: 'url',
};

interface Commenter {
  author: string;
  email: string;
  url: string;
}

export interface ReplyForm {
  form: HTMLFormElement;
  control(name: string): Control;
  /** Shows the browser's own checks beside the fields; true when all pass. */
  checkFields(): boolean;
  /** Shows the server's messages; returns those that belong to no field. */
  showFieldErrors(fields: Record<string, string>): string[];
  clearErrors(): void;
  setNameEmailRequired(isRequired: boolean): void;
  rememberCommenter(): void;
}

export function wireReplyForm(form: HTMLFormElement, strings: Strings): ReplyForm {
  const control = (name: string) => form.elements.namedItem(name) as Control;
  const consent = control('wp-comment-cookies-consent') as HTMLInputElement;
  // The script checks required fields itself, to show the message beside each field.
  form.noValidate = true;

  const saved = readStored<Commenter>(COMMENTER_KEY);
  if (saved) {
    for (const name of ['author', 'email', 'url'] as const) control(name).value = saved[name] ?? '';
    consent.checked = true;
  }

  function showError(field: Control, message: string) {
    const id = `${field.id}-error`;
    field.after(h('span', { id, class: 'parley-field-error' }, message));
    field.setAttribute('aria-invalid', 'true');
    const described = field.getAttribute('aria-describedby');
    field.setAttribute('aria-describedby', described ? `${described} ${id}` : id);
  }

  function clearErrors() {
    for (const note of Array.from(form.querySelectorAll('.parley-field-error'))) note.remove();
    for (const field of Array.from(form.querySelectorAll<Control>('[aria-invalid]'))) {
      field.removeAttribute('aria-invalid');
      const rest = (field.getAttribute('aria-describedby') ?? '').replace(`${field.id}-error`, '').trim();
      if (rest) field.setAttribute('aria-describedby', rest);
      else field.removeAttribute('aria-describedby');
    }
  }

  return {
    form,
    control,
    clearErrors,
    checkFields() {
      const invalid = Object.values(FORM_NAMES)
        .map(control)
        .filter((field) => !field.validity.valid);
      for (const field of invalid) {
        showError(field, field.validity.valueMissing ? strings.required : field.validationMessage);
      }
      invalid[0]?.focus();
      return invalid.length === 0;
    },
    showFieldErrors(fields) {
      const unplaced: string[] = [];
      for (const [name, message] of Object.entries(fields)) {
        const formName = FORM_NAMES[name];
        if (formName) showError(control(formName), message);
        else unplaced.push(message);
      }
      form.querySelector<Control>('[aria-invalid]')?.focus();
      return unplaced;
    },
    setNameEmailRequired(isRequired) {
      for (const name of ['author', 'email']) {
        const field = control(name);
        field.required = isRequired;
        const mark = form.querySelector(`label[for="${field.id}"] .required`);
        if (mark) (mark as HTMLElement).hidden = !isRequired;
      }
    },
    rememberCommenter() {
      // Written only when the reader ticks the box; unticking forgets them.
      const commenter = consent.checked
        ? { author: control('author').value, email: control('email').value, url: control('url').value }
        : undefined;
      writeStored(COMMENTER_KEY, commenter);
    },
  };
}
