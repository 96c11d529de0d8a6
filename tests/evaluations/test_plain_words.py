"""Plain words on every Easy Read page (DESIGN §6): short sentences, no words to avoid, and a
hint for every question that explains it.

Each page is rendered in English with the test client. The visible text of <main> is cut into
blocks (a paragraph, list item, heading, label, legend, button, hint or table cell each make
their own block; so do the words the Listen button reads out and the comment counter's
messages), and each block into sentences on . ! and ?.
"""

import datetime
import glob
import re
from html.parser import HTMLParser

import pytest
import yaml
from django.urls import reverse

from evaluations.models import Response
from evaluations.selectors.surveys import survey_items
from evaluations.services.live_votes import live_vote_close_domain, live_vote_end, live_vote_start
from tests.factories import WorkshopFactory, add_action, choose_domains, make_responses

from .helpers import public_url as survey_url

pytestmark = pytest.mark.django_db

MAX_WORDS = 15

WORDS_TO_AVOID = [
    "characters", "evaluation", "domain", "provisional", "respondent", "submit", "anonymised",
    "threshold", "facilitator", "stakeholder", "commissioning", "co-produced", "indicators",
    "enablers",
]

# A word to avoid may stay only where the next sentence explains it. Each entry is
# (page, sentence containing the word); keep this list short and say why.
ALLOWED = [
]

# Tags whose start or end begins a new block of text.
BLOCK_TAGS = {
    "p", "li", "h1", "h2", "h3", "h4", "label", "legend", "button", "td", "th", "dt", "dd",
    "caption", "summary", "div", "br", "ul", "ol", "table", "tr", "form", "fieldset",
}
SKIP_TAGS = {"script", "style", "template", "noscript"}


