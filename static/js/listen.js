// The Listen button on respondent pages: reads the page aloud with the browser's own speech
// synthesis. Nothing on the page depends on this script; without it the button stays hidden.
//
// What is read, in page order:
// - every piece of text in <main>, each paragraph, heading, label or button on its own;
// - a picture's description (its alt text);
// - instead of an element's own text, its data-listen text where it has one (buttons say
//   what they do: "Continue: go to the next question");
// - an element marked data-listen-spell letter by letter (a code: "H, Q, 6, 3, ...");
// - nothing of an element marked data-listen-skip (the Listen button itself).
// Text inside an element with its own lang attribute is read in that language.
//
// The button is shown only when the browser has a voice for the page's language; the voices
// may arrive after the page has loaded ('voiceschanged'). A Welsh page with no Welsh voice
// shows a short sentence saying so ([data-listen-no-voice]) instead. The button's name is
// always "Listen"; aria-pressed says whether it is reading.
const button = document.querySelector('[data-listen-button]');
const noVoiceNote = document.querySelector('[data-listen-no-voice]');
const main = document.getElementById('main-content');
const pageLang = (document.documentElement.lang || 'en').toLowerCase();

// How long to wait for voices before saying there is none for this language.
const VOICES_WAIT_MS = 2000;

const SKIP = [
  'script', 'style', 'template', 'noscript', 'textarea', 'input', 'select', 'svg',
  '[hidden]', '[aria-hidden="true"]', '[data-listen-skip]',
  // GOV.UK's character count adds these; its count is not worth hearing.
  '.govuk-character-count__status', '.govuk-character-count__sr-status'
].join(',');

const BLOCKS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BUTTON', 'DD', 'DETAILS', 'DIV', 'DL', 'DT',
  'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER',
  'FOOTER', 'LABEL', 'LEGEND', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'SECTION', 'SUMMARY', 'TABLE',
  'TD', 'TH', 'TR', 'UL'
]);

const primary = (lang) => (lang || '').toLowerCase().replace('_', '-').split('-')[0];

/** The page as a list of {text, lang} pieces, in reading order. */
function readingPieces (root) {
  const pieces = [];
  let words = [];
  let wordsLang = pageLang;

  const flush = () => {
    const text = words.join('').replace(/\s+/g, ' ').trim();
    if (text) pieces.push({ text, lang: wordsLang });
    words = [];
  };
  const piece = (text, lang) => {
    flush();
    const clean = (text || '').replace(/\s+/g, ' ').trim();
    if (clean) pieces.push({ text: clean, lang });
  };

  const visit = (node, lang) => {
    if (node.nodeType === Node.TEXT_NODE) {
      if (lang !== wordsLang) {
        flush();
        wordsLang = lang;
      }
      words.push(node.textContent);
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE || node.matches(SKIP)) return;
    if (node.checkVisibility && !node.checkVisibility()) return;
    const ownLang = node.getAttribute('lang') ? node.getAttribute('lang').toLowerCase() : lang;
    if (node.hasAttribute('data-listen')) {
      piece(node.getAttribute('data-listen'), ownLang);
      return;
    }
    if (node.hasAttribute('data-listen-spell')) {
      const characters = node.textContent.replace(/[^\p{L}\p{N}]/gu, '').split('');
      piece(characters.join(', '), ownLang);
      return;
    }
    if (node.tagName === 'IMG') {
      piece(node.getAttribute('alt'), ownLang);
      return;
    }
    const block = BLOCKS.has(node.tagName) || node.classList.contains('govuk-button');
    if (block) flush();
    node.childNodes.forEach((child) => visit(child, ownLang));
    if (block) flush();
  };

  visit(root, pageLang);
  flush();
  return pieces;
}

function setUp (speech) {
  let shown = false;
  let gaveUp = false;

  const voiceFor = (lang) => {
    const voices = speech.getVoices() || [];
    const wanted = primary(lang);
    return voices.find((voice) => (voice.lang || '').toLowerCase() === lang) ||
      voices.find((voice) => primary(voice.lang) === wanted && voice.default) ||
      voices.find((voice) => primary(voice.lang) === wanted) || null;
  };

  const update = () => {
    const canSpeak = voiceFor(pageLang) !== null;
    shown = canSpeak;
    button.hidden = !canSpeak;
    if (noVoiceNote) {
      const known = gaveUp || (speech.getVoices() || []).length > 0;
      noVoiceNote.hidden = canSpeak || !known;
    }
  };

  // Each reading has a number, so that a cancelled reading's late events leave a new one be.
  let reading = 0;
  const stopped = () => button.setAttribute('aria-pressed', 'false');

  const read = () => {
    const pieces = readingPieces(main);
    if (!pieces.length) return;
    reading += 1;
    const thisReading = reading;
    const ended = () => {
      if (thisReading === reading) stopped();
    };
    button.setAttribute('aria-pressed', 'true');
    pieces.forEach((piece, index) => {
      const utterance = new window.SpeechSynthesisUtterance(piece.text);
      utterance.lang = piece.lang;
      const voice = voiceFor(piece.lang);
      if (voice) utterance.voice = voice;
      utterance.rate = 0.9;
      if (index === pieces.length - 1) {
        utterance.onend = ended;
      }
      utterance.onerror = ended;
      speech.speak(utterance);
    });
  };

  button.setAttribute('aria-pressed', 'false');
  button.addEventListener('click', () => {
    if (!shown) return;
    if (button.getAttribute('aria-pressed') === 'true') {
      reading += 1;
      speech.cancel();
      stopped();
      return;
    }
    read();
  });
  speech.addEventListener('voiceschanged', update);
  window.setTimeout(() => {
    gaveUp = true;
    update();
  }, VOICES_WAIT_MS);
  window.addEventListener('pagehide', () => speech.cancel());
  update();
}

if (document.querySelector('[data-recording]')) {
  // A person's recording of this page (templates/evaluations/responses/_recording.html) is preferred: the
  // synthesised Listen button and the no-voice note stay hidden.
} else if (button && main && 'speechSynthesis' in window && 'SpeechSynthesisUtterance' in window) {
  setUp(window.speechSynthesis);
} else if (noVoiceNote) {
  noVoiceNote.hidden = false;
}
