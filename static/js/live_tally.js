// Live vote, on the facilitator's screen: keep the tally up to date without a reload.
//
// Every few seconds, fetch the tally (vote_tally, JSON) and put the new numbers into the
// elements marked data-tally-*. Only numbers that changed are touched, so the polite live
// region (joined / voted) speaks only when someone joins or votes. If the room was moved
// from another device (the step changed), reload to show the new domain. Without
// JavaScript the "Refresh the tally" link does the same.
//
// Small numbers are hidden (DESIGN §5): while the room's or a group's counts are not
// `shown`, the JSON has no numbers for them, their cells are emptied and hidden, and the
// words the server wrote ("Fewer than 5 people") show instead.
const POLL_MS = 3000;
const root = document.querySelector('[data-live-tally]');

function put (element, value) {
  if (element && element.textContent !== String(value)) {
    element.textContent = String(value);
  }
}

function show (element, visible) {
  if (element && element.hidden === visible) {
    element.hidden = !visible;
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
    // Also when the votes were shown or hidden in presentation mode (its keys), so the
    // Show / Hide button here says what it will do.
    if (Number(tally.step) !== step || tally.status !== 'open' ||
        String(tally.revealed) !== root.dataset.revealed) {
      window.location.reload();
      return;
    }
    put(root.querySelector('[data-tally-joined]'), tally.joined);
    put(root.querySelector('[data-tally-voted]'), tally.voted);
    const counts = tally.shown ? tally.counts || {} : {};
    show(root.querySelector('[data-tally-faces]'), tally.shown);
    show(root.querySelector('[data-tally-faces-hidden]'), !tally.shown);
    put(root.querySelector('[data-tally-room-note]'), tally.shown ? '' : tally.note || '');
    for (const element of root.querySelectorAll('[data-tally-face]')) {
      put(element, counts[element.dataset.tallyFace] ?? '');
    }
    for (const [group, cells] of Object.entries(tally.groups)) {
      const note = root.querySelector(`[data-tally-note="${group}"]`);
      if (note) {
        put(note, cells.shown ? '' : cells.note || '');
        show(note, !cells.shown);
      }
      for (const element of root.querySelectorAll(`[data-tally-cell^="${group}:"]`)) {
        const column = element.dataset.tallyCell.slice(group.length + 1);
        const visible = cells.shown || column === 'joined'; // joining is not an answer
        put(element, visible ? (cells[column] ?? '') : '');
        show(element, visible);
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
