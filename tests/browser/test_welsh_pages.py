"""With Cymraeg chosen, every page a respondent or a phone in a live vote sees, and a broad
sample of staff pages, is wholly in Welsh.

Each page's visible text (each paragraph, heading, label, button or cell on its own, like the
Listen button reads it), its placeholder, aria-label, alt and title attributes, and the
document title are collected in Chromium. Text inside an element whose nearest `lang` is not
Welsh is left out: English marked lang="en" is fine. What is left must not be English, told
two ways (tests/browser/welsh_text.py): it contains an English source string (django.po,
the framework's `*_en` texts, English-only data), or distinctly English words. Also: the
page says <html lang="cy">, and on pages with a Listen button nothing English is read in a
Welsh voice (a stand-in voice records what would be said).

The council is in Wales and everything people typed (titles, comments, actions) is in Welsh,
so any English is the service's own. All pages are walked before the one assertion, which
lists every page's findings; the same list, grouped by the kind of fix, is printed.
"""

import datetime
import re
import time
from collections import defaultdict
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from actionplans.models import Status
from actionplans.services import you_said_publish
from betterlives.models import Council, Role
from evaluations.models import Group
from evaluations.selectors.evaluations import survey_items
from evaluations.services.evaluations import survey_questions_choose
from evaluations.services.live_votes import live_vote_close_domain, live_vote_end, live_vote_start
from evaluations.services.workshops import workshop_create
from tests.factories import (
    CouncilFactory,
    add_action,
    choose_domains,
    evaluation_with_surveys,
    make_responses,
    member,
)

from .conftest import _new_page, close_context, signed_in
from .helpers import FAKE_SPEECH
from .welsh_text import (
    PLACEHOLDERS,
    EnglishDetector,
    PageFindings,
    by_fix,
    by_page,
    checked,
    short,
    welsh_texts,
)

pytestmark = pytest.mark.browser

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


@pytest.fixture
def welsh_data(live_server, live_framework):
    cache.clear()  # the code page's rate limit
    yield welsh_council_data()
    cache.clear()


# The walks ------------------------------------------------------------------------------


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


def walk_respondent(walk, browser, live_server, data):
    lived, carers = data["lived"], data["carers"]
    code = None
    context, page = walk.context(browser, live_server)
    with walk.part("respondent"):
        walk.look(page, "survey: enter your code", "/s/")
        press(page)
        walk.look(page, "survey: enter your code, nothing typed (error)")
        walk.look(page, "survey: choose your language", f"/s/{lived.token}/")
        choose(page, "language", WELSH)
        press(page)
        walk.look(page, "survey: welcome (Easy Read)")
        press(page, "start")
        walk.look(page, "survey: Easy Read question (lived experience)")
        choose(page, "choice", "good")
        press(page, "stop")
        walk.look(page, "survey: stop for now, your code")
        code = page.locator(".bl-code--large").inner_text().strip()
        for href in page.locator("footer a").evaluate_all("(links) => links.map(a => a.href)"):
            walk.look(page, f"survey footer: {href.rstrip('/').rsplit('/', 1)[-1]}", href)
        walk.look(page, "survey: link does not work", "/s/no-such-link/", status=404)
        walk.look(page, "survey: You said, we did", f"/s/{lived.token}/you-said/")
    close_context(context)

    context, page = walk.context(browser, live_server)  # another phone: carry on by code
    with walk.part("respondent, carrying on"):
        assert code, "No resume code: the first part of the walk stopped early"
        enter_code(page, code)
        walk.look(page, "survey: carried on by code (question 2, code shown)")
        choose(page, "choice", "not_sure")
        press(page, "continue")
        walk.look(page, "survey: did someone help you")
        choose(page, "helped", "yes")
        press(page, "continue")
        walk.look(page, "survey: check your answers")
        press(page)
        walk.look(page, "survey: answers sent")
    close_context(context)

    context, page = walk.context(browser, live_server)
    with walk.part("family carers survey"):
        page.goto(f"/s/{carers.token}/")
        choose(page, "language", WELSH)
        press(page)
        walk.look(page, "survey: welcome (family carers)")
        press(page, "start")
        walk.look(page, "survey: standard question (family carers)")
    close_context(context)


