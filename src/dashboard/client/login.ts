// The login screen: email and password to POST /api/v1/auth/login. The session cookie is
// HttpOnly; the answer's CSRF token stays in the api module's memory.
import { type Api, ApiError, type Session } from './api';
import { h } from './dom';

export function showLogin(
  root: HTMLElement,
  api: Api,
  onLoggedIn: (session: Session) => void,
  notice?: string,
): void {
  const email = h('input', {
    id: 'login-email',
    name: 'email',
    type: 'email',
    autocomplete: 'username',
    required: true,
  });
  const password = h('input', {
    id: 'login-password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const message = h('p', { class: 'login-message', role: 'alert' }, notice ?? '');
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, 'Log in');
  const form = h(
    'form',
    { class: 'login', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title' }, 'Parley moderation'),
    h('p', { class: 'login-intro' }, 'Log in to review the comments waiting for you.'),
    h('label', { for: 'login-email' }, 'Email'),
    email,
    h('label', { for: 'login-password' }, 'Password'),
    password,
    message,
    submit,
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    message.textContent = '';
    try {
      onLoggedIn(await api.logIn(email.value.trim(), password.value));
    } catch (error) {
      const fields = error instanceof ApiError ? Object.values(error.fields) : [];
      message.textContent =
        fields.length > 0 ? fields.join(' ') : error instanceof Error ? error.message : 'Login failed.';
      password.value = '';
      password.focus();
    } finally {
      submit.disabled = false;
    }
  });

  root.replaceChildren(form);
  root.setAttribute('aria-busy', 'false');
  document.title = 'Log in – Parley moderation';
  email.focus();
}
