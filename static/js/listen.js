// The Listen button on survey pages: reads the page aloud with the browser's own speech
// synthesis. The button stays hidden where the browser cannot speak, and nothing else on the
// page depends on this script.
const button = document.querySelector('[data-listen-button]');

function pageText () {
  const main = document.getElementById('main-content');
  const copy = main.cloneNode(true);
  copy.querySelectorAll('[data-listen-skip], script, textarea, input, .govuk-visually-hidden')
    .forEach((node) => node.remove());
  return copy.textContent.replace(/\s+/g, ' ').trim();
}

if (button && 'speechSynthesis' in window && 'SpeechSynthesisUtterance' in window) {
  const label = button.querySelector('.bl-listen-button__label');
  const listenText = label.textContent;
  const stopText = button.dataset.stopLabel;
  const speech = window.speechSynthesis;

  const reset = () => {
    label.textContent = listenText;
    button.setAttribute('aria-pressed', 'false');
  };

  button.hidden = false;
  button.setAttribute('aria-pressed', 'false');
  button.addEventListener('click', () => {
    if (speech.speaking) {
      speech.cancel();
      reset();
      return;
    }
    const utterance = new SpeechSynthesisUtterance(pageText());
    utterance.lang = document.documentElement.lang || 'en';
    utterance.rate = 0.9;
    utterance.onend = reset;
    utterance.onerror = reset;
    label.textContent = stopText;
    button.setAttribute('aria-pressed', 'true');
    speech.speak(utterance);
  });
  window.addEventListener('pagehide', () => speech.cancel());
}
