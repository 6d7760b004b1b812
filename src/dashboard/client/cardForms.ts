// The inline text form of a card (edit, reply): a labelled textarea whose server-side
// problems show beside it, saved with a button, left with Cancel or Escape.
import { ApiError } from './api';
import { button, h, uniqueId } from './dom';

/** A textarea form for editing or replying; what `onSubmit` throws shows beside the field. */
export function textForm(options: {
  label: string;
  value: string;
  submitLabel: string;
  onSubmit: (text: string) => Promise<void>;
  onCancel: () => void;
}): { form: HTMLFormElement; focus: () => void } {
  const id = uniqueId('text');
  const errorId = `${id}-error`;
  const textarea = h('textarea', { id, rows: '5', required: true, 'aria-describedby': errorId });
  textarea.value = options.value;
  const error = h('p', { class: 'field-error', id: errorId });
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, options.submitLabel);
  const cancel = button('Cancel', { class: 'button' });
  const form = h(
    'form',
    { class: 'card-form' },
    h('label', { for: id }, options.label),
    textarea,
    error,
    h('div', { class: 'form-buttons' }, submit, cancel),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.textContent = '';
    textarea.removeAttribute('aria-invalid');
    try {
      await options.onSubmit(textarea.value);
    } catch (failure) {
      error.textContent =
        failure instanceof ApiError
          ? (failure.fields.content ?? failure.message)
          : 'Something went wrong. Try again.';
      textarea.setAttribute('aria-invalid', 'true');
      textarea.focus();
    } finally {
      submit.disabled = false;
    }
  });
  cancel.addEventListener('click', options.onCancel);
  textarea.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') options.onCancel();
  });
  return { form, focus: () => textarea.focus() };
}
