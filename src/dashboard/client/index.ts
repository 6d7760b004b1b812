// The moderator dashboard at /moderate: shows the login, or the queue when the browser
// already has a session (the CSRF token then comes from /auth/me, never from storage).
import './dashboard.css';
import { announce } from './announce';
import { createApi, type Session } from './api';
import { showDashboard } from './dashboard';
import { h } from './dom';
import { showLogin } from './login';

const root = document.getElementById('parley-moderate') as HTMLElement;
let disposeDashboard: (() => void) | undefined;

const api = createApi({
  onSessionLost: () => {
    if (!disposeDashboard) return;
    login('Your session has ended. Please log in again.');
  },
});

function login(notice?: string): void {
  disposeDashboard?.();
  disposeDashboard = undefined;
  showLogin(root, api, open, notice);
}

function open(session: Session): void {
  disposeDashboard = showDashboard(root, api, session, (notice) => {
    disposeDashboard = undefined;
    login();
    announce(notice);
  });
}

async function start(): Promise<void> {
  try {
    const session = await api.me();
    if (session) open(session);
    else login();
  } catch (error) {
    root.replaceChildren(
      h(
        'p',
        { class: 'notice', role: 'alert' },
        error instanceof Error ? error.message : 'Parley could not be reached.',
      ),
    );
    root.setAttribute('aria-busy', 'false');
  }
}

void start();