def walk_phone_vote(walk, browser, live_server, data):
    live_vote = live_vote_start(workshop=data["workshop"])
    context, page = walk.context(browser, live_server)
    with walk.part("phone vote"):
        enter_code(page, live_vote.code)
        walk.look(page, "vote: which group are you in")
        choose(page, "group", Group.FAMILY_CARERS)
        press(page)
        walk.look(page, "vote: how well are we doing")
        press(page)
        walk.look(page, "vote: no face chosen (error)")
        choose(page, "choice", "good")
        press(page)
        walk.look(page, "vote: thank you, your vote is counted")
        live_vote_close_domain(live_vote=live_vote, domain=live_vote.current_domain)
        walk.look(page, "vote: voting closed on this question", f"/v/{live_vote.code}/vote/")
        live_vote_end(live_vote=live_vote)
        walk.look(page, "vote: this vote has ended", f"/v/{live_vote.code}/vote/")
    close_context(context)


def choose_welsh_as_staff(page):
    """Keep Cymraeg as this person's own language through "Your language", which wins over
    the cookie once saved; without that page the language cookie alone is used."""
    response = page.goto("/account/language/")
    if response.status == 200:
        choose(page, "language", WELSH)
        press(page)


def walk_staff(walk, browser, live_server, data):
    evaluation = data["evaluation"]
    slug = data["council"].slug
    base = {"council_slug": slug, "pk": evaluation.pk}
    survey = {**base, "audience": "lived_experience"}
    pages = [
        ("staff: councils", reverse("councils")),
        ("staff: council home", reverse("council_home", kwargs={"council_slug": slug})),
        ("staff: evaluation task list", reverse("evaluations:detail", kwargs=base)),
        ("staff: survey setup", reverse("evaluations:survey", kwargs=survey)),
        ("staff: share the survey", reverse("evaluations:share", kwargs=survey)),
        ("staff: poster", reverse("evaluations:poster", kwargs=survey)),
        # Asks for the paper questionnaire (made at once in tests), then its status page.
        ("staff: paper questionnaire", reverse("evaluations:paper_pdf", kwargs=survey)),
        ("staff: results", reverse("evaluations:results", kwargs=base)),
        ("staff: results, domain 1",
         reverse("evaluations:results_domain", kwargs={**base, "number": 1})),
        ("staff: step 2, choose domains", reverse("evaluations:choose_domains", kwargs=base)),
        ("staff: action plan", reverse("actionplans:plan", kwargs=base)),
        ("staff: reports", reverse("actionplans:reports", kwargs=base)),
        ("staff: workshops", reverse("evaluations:workshops", kwargs=base)),
        ("staff: workshop pack", reverse("evaluations:workshop_pack", kwargs={
            **base, "workshop_pk": data["workshop"].pk})),
        ("staff: council's own check", reverse("evaluations:council_check", kwargs=base)),
        ("staff: framework overview", reverse("domains:overview")),
        ("staff: framework domain 1", reverse("domains:detail", kwargs={"number": 1})),
        ("staff: Good Lives library", reverse("domains:good_lives")),
        ("staff: pictures we use", reverse("pages:pictures")),
        ("staff: two-factor set-up", reverse("two_factor_set_up")),
        ("staff: your language", reverse("your_language")),
    ]
    context, page = walk.context(browser, live_server, voices=False)
    with walk.part("staff"):
        walk.look(page, "staff: sign in", reverse("login"))
        press(page)
        walk.look(page, "staff: sign in, nothing typed (error)")
        signed_in(page, live_server, data["facilitator"])
        choose_welsh_as_staff(page)
        for name, path in pages:
            with walk.part(name):
                walk.look(page, name, path)
        walk.look(page, "staff: page not found", "/no-such-page/", status=404)
    close_context(context)


