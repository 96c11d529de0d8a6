"""Domain 6 is provisional. Respondents, phones, the public "You said, we did" page and every
PDF name it in its Easy Read words and never say "provisional" ("dros dro" in Welsh); staff
pages and the public framework page say once, plainly, what is provisional and why."""

import datetime
import io
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from actionplans.reports.documents import DOCUMENTS
from actionplans.services import you_said_publish
from domains.easy_read import easy_read_title
from domains.models import Audience, Domain
from evaluations.models import Group
from evaluations.selectors.surveys import survey_items
from evaluations.services.live_votes import (
    live_vote_close_domain,
    live_vote_move,
    live_vote_start,
)
from tests.evaluations.documents import fetch_document
from tests.factories import WorkshopFactory, add_action, choose_domains, make_responses
from tests.pdf_render import render_pdf

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "cy")
MADE_AT = datetime.datetime(2026, 5, 14, 10, 30, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _many_votes(many_votes_allowed):
    """Every test here casts many votes from one machine."""


@pytest.fixture
def six(framework):
    domain = Domain.objects.get(number=6)
    assert domain.provisional
    return domain


@pytest.fixture
def plan(evaluation, six):
    """Domain 6 chosen, with answers, an action and the public page published."""
    choose_domains(evaluation, 6)
    for survey in evaluation.surveys.all():
        make_responses(survey, 5, "good" if survey.is_easy_read else "mostly")
    action = add_action(evaluation, 6, easy_read_title="Help to find a job",
                        easy_read_description="We will help you find paid work.")
    you_said_publish(evaluation=evaluation, user=None, next_update_on=datetime.date(2099, 3, 31))
    return action


@pytest.fixture
def workshop(evaluation):
    return WorkshopFactory(evaluation=evaluation, title="Spring workshop",
                           held_on=datetime.date(2026, 5, 1), place="",
                           attended_lived_experience=0, attended_family_carers=0,
                           attended_staff=0, attended_partners=0)


def text_of(html):
    """What a page says: its words without tags or attributes."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.replace("\u2019", "'").split())


def assert_never_provisional(text, where):
    lowered = text.lower()
    assert "provisional" not in lowered, where
    assert "dros dro" not in lowered, where
    assert "working title" not in lowered and "teitl gweithio" not in lowered, where


def name_in(language, domain):
    with translation.override(language):
        return easy_read_title(Domain.objects.get(pk=domain.pk))


def in_language(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language


# Respondents ---------------------------------------------------------------------------------


def test_easy_read_title_of_domain_six_is_plain_in_both_languages(six):
    assert name_in("en", six) == "For now, this part is about your everyday life."
    assert name_in("cy", six).startswith("Am nawr, mae")
    for language in LANGUAGES:
        assert_never_provisional(name_in(language, six), language)
    # The title itself is plain too: the flag, not the words, says it is provisional.
    assert_never_provisional(f"{six.title_en} {six.title_cy}", "title")


@pytest.mark.parametrize("language", LANGUAGES)
def test_survey_pages_for_domain_six_never_say_provisional(client, evaluation, six, language):
    for survey in evaluation.surveys.all():
        client.cookies.clear()
        token = survey.token
        assert client.post(reverse("surveys:start", args=[token]),
                           {"language": language}).status_code == 302
        assert client.post(reverse("surveys:welcome", args=[token])).status_code == 302
        numbers = [number for number, item in enumerate(survey_items(survey), start=1)
                   if item.domain_id == six.pk]
        assert numbers, survey.audience
        for number in numbers:
            url = reverse("surveys:question", args=[token, number])
            page = client.get(url)
            assert page.status_code == 200
            assert_never_provisional(text_of(page.content.decode()), (survey.audience, number))
            choice = "good" if survey.is_easy_read else "mostly"
            reply = client.post(url, {"choice": choice, "comment": ""})
            assert reply.status_code == 302, reply.content
        check = client.get(reverse("surveys:check", args=[token]))
        assert check.status_code == 200
        assert_never_provisional(text_of(check.content.decode()), (survey.audience, "check"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_vote_phones_and_the_projector_never_say_provisional(client, facilitator, workshop,
                                                             six, language):
    live_vote = live_vote_start(workshop=workshop)
    live_vote_move(live_vote=live_vote, domain=six)
    in_language(client, language)
    join_url = reverse("votes:join", args=[live_vote.code])
    vote_url = reverse("votes:vote", args=[live_vote.code])
    pages = [client.get(join_url)]
    assert client.post(join_url, {"group": Group.LIVED_EXPERIENCE}).status_code == 302
    pages.append(client.get(vote_url))
    client.post(vote_url, {"choice": "good", "domain": six.number})
    pages.append(client.get(vote_url))  # thank you
    pages.append(client.get(vote_url + "?change=1"))
    live_vote_close_domain(live_vote=live_vote, domain=six)
    pages.append(client.get(vote_url))  # closed
    for number, page in enumerate(pages):
        assert page.status_code == 200
        assert_never_provisional(text_of(page.content.decode()), number)
    name = name_in(language, six)
    assert name in pages[1].content.decode()

    staff = type(client)()
    staff.force_login(facilitator)
    in_language(staff, language)
    present = staff.get(reverse("evaluations:vote_present", kwargs={
        "council_slug": workshop.evaluation.council.slug, "pk": workshop.evaluation_id,
        "workshop_pk": workshop.pk, "vote_pk": live_vote.pk}))
    assert present.status_code == 200
    assert name in present.content.decode()
    assert_never_provisional(text_of(present.content.decode()), "projector")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_public_you_said_page_never_says_provisional(client, evaluation, plan, six,
                                                         language):
    survey = evaluation.surveys.get(audience=Audience.LIVED_EXPERIENCE)
    in_language(client, language)
    page = client.get(reverse("surveys:you_said", args=[survey.token]))
    assert page.status_code == 200
    html = page.content.decode()
    heading = html.split('id="domain-6">')[1].split("</h2>")[0]
    assert heading == name_in(language, six)
    assert_never_provisional(text_of(html), "you said")


# PDFs ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("key", sorted(DOCUMENTS))
def test_reports_never_say_provisional(evaluation, plan, six, key, language):
    template, builder = DOCUMENTS[key]
    with translation.override(language):
        context = builder(evaluation, made_at=MADE_AT)
    text = pdf_text(render_pdf(template, context, language=language))
    with translation.override(language):
        name = six.title if key != "easyread" else name_in(language, six)
    assert " ".join(name.replace("\u2019", "'").split()) in text
    assert_never_provisional(text, key)


@pytest.mark.parametrize("language", LANGUAGES)
def test_paper_questionnaires_and_the_workshop_pack_never_say_provisional(
        client, facilitator, evaluation, workshop, six, language):
    live_vote_start(workshop=workshop)
    client.force_login(facilitator)
    kwargs = {"council_slug": evaluation.council.slug, "pk": evaluation.pk}
    urls = [reverse("evaluations:paper_pdf", kwargs={**kwargs, "audience": audience})
            for audience in Audience.values]
    urls.append(reverse("evaluations:workshop_pack", kwargs={**kwargs,
                                                             "workshop_pk": workshop.pk}))
    for url in urls:
        reply = fetch_document(client, f"{url}?language={language}")
        assert_never_provisional(pdf_text(reply.content), url)


# Staff pages and the public framework page ---------------------------------------------------


def says_once(html):
    """The note is there once, and no other words on the page say "provisional"."""
    assert html.count("data-provisional-note") == 1
    text = text_of(html)
    assert "Domain 6 is provisional." in text
    assert "we could not confirm the title and content of domain 6" in text
    assert text.lower().count("provisional") == 1


def test_the_framework_pages_say_once_what_is_provisional_and_why(client, six):
    says_once(client.get(reverse("domains:overview")).content.decode())
    says_once(client.get(six.get_absolute_url()).content.decode())
    other = client.get(Domain.objects.get(number=1).get_absolute_url()).content.decode()
    assert "data-provisional-note" not in other


def test_staff_pages_say_once_what_is_provisional_and_why(client, facilitator, evaluation,
                                                          plan, workshop, six):
    client.force_login(facilitator)
    council, pk = evaluation.council.slug, evaluation.pk
    evaluation_kwargs = {"council_slug": council, "pk": pk}
    for url in (
        reverse("evaluations:results", kwargs=evaluation_kwargs),
        reverse("evaluations:results_domain", args=[council, pk, 6]),
        reverse("evaluations:survey", kwargs={**evaluation_kwargs,
                                              "audience": Audience.LIVED_EXPERIENCE}),
        reverse("evaluations:workshop", kwargs={**evaluation_kwargs,
                                                "workshop_pk": workshop.pk}),
        reverse("actionplans:plan", kwargs=evaluation_kwargs),
        reverse("actionplans:action", kwargs={**evaluation_kwargs, "action_pk": plan.pk}),
        reverse("actionplans:action_create", kwargs={**evaluation_kwargs, "number": 6}),
        reverse("actionplans:you_said", kwargs=evaluation_kwargs),
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        says_once(page.content.decode())
    # A page about another domain does not mention it.
    other = client.get(reverse("evaluations:results_domain", args=[council, pk, 1]))
    assert "data-provisional-note" not in other.content.decode()
