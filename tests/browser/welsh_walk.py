"""Walking pages in Chromium with Cymraeg chosen, for tests/browser/test_welsh_pages.py and
test_welsh_check.py: what a page shows and reads out (COLLECT), the Walk that visits pages and
keeps each one's findings, the Welsh council's data, and a few steps on a page."""

import datetime
import time
from contextlib import contextmanager

from django.conf import settings
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from actionplans.models import Status
from actionplans.services import you_said_publish
from betterlives.models import Council, Role
from evaluations.selectors.surveys import survey_items
from evaluations.services.surveys import survey_questions_choose
from evaluations.services.workshops import workshop_create
from tests.factories import (
    CouncilFactory,
    add_action,
    choose_domains,
    evaluation_with_surveys,
    make_responses,
    member,
)

from .conftest import _new_page
from .helpers import FAKE_SPEECH
from .welsh_findings import PageFindings, by_fix, by_page, checked

WELSH = "cy"
BUDGET_SECONDS = 100  # the whole walk; each Playwright step also stops after 10 seconds
STEP_MS = 10_000

# Every piece of text a person can see or hear on the page, in reading order, as
# {text, where}. Text in an element whose nearest lang is not Welsh is left out (so is
# hidden text); details are opened first, since a person can open them.
COLLECT = """() => {
  document.querySelectorAll('details').forEach((d) => { d.open = true; });
  const SKIP = 'script, style, template, noscript, textarea, head';
  const BLOCKS = new Set(['ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BR', 'BUTTON', 'CAPTION',
    'DD', 'DETAILS', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM',
    'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'LABEL', 'LEGEND', 'LI', 'MAIN', 'NAV', 'OL',
    'OPTION', 'P', 'SECTION', 'SELECT', 'SUMMARY', 'TABLE', 'TD', 'TH', 'TR', 'UL', 'text']);
  const ATTRIBUTES = ['placeholder', 'aria-label', 'alt', 'title'];
  const welsh = (lang) => (lang || '').toLowerCase().split('-')[0] === 'cy';
  const describe = (el) => el.tagName.toLowerCase() +
    [...el.classList].filter((c) => !c.startsWith('js-')).slice(0, 2).map((c) => '.' + c).join('');
  const pieces = [];
  let words = [];
  let owner = '';
  const flush = () => {
    const text = words.join('').replace(/\\s+/g, ' ').trim();
    if (/\\p{L}/u.test(text)) pieces.push({text, where: 'text in ' + owner});
    words = [];
  };
  const visible = (el) => el.tagName === 'OPTION' ||
    !el.checkVisibility || el.checkVisibility({visibilityProperty: true});
  const visit = (node, lang, block) => {
    if (node.nodeType === Node.TEXT_NODE) {
      if (!words.length) owner = block;
      words.push(welsh(lang) ? node.textContent : ' ');
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE || node.matches(SKIP) || !visible(node)) return;
    const own = node.hasAttribute('lang') ? node.getAttribute('lang') : lang;
    if (welsh(own)) {
      for (const name of ATTRIBUTES) {
        const value = (node.getAttribute(name) || '').trim();
        if (/\\p{L}/u.test(value)) {
          pieces.push({text: value, where: `${name} of ${describe(node)}`});
        }
      }
      if (node.matches('input[type=submit], input[type=button], input[type=reset]')) {
        pieces.push({text: node.value, where: `value of ${describe(node)}`});
      }
    }
    const isBlock = BLOCKS.has(node.tagName) || node.classList.contains('govuk-button');
    if (isBlock) flush();
    const inner = isBlock ? describe(node) : block;
    node.childNodes.forEach((child) => visit(child, own, inner));
    if (isBlock) flush();
  };
  visit(document.body, document.documentElement.getAttribute('lang'), 'body');
  flush();
  if (welsh(document.documentElement.getAttribute('lang'))) {
    pieces.unshift({text: document.title, where: 'document title'});
  }
  return {lang: document.documentElement.getAttribute('lang') || '', pieces,
          listen: Boolean(document.querySelector('[data-listen-button]'))};
}"""


