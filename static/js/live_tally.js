// Live vote, on the facilitator's screen: keep the tally up to date without a reload.
//
// Every few seconds, fetch the tally (vote_tally, JSON) and put the new numbers into the
// elements marked data-tally-*. Only numbers that changed are touched, so the polite live
// region (joined / voted) speaks only when someone joins or votes. If the room was moved
// from another device (the step changed), reload to show the new domain. Without
// JavaScript the "Refresh the tally" link does the same.
const POLL_MS = 3000;
const root = document.querySelector('[data-live-tally]');

function put (element, value) {
  if (element && element.textContent !== String(value)) {
    element.textContent = String(value);
  }
}

if (root && window.fetch) {
  const url = root.dataset.tallyUrl;
  const step = Number(root.dataset.step);
  let busy = false;
  let leaving = false;

  // A button on the screen (Next domain, Close…) is moving the room: do not reload over it.
  document.addEventListener('submit', () => { leaving = true; });
  window.addEventListener('pagehide', () => { leaving = true; });
  window.addEventListener('pageshow', (event) => { if (event.persisted) leaving = false; });

  const auto = root.querySelector('[data-tally-auto]');
  if (auto) auto.hidden = false;

  const update = (tally) => {
    if (leaving) return;
    if (Number(tally.step) !== step || tally.status !== 'open') {
      window.location.reload();
      return;
    }
    put(root.querySelector('[data-tally-joined]'), tally.joined);
    put(root.querySelector('[data-tally-voted]'), tally.voted);
    for (const [choice, count] of Object.entries(tally.counts)) {
      put(root.querySelector(`[data-tally-face="${choice}"]`), count);
    }
    for (const [group, cells] of Object.entries(tally.groups)) {
      for (const [column, count] of Object.entries(cells)) {
        put(root.querySelector(`[data-tally-cell="${group}:${column}"]`), count);
      }
    }
  };

  const poll = async () => {
    if (busy || leaving || document.hidden) return;
    busy = true;
    try {
      const reply = await fetch(url, {
        cache: 'no-store', credentials: 'same-origin', headers: { Accept: 'application/json' }
      });
      const type = reply.headers.get('Content-Type') || '';
      if (reply.ok && type.startsWith('application/json')) {
        update(await reply.json());
      }
    } catch (error) {
      // The network dropped for a moment: the next poll tries again.
    } finally {
      busy = false;
    }
  };

  window.setInterval(poll, POLL_MS);
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) poll();
  });
}
