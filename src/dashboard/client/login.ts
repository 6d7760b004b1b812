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
    'aria-describedby': 'login-message',
  });
  const password = h('input', {
    id: 'login-password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    'aria-describedby': 'login-message',
  });
  const message = h('p', { id: 'login-message', class: 'login-message', role: 'alert' }, notice ?? '');
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
    for (const input of [email, password]) input.removeAttribute('aria-invalid');
    try {
      onLoggedIn(await api.logIn(email.value.trim(), password.value));
    } catch (error) {
      const fields = error instanceof ApiError ? error.fields : {};
      const problems = Object.values(fields);
      message.textContent =
        problems.length > 0 ? problems.join(' ') : error instanceof Error ? error.message : 'Login failed.';
      // The fields the server named are wrong; refused credentials could be either. A server
      // that cannot answer (or asks to wait) says nothing about what was typed.
      const wrong = [email, password].filter((input) => input.name in fields);
      const isRefused = error instanceof ApiError && (error.status === 400 || error.status === 401);
      for (const input of wrong.length > 0 ? wrong : isRefused ? [email, password] : []) {
        input.setAttribute('aria-invalid', 'true');
      }
      password.value = '';
      (wrong[0] ?? password).focus();
    } finally {
      submit.disabled = false;
    }
  });

  root.replaceChildren(form);
  root.setAttribute('aria-busy', 'false');
  document.title = 'Log in – Parley moderation';
  email.focus();
}
