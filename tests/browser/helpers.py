"""Helpers shared by the browser test modules (fixtures and the page checks most modules use
are in conftest.py)."""

import json

from .conftest import DESKTOP, NARROW, assert_no_axe_violations

POLL_WAIT_MS = 12_000  # the live vote pages poll every 3 seconds

# Stand-in speech synthesis (see test_listen.py) -------------------------------------------

FAKE_SPEECH = """
(() => {
  const voiceLangs = %s;
  class FakeUtterance {
    constructor (text) {
      this.text = text; this.lang = ''; this.voice = null; this.rate = 1;
      this.onend = null; this.onerror = null;
    }
  }
  const fake = new EventTarget();
  let voices = [];
  fake.getVoices = () => voices.slice();
  fake.speaking = false;
  fake.pending = false;
  fake.speak = (utterance) => {
    window.__spoken.push({text: utterance.text, lang: utterance.lang,
                          voice: utterance.voice ? utterance.voice.lang : null});
    fake.speaking = true;
  };
  fake.cancel = () => { window.__cancelled += 1; fake.speaking = false; };
  fake.pause = () => {};
  fake.resume = () => {};
  window.__spoken = [];
  window.__cancelled = 0;
  Object.defineProperty(window, 'speechSynthesis', {configurable: true, get: () => fake});
  window.SpeechSynthesisUtterance = FakeUtterance;
  setTimeout(() => {
    voices = voiceLangs.map((lang) => ({lang, name: 'Fake ' + lang, voiceURI: 'fake-' + lang,
                                        default: false, localService: true}));
    fake.dispatchEvent(new Event('voiceschanged'));
  }, 200);
})();
"""


def with_voices(page, *langs):
    page.context.add_init_script(FAKE_SPEECH % json.dumps(list(langs)))
    return page


# Survey pages --------------------------------------------------------------------------------


def start_survey(page, survey):
    """Choose English and press Start, with the mouse. Ends on question 1."""
    page.goto(f"/s/{survey.token}/")
    page.get_by_label("English").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Start").click()
    page.wait_for_url(f"**/s/{survey.token}/q/1/")


def submit_empty_form(page):
    page.locator("main form").get_by_role("button").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="There is a problem").is_visible()


# Checking each page of a journey at two widths --------------------------------------------

MIN_TARGET = 44

RADIO_HEIGHTS = """() => [...document.querySelectorAll(".govuk-radios__item")].map(
  (item) => [item.textContent.trim(), item.getBoundingClientRect().height])"""
TOO_WIDE = """() => [...document.querySelectorAll("body *")]
  .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(0, 8)
  .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`)"""


class Checker:
    """Checks pages and keeps every failure, named by page and width."""

    def __init__(self, page):
        self.page = page
        self.failures = []
        self.checked = []

    def __call__(self, name, *, radios=False):
        page = self.page
        for width, size in (("1280px", DESKTOP), ("320px", NARROW)):
            page.set_viewport_size(size)
            label = f"[{name} at {width}]"
            try:
                assert_no_axe_violations(page)
            except AssertionError as failure:
                self.failures.append(f"{label} {failure}")
            if size is NARROW:
                scroll_width = page.evaluate("document.documentElement.scrollWidth")
                if scroll_width > NARROW["width"]:
                    self.failures.append(
                        f"{label} {scroll_width}px wide: scrolls sideways (WCAG 1.4.10 Reflow). "
                        f"Too wide: {page.evaluate(TOO_WIDE)}"
                    )
            heights = page.evaluate(RADIO_HEIGHTS)
            if radios and not heights:
                self.failures.append(f"{label} no radios found")
            small = [(text, height) for text, height in heights if height < MIN_TARGET]
            if small:
                self.failures.append(f"{label} answers under {MIN_TARGET}px tall: {small}")
        page.set_viewport_size(DESKTOP)
        self.checked.append(name)

    def assert_all_passed(self):
        assert not self.failures, "\n\n".join(self.failures)