def report(walk):
    """Print every finding twice: page by page, then grouped by the kind of fix."""
    pages, fixes = by_page(walk.pages), by_fix(walk.pages)
    print(f"\n===== Pages checked =====\n{checked(walk.pages)}")
    print(f"\n===== English on Welsh pages, page by page =====\n{pages}")
    print(f"\n===== The same, grouped by the kind of fix =====\n{fixes}")
    return pages, fixes


def test_every_page_is_wholly_in_welsh(browser, live_server, welsh_data):
    walk = Walk(EnglishDetector())
    walk_respondent(walk, browser, live_server, welsh_data)
    walk_phone_vote(walk, browser, live_server, welsh_data)
    walk_staff(walk, browser, live_server, welsh_data)
    pages, fixes = report(walk)
    walked = [p for p in walk.pages if not p.unchecked]
    assert len(walked) >= 45, f"Only {len(walked)} pages were checked:\n{pages}"
    failing = [p for p in walk.pages if p.findings]
    if failing:
        pytest.fail(f"{len(failing)} of {len(walk.pages)} pages show English with Cymraeg "
                    f"chosen.\n{pages}\n\nBy the kind of fix:\n{fixes}", pytrace=False)


ENGLISH_LINE = "Press Start to answer the questions about your support."


def test_the_check_flags_english(browser, live_server, welsh_data):
    """Honesty: the same pages with English chosen are flagged: by <html lang>, and once the
    page claims to be Welsh (as a page with untranslated text does), by both ways of telling
    English. A sentence of English put on a Welsh page is flagged, and is read aloud in a
    Welsh voice, unless it is marked lang="en"."""
    walk = Walk(EnglishDetector())
    context, page = walk.context(browser, live_server, language="en")
    page.goto(f"/s/{welsh_data['lived'].token}/")
    choose(page, "language", "en")
    press(page)
    claims_welsh = "document.documentElement.lang = 'cy'"
    for name, path in [("survey welcome", None), ("framework", reverse("domains:overview"))]:
        english = walk.look(page, f"{name}, English chosen", path)
        assert [f.group for f in english.findings] == ["lang"], english
        page.evaluate(claims_welsh)
        result = walk.look(page, f"{name}, English chosen, claiming to be Welsh")
        assert any(f.sources for f in result.findings), f"No English source found:\n{result}"
        assert any(f.words for f in result.findings), f"No English words found:\n{result}"
        assert len(result.findings) >= 5, result
    close_context(context)

    context, page = walk.context(browser, live_server)
    page.goto(f"/s/{welsh_data['lived'].token}/")
    choose(page, "language", WELSH)
    press(page)
    add_line = """([text, lang]) => {
      const p = document.createElement('p');
      p.className = 'govuk-body bl-added';
      if (lang) p.lang = lang;
      p.textContent = text;
      document.querySelector('main h1').after(p);
    }"""
    page.evaluate(add_line, [ENGLISH_LINE, ""])
    added = [f for f in walk.look(page, "welcome with English added").findings
             if ENGLISH_LINE in f.text]
    assert added and added[0].words, walk.pages[-1]
    assert any("Listen" in where for where in added[0].where), added[0]
    page.reload()
    page.evaluate(add_line, [ENGLISH_LINE, "en"])
    marked = walk.look(page, "welcome with English added, marked lang=en")
    assert not [f for f in marked.findings if ENGLISH_LINE in f.text], marked
    close_context(context)


def test_english_words_are_not_welsh(framework):
    """None of the words taken as English occurs in the Welsh catalogue or the Welsh
    framework texts (names, placeholders, addresses and codes left out). "English" is left
    out too: the Welsh names each language in itself ("Dewiswch English neu Cymraeg"), and
    on a page it belongs inside lang="en"."""
    detector = EnglishDetector()
    welsh = defaultdict(list)
    for text in welsh_texts():
        for word in detector.english_words(re.sub(PLACEHOLDERS, " ", text)):
            welsh[word].append(short(text))
    welsh.pop("english", None)
    assert not welsh, "\n".join(f"{word}: {texts[:3]}" for word, texts in welsh.items())
