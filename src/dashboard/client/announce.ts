// The live region (in the page shell, so screen readers know it before anything is said):
// every action's result is announced there, and shown as a short-lived notice.
const SHOWN_MS = 6000;

let hideTimer: ReturnType<typeof setTimeout> | undefined;

export function announce(message: string, kind: 'info' | 'error' = 'info'): void {
  const region = document.getElementById('parley-announcer');
  if (!region) return;
  clearTimeout(hideTimer);
  region.classList.toggle('is-error', kind === 'error');
  region.classList.add('is-shown');
  // A repeated message is only read again if the region's text actually changes.
  region.textContent = region.textContent === message ? `${message}\u00a0` : message;
  hideTimer = setTimeout(() => region.classList.remove('is-shown'), SHOWN_MS);
}