class MainText(HTMLParser):
    """The blocks of visible text inside <main>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_main = 0
        self.skipping = 0
        self.blocks = []
        self.current = []

    def break_block(self):
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if self.in_main and not self.skipping:
            # Words the Listen button reads out, and the comment box counter's messages.
            for name, value in attrs:
                if value and (name == "data-listen" or name.startswith("data-i18n.")):
                    self.blocks.append(" ".join(value.split()))
        if tag == "main":
            self.in_main += 1
        elif tag in SKIP_TAGS:
            self.skipping += 1
        elif tag in BLOCK_TAGS or "govuk-hint" in (dict(attrs).get("class") or ""):
            self.break_block()

    def handle_endtag(self, tag):
        if tag == "main":
            self.break_block()
            self.in_main -= 1
        elif tag in SKIP_TAGS:
            self.skipping -= 1
        elif tag in BLOCK_TAGS:
            self.break_block()

    def handle_data(self, data):
        if self.in_main and not self.skipping:
            self.current.append(data)


def sentences(html):
    parser = MainText()
    parser.feed(html)
    parser.close()
    assert parser.blocks, "The page has no text in <main>"
    for block in parser.blocks:
        for sentence in re.split(r"(?<=[.!?])\s+", block):
            if sentence.strip():
                yield sentence.strip()


def words(sentence):
    """Whitespace-separated tokens with a letter or a number in them (a dash is not a word;
    a code, a link or a number is one)."""
    return [token for token in sentence.split() if re.search(r"\w", token)]


def problems(name, html, allowed_titles=(), not_shown=()):
    """What is wrong with the page's words. `allowed_titles` are names we do not check;
    `not_shown` are words that must not be on the page at all."""
    found = []
    for sentence in sentences(html):
        for phrase in not_shown:
            if phrase.lower() in sentence.lower():
                found.append(f"{name}: shows {phrase!r}: {sentence!r}")
        if len(words(sentence)) > MAX_WORDS:
            found.append(f"{name}: {len(words(sentence))} words: {sentence!r}")
        checked = sentence
        for title in allowed_titles:
            checked = checked.replace(title, "")
        for word in WORDS_TO_AVOID:
            if (re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", checked, re.IGNORECASE)
                    and (name, sentence) not in ALLOWED):
                found.append(f"{name}: avoid {word!r}: {sentence!r}")
    return found


def page(client, url, method="get", data=None, status=200):
    reply = getattr(client, method)(url, data or {})
    assert reply.status_code == status, (url, reply.status_code)
    return reply.content.decode()


def survey_pages(client, new_client, survey):
    """Every page of the lived-experience survey, as (name, html)."""
    yield "code (/s/)", page(client, reverse("surveys:code"))
    yield "code with an error", page(client, reverse("surveys:code"), "post", {"code": ""})
    yield "not found", page(client, reverse("surveys:code"), "post", {"code": "ZZZZZZ"},
                            status=404)
    yield "language", page(client, survey_url("start", survey))
    client.post(survey_url("start", survey), {"language": "en"})
    yield "welcome", page(client, survey_url("welcome", survey))
    client.post(survey_url("welcome", survey))
    items = survey_items(survey)
    for number in range(1, len(items) + 1):
        yield f"question {number}", page(client, survey_url("question", survey, number=number))
    yield "question 1 with a comment too long", page(
        client, survey_url("question", survey, number=1), "post",
        {"choice": "good", "comment": "x" * 501})
    yield "question 1 with a wrong answer", page(
        client, survey_url("question", survey, number=1), "post", {"choice": "excellent"})
    client.post(survey_url("question", survey, number=1), {"choice": "good", "comment": "Yes"})
    yield "helped", page(client, survey_url("helped", survey))
    client.post(survey_url("helped", survey), {"helped": "yes"})
    yield "check", page(client, survey_url("check", survey))
    yield "stop", page(client, survey_url("stop", survey))
    # Someone else picks up the same browser: the welcome page offers a fresh start.
    yield "welcome (someone new)", page(client, survey_url("welcome", survey))
    client.post(survey_url("send", survey))
    yield "sent", page(client, survey_url("sent", survey))
    yield "welcome (fresh browser)", page(new_client(), survey_url("welcome", survey))


def test_survey_pages_use_plain_words(client, new_client, lived_survey):
    found = []
    names = []
    for name, html in survey_pages(client, new_client, lived_survey):
        names.append(name)
        # The evaluation's title is officer language: Easy Read pages never show it.
        found += problems(name, html, not_shown=[lived_survey.evaluation.title])
    assert "question 26" in names
    assert Response.objects.filter(survey=lived_survey).exists()
    assert not found, "\n".join(found)


def test_you_said_page_uses_plain_words(client, evaluation, lived_survey):
    from actionplans.services import you_said_publish

    choose_domains(evaluation, 1, 2)
    make_responses(lived_survey, 5, "good")
    add_action(evaluation, 1, easy_read_title="Learn to use the bus at night",
               easy_read_description="We will help you get the bus.", status="on_track",
               due_on=datetime.date(2099, 1, 31))
    you_said_publish(evaluation=evaluation, user=None, next_update_on=datetime.date(2099, 3, 31))
    html = page(client, survey_url("you_said", lived_survey))
    assert "Learn to use the bus at night" in html
    found = problems("you said, we did", html)
    assert not found, "\n".join(found)


def test_easy_read_privacy_page_uses_plain_words(client, db):
    found = problems("privacy (Easy Read)", page(client, reverse("pages:privacy_easy_read")))
    assert not found, "\n".join(found)


@pytest.fixture
def live_vote(evaluation, settings):
    from django.core.cache import cache

    settings.RATE_LIMITS = {"vote": (1000, 600), **settings.RATE_LIMITS}
    cache.clear()
    workshop = WorkshopFactory(evaluation=evaluation, title="Spring workshop",
                               held_on=datetime.date(2026, 5, 1), place="",
                               attended_lived_experience=0, attended_family_carers=0,
                               attended_staff=0, attended_partners=0)
    yield live_vote_start(workshop=workshop)
    cache.clear()


def test_vote_pages_use_plain_words(client, new_client, live_vote):
    from domains.models import Domain

    # Domain titles are the framework's own names (another issue covers their wording).
    titles = list(Domain.objects.values_list("title", flat=True))
    join_url = reverse("votes:join", args=[live_vote.code])
    vote_url = reverse("votes:vote", args=[live_vote.code])
    pages = [("join", page(client, join_url)),
             ("join with an error", page(client, join_url, "post", {}))]
    client.post(join_url, {"group": "lived_experience"})
    pages.append(("vote", page(client, vote_url)))
    assert "How is it going?" in pages[-1][1]  # Easy Read
    pages.append(("vote with an error", page(client, vote_url, "post", {"domain": 1})))
    pages.append(("not on the screen", page(client, vote_url, "post",
                                            {"domain": 2, "choice": "good"})))
    pages.append(("cookies off", page(new_client(), join_url, "post",
                                      {"group": "staff"})))
    client.post(vote_url, {"domain": 1, "choice": "good"})
    pages.append(("thanks", page(client, vote_url)))
    assert "Change my vote" in pages[-1][1]
    live_vote_close_domain(live_vote=live_vote, domain=Domain.objects.get(number=1))
    pages.append(("closed", page(client, vote_url)))
    live_vote_end(live_vote=live_vote)
    pages.append(("ended", page(client, vote_url)))
    found = []
    for name, html in pages:
        found += problems(f"vote: {name}", html, allowed_titles=titles)
    assert not found, "\n".join(found)


# The questions' hints ---------------------------------------------------------------------


STOP_WORDS = set("""a an and are as at be by can do does did for from get go if in is it its
of on or so that the this to was with you your yours yourself""".split())


def content_words(text):
    return {word for word in re.findall(r"[a-z']+", text.lower()) if word not in STOP_WORDS}


def easy_read_questions():
    for path in sorted(glob.glob("fixtures/framework/domains/d*.yaml")):
        with open(path, encoding="utf-8") as file:
            domain = yaml.safe_load(file)
        yield from domain["survey_questions"]["lived_experience"]


def test_every_easy_read_question_has_a_hint_that_explains_it():
    questions = list(easy_read_questions())
    assert len(questions) == 26
    found = []
    for question in questions:
        hint = question.get("hint") or ""
        if not hint.strip():
            found.append(f"{question['code']}: no hint")
            continue
        hint_words = content_words(hint)
        shared = hint_words & content_words(question["text"])
        if len(shared) >= 0.6 * len(hint_words):
            found.append(f"{question['code']}: the hint repeats the question: {hint!r}")
        for sentence in re.split(r"(?<=[.!?])\s+", hint):
            if len(words(sentence)) > MAX_WORDS:
                found.append(f"{question['code']}: hint sentence too long: {sentence!r}")
    assert not found, "\n".join(found)
