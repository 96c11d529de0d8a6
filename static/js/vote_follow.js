// Live vote, on a participant's phone: follow the room.
//
// Every few seconds, ask the server which step the vote is on (votes:state, a tiny JSON
// reply). When the facilitator starts the vote, moves to another domain, closes one or ends
// the vote, the step changes and the phone goes to the vote page (or, before the start, the
// join page), which shows whatever the room is on now.
// Without JavaScript the "Next question" link does the same. Nothing here is needed to vote.
const POLL_MS = 3000;
const root = document.querySelector('[data-vote-follow]');

if (root && window.fetch) {
  const stateUrl = root.dataset.stateUrl;
  const followUrl = root.dataset.followUrl;
  const step = Number(root.dataset.step);
  // The status the page was made for: "open", or "ready" while waiting for the start.
  const status = root.dataset.status || 'open';
  let timer = null;
  let busy = false;
  let leaving = false;

  // Never cut short a vote being sent: once a form is submitted, stop following.
  document.addEventListener('submit', () => { leaving = true; });
  window.addEventListener('pagehide', () => { leaving = true; });
  window.addEventListener('pageshow', (event) => { if (event.persisted) leaving = false; });

  const check = async () => {
    if (busy || leaving || document.hidden) return;
    busy = true;
    try {
      const reply = await fetch(stateUrl, {
        cache: 'no-store', credentials: 'same-origin', headers: { Accept: 'application/json' }
      });
      if (reply.ok) {
        const state = await reply.json();
        if (!leaving && (Number(state.step) !== step || state.status !== status)) {
          window.clearInterval(timer);
          // A plain GET of the vote page, never a resend of a form.
          window.location.replace(followUrl);
          return;
        }
      }
    } catch (error) {
      // Offline for a moment, or the server is busy: try again next time.
    } finally {
      busy = false;
    }
  };

  timer = window.setInterval(check, POLL_MS);
  // A phone whose screen was off catches up as soon as it is back.
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) check();
  });
}