class Walk:
    """Visits pages in one or more browser contexts and keeps what each page shows."""

    def __init__(self, detector):
        self.detector = detector
        self.pages = []
        self.started = time.monotonic()

    def context(self, browser, live_server, *, language=WELSH, voices=True):
        """A new browser (no cookies) that has chosen `language`, with a stand-in speech
        synthesis that has a Welsh and an English voice."""
        context, page = _new_page(browser, live_server)
        page.set_default_timeout(STEP_MS)
        page.set_default_navigation_timeout(STEP_MS)
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language,
                              "url": live_server.url, "sameSite": "Lax"}])
        if voices:
            context.add_init_script(FAKE_SPEECH % '["cy-GB", "en-GB"]')
        return context, page

    def look(self, page, name, path=None, *, status=200):
        """Go to `path` (or stay), then record the English on the page."""
        elapsed = time.monotonic() - self.started
        assert elapsed < BUDGET_SECONDS, f"The walk took over {BUDGET_SECONDS}s, at {name}"
        if path is not None:
            response = goto(page, path)
            assert response.status == status, f"{name}: {page.url} answered {response.status}"
        page.wait_for_load_state("load")
        found = page.evaluate(COLLECT)
        result = PageFindings(name, page.url)
        if found["lang"] != WELSH:
            result.add_lang(found["lang"])
        result.pieces = len(found["pieces"])
        for piece in found["pieces"]:
            result.add(self.detector, piece["text"], piece["where"])
        if found["listen"]:
            spoken = self.read_aloud_in_welsh(page, result)
            result.spoken = len(spoken)
            for text in spoken:
                result.add(self.detector, text, "read aloud in a Welsh voice (Listen)")
        self.pages.append(result)
        return result

    def read_aloud_in_welsh(self, page, result):
        """Press Listen; what the stand-in voice was asked to say in Welsh."""
        button = page.locator("[data-listen-button]")
        try:
            button.wait_for(state="visible", timeout=3_000)
        except PlaywrightTimeoutError:  # reported as a finding; the walk goes on
            if page.locator("[data-recording]").count() == 0:
                result.add_unchecked("the Listen button was not shown, though a Welsh voice was")
            return []
        page.evaluate("window.__spoken = []")
        button.click()
        page.wait_for_function("() => window.__spoken.length > 0")
        spoken = page.evaluate("window.__spoken")
        button.click()  # stop
        return [piece["text"] for piece in spoken if piece["lang"].lower().startswith(WELSH)]

    @contextmanager
    def part(self, name):
        """A part of the walk: if a step fails, say so and go on with the next part."""
        try:
            yield
        except Exception as error:  # noqa: BLE001 - every part is walked; all are reported
            result = PageFindings(f"{name} (stopped)", "")
            result.add_unchecked(f"{type(error).__name__}: {str(error).splitlines()[0]}")
            self.pages.append(result)


# The data: a council in Wales, everything typed in Welsh -----------------------------------


def welsh_council_data():
    """A council in Wales with an evaluation, answers, a workshop, two chosen domains, an
    action plan and a published "You said, we did". Everything people typed is Welsh."""
    council = CouncilFactory(name="Cyngor Sir Glanyrafon", slug="glanyrafon",
                             nation=Council.Nation.WALES, contact_team="Tîm Anabledd Dysgu",
                             contact_email="anabledd.dysgu@glanyrafon.example.org")
    facilitator = member(Role.FACILITATOR, council, username="ffion", first_name="Ffion",
                         last_name="Hughes")
    evaluation = evaluation_with_surveys(council, title="Hunanwerthuso Bywydau Gwell 2026")
    surveys = {survey.audience: survey for survey in evaluation.surveys.all()}
    lived, carers = surveys["lived_experience"], surveys["family_carers"]
    make_responses(lived, 6, "good", comment="Mae'r staff yn gwrando arna i", helped=True)
    make_responses(carers, 5, "mostly", comment="Mae'r wybodaeth yn dod yn rhy hwyr")
    make_responses(surveys["staff_partners"], 5, "sometimes")
    # Two questions each, so that a journey reaches "check your answers" quickly.
    for survey in (lived, carers):
        survey_questions_choose(survey=survey,
                                enabled_item_ids=[item.pk for item in survey_items(survey)[:2]])
    workshop = workshop_create(evaluation=evaluation, title="Gweithdy yn neuadd y dref",
                               held_on=datetime.date(2026, 5, 1), place="Neuadd y dref")
    choose_domains(evaluation, 1, 4, user=facilitator)
    add_action(evaluation, 1, user=facilitator, title="Hyfforddiant teithio gyda'r nos",
               description="Hyfforddiant teithio i bobl sydd eisiau mynd allan gyda'r nos.",
               lead_name="Siân Jones", lead_role="Rheolwr comisiynu",
               success_measure="Mae ugain o bobl yn teithio ar eu pennau eu hunain.",
               easy_read_title="Dysgu dal y bws gyda'r nos",
               easy_read_description="Byddwn ni'n eich helpu chi i ddal y bws.",
               status=Status.ON_TRACK, due_on=datetime.date(2099, 1, 31))
    you_said_publish(evaluation=evaluation, user=facilitator,
                     next_update_on=datetime.date(2099, 3, 31))
    return {"council": council, "facilitator": facilitator, "evaluation": evaluation,
            "lived": lived, "carers": carers, "workshop": workshop}


# Steps on a page ---------------------------------------------------------------------------


def goto(page, path):
    """Go to `path`. A vote page may be reloading itself to follow the room (vote_follow.js),
    which interrupts the first try."""
    for attempt in range(3):
        try:
            return page.goto(path)
        except PlaywrightError:
            if attempt == 2:
                raise
    return None


def choose(page, name, value):
    page.locator(f"input[name={name}][value={value}]").check()


def press(page, value=None):
    """Press the form's main button (or the one with this action value) and wait."""
    selector = (f"main button[value={value}]" if value
                else "main form button:not([type=button]), main form input[type=submit]")
    with page.expect_navigation():
        page.locator(selector).first.click()


def enter_code(page, code):
    page.goto("/s/")
    page.locator("#id_code").fill(code)
    press(page)


def report(walk):
    """Print every finding twice: page by page, then grouped by the kind of fix."""
    pages, fixes = by_page(walk.pages), by_fix(walk.pages)
    print(f"\n===== Pages checked =====\n{checked(walk.pages)}")
    print(f"\n===== English on Welsh pages, page by page =====\n{pages}")
    print(f"\n===== The same, grouped by the kind of fix =====\n{fixes}")
    return pages, fixes
