"""Cymraeg first where the council chooses it (Council.cymraeg_first): the survey's language
choice (also on the shared-device link), the language switcher of survey and vote pages, and
the poster, which is bilingual for councils in Wales and councils in England that chose it."""

import datetime
import re

import pytest
from django.urls import reverse

from betterlives.models import Council
from evaluations.models.surveys import spaced_code
from evaluations.services.live_votes import live_vote_start
from tests.factories import (
    CouncilFactory,
    WorkshopFactory,
    evaluation_with_surveys,
    member,
    small_framework,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def wales(db):
    return CouncilFactory(name="Cyngor Caerdydd", slug="caerdydd", nation=Council.Nation.WALES)


@pytest.fixture
def england(db):
    return CouncilFactory(name="Riverside Council", slug="riverside",
                          nation=Council.Nation.ENGLAND)


def survey_of(council, audience="lived_experience"):
    small_framework()
    evaluation = evaluation_with_surveys(council)
    return evaluation.surveys.get(audience=audience)


def language_radios(page):
    """The language radios' (value, label's lang) in the order the page lists them."""
    values = re.findall(r'name="language" type="radio" value="(\w+)"', page)
    langs = re.findall(r'for="id_language-\d+" lang="(\w+)"', page)
    return list(zip(values, langs, strict=True))


def switcher_order(page):
    switcher = page[page.index('class="bl-language-switcher"'):]
    switcher = switcher[:switcher.index("</form>")]
    return re.findall(r'(?:value="\w+" )?lang="(\w+)"', switcher)


# The language choice --------------------------------------------------------------------------


@pytest.mark.parametrize("page_name", ["surveys:start", "surveys:shared"])
def test_cymraeg_comes_first_when_the_council_chose_it(client, wales, page_name):
    survey = survey_of(wales)
    page = client.get(reverse(page_name, args=[survey.token])).content.decode()
    assert language_radios(page) == [("cy", "cy"), ("en", "en")]
    assert switcher_order(page) == ["cy", "en"]


@pytest.mark.parametrize("page_name", ["surveys:start", "surveys:shared"])
def test_english_comes_first_when_it_did_not(client, england, page_name):
    survey = survey_of(england)
    page = client.get(reverse(page_name, args=[survey.token])).content.decode()
    assert language_radios(page) == [("en", "en"), ("cy", "cy")]
    assert switcher_order(page) == ["en", "cy"]


def test_a_council_in_wales_can_put_english_first(client, wales):
    wales.cymraeg_first = False
    wales.save()
    survey = survey_of(wales)
    page = client.get(reverse("surveys:start", args=[survey.token])).content.decode()
    assert language_radios(page) == [("en", "en"), ("cy", "cy")]


def test_choosing_still_works_and_errors_still_link_to_the_first_choice(client, wales):
    survey = survey_of(wales)
    start = reverse("surveys:start", args=[survey.token])
    reply = client.post(start, {})
    page = reply.content.decode()
    assert "Choose English or Cymraeg" in page
    assert language_radios(page)[0] == ("cy", "cy")
    client.post(start, {"language": "en"})
    page = client.get(reverse("surveys:welcome", args=[survey.token])).content.decode()
    assert '<html lang="en"' in page
    assert switcher_order(page) == ["cy", "en"]


def test_the_vote_pages_switcher_follows_the_council(client, wales):
    small_framework(domains=1, questions=1)
    evaluation = evaluation_with_surveys(wales, audiences=[])
    workshop = WorkshopFactory(evaluation=evaluation, title="Workshop",
                               held_on=datetime.date(2026, 5, 1), place="",
                               attended_lived_experience=0, attended_family_carers=0,
                               attended_staff=0, attended_partners=0)
    live_vote = live_vote_start(workshop=workshop)
    page = client.get(reverse("votes:join", args=[live_vote.code])).content.decode()
    assert switcher_order(page) == ["cy", "en"]


# The poster --------------------------------------------------------------------------------


def poster(client, survey):
    client.force_login(member(council=survey.evaluation.council))
    evaluation = survey.evaluation
    return client.get(reverse("evaluations:poster", kwargs={
        "council_slug": evaluation.council.slug, "pk": evaluation.pk,
        "audience": survey.audience})).content.decode()


def poster_blocks(page):
    """The lang of each block of words on the poster, in order."""
    poster_part = page[page.index('class="bl-poster"'):]
    return re.findall(r'<(?:div|span) class="[^"]*" lang="(\w+)"', poster_part)


def test_a_council_in_wales_has_a_bilingual_poster_with_cymraeg_first(client, wales):
    survey = survey_of(wales)
    survey.closes_on = datetime.date(2026, 5, 31)
    survey.save()
    page = poster(client, survey)
    assert poster_blocks(page) == ["cy", "en"] * 4
    assert re.search(r'lang="cy">\s*<h1[^>]*>Dywedwch wrthym', page)
    assert re.search(r'lang="en">\s*<h2[^>]*>Tell us what you think', page)
    assert page.index("Dywedwch wrthym") < page.index("Tell us what you think")
    assert "Someone can help you answer." in page  # Easy Read
    assert "Please answer by 31 May 2026." in page
    assert "31 Mai 2026" in page  # the date in Welsh in the Welsh column
    # The code is shown once (its first three letters alone might be in any page).
    assert page.count(f'<p class="bl-short-code">{spaced_code(survey.short_code)}</p>') == 1


def test_a_council_in_wales_can_put_english_first_on_its_poster(client, wales):
    wales.cymraeg_first = False
    wales.save()
    page = poster(client, survey_of(wales))
    assert poster_blocks(page) == ["en", "cy"] * 4
    assert re.search(r'lang="en">\s*<h1[^>]*>Tell us what you think', page)
    assert page.index("Tell us what you think") < page.index("Dywedwch wrthym")


def test_a_council_in_england_has_an_english_poster(client, england):
    survey = survey_of(england, "family_carers")
    page = poster(client, survey)
    assert poster_blocks(page) == ["en"] * 4
    assert "Dywedwch wrthym" not in page
    assert "Do you care for an adult with a learning disability?" in page


def test_the_english_poster_stays_english_when_the_facilitator_reads_welsh(client, england):
    survey = survey_of(england)
    client.post(reverse("set_language"), {"language": "cy", "next": "/"})
    page = poster(client, survey)
    assert '<html lang="cy"' in page
    assert poster_blocks(page) == ["en"] * 4
    assert "Tell us what you think" in page and "Dywedwch wrthym" not in page


def test_a_council_in_england_can_choose_a_bilingual_poster(client, england):
    england.bilingual_posters = True
    england.save()
    survey = survey_of(england)
    assert poster_blocks(poster(client, survey)) == ["en", "cy"] * 4
    england.cymraeg_first = True
    england.save()
    assert poster_blocks(poster(client, survey)) == ["cy", "en"] * 4
