// Presentation mode, on the projector: follow the vote and take the facilitator's keys.
//
// Every few seconds, fetch present.json (step, status, revealed, joined, voted). When the
// room moved (from the control page or another device), the vote ended, or the votes were
// revealed or hidden, reload the page; otherwise put the new "voted" number in place. Once
// the votes are revealed, a new vote reloads the page too, so the tally stays right. Without
// JavaScript the Refresh link does the same.
//
// Keys: each control with data-present-key (N next domain, R show or hide the votes, E end
// the vote) is pressed by its key. What happens is said in the status region first; the
// buttons are form POSTs with the page's security token, and End opens the "Are you sure?"
// page. Keys typed into a field, or with Ctrl, Alt or Meta, are left alone.
const POLL_MS = 3000;
const root = document.querySelector('[data-present]');

if (root) {
  const status = root.querySelector('[data-present-status]');
  // What the last control did ("Domain 2 is on the screen."), written by the server: put it
  // in the status region again once the page has loaded, so screen readers say it.
  if (status && status.textContent.trim()) {
    const said = status.textContent.trim();
    status.textContent = '';
    window.setTimeout(() => { status.textContent = said; }, 150);
  }
  let leaving = false;
  document.addEventListener('submit', () => { leaving = true; });
  window.addEventListener('pagehide', () => { leaving = true; });
  window.addEventListener('pageshow', (event) => { if (event.persisted) leaving = false; });

  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.altKey || event.metaKey || event.repeat) return;
    const target = event.target;
    if (target && target.closest && target.closest('input, textarea, select, [contenteditable]')) return;
    const control = root.querySelector(`[data-present-key="${event.key.toLowerCase()}"]`);
    if (!control) return;
    event.preventDefault();
    if (status) status.textContent = control.textContent.replace(/\s+/g, ' ').trim();
    control.click();
  });

  const stateUrl = root.dataset.stateUrl;
  const step = Number(root.dataset.step);
  const revealed = root.dataset.revealed === 'true';
  const voted = Number(root.dataset.voted);
  let busy = false;

  const poll = async () => {
    if (busy || leaving || document.hidden || !window.fetch) return;
    busy = true;
    try {
      const reply = await fetch(stateUrl, {
        cache: 'no-store', credentials: 'same-origin', headers: { Accept: 'application/json' }
      });
      const type = reply.headers.get('Content-Type') || '';
      if (!reply.ok || !type.startsWith('application/json') || leaving) return;
      const state = await reply.json();
      if (Number(state.step) !== step || state.status !== root.dataset.status ||
          state.revealed !== revealed || (revealed && state.voted !== voted)) {
        window.location.replace(window.location.pathname);
        return;
      }
      const number = root.querySelector('[data-present-voted]');
      if (number && number.textContent !== String(state.voted)) {
        number.textContent = String(state.voted);
      }
    } catch (error) {
      // The network dropped for a moment: the next poll tries again.
    } finally {
      busy = false;
    }
  };

  window.setInterval(poll, POLL_MS);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) poll(); });
}
