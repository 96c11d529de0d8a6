"""Workshops: the list, recording and changing one, its page and the group's domain ratings."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError

from domains.models import Domain, Scale
from evaluations.models import (
    Evaluation,
    Workshop,
    WorkshopRating,
)
from evaluations.services.workshops import (
    workshop_create,
    workshop_rating_save,
    workshop_update,
)
from tests.factories import LiveVoteFactory, VoteFactory, VoteParticipantFactory, WorkshopFactory

from .helpers import assert_govuk_error
from .helpers import evaluation_url as url

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation(three_domain_evaluation):
    return three_domain_evaluation


@pytest.fixture
def workshop(evaluation):
    return WorkshopFactory(evaluation=evaluation, title="Spring workshop")


@pytest.fixture
def signed_in(client, contributor):
    client.force_login(contributor)
    return client


def workshop_url(name, workshop, **kwargs):
    return url(name, workshop.evaluation, workshop_pk=workshop.pk, **kwargs)


def workshop_data(**overrides):
    data = {
        "title": "Summer workshop", "held_on_0": "14", "held_on_1": "6", "held_on_2": "2026",
        "place": "Town hall", "notes": "We talked about housing.\r\nAnd about work.",
        "attended_lived_experience": "8", "attended_family_carers": "5",
        "attended_staff": "", "attended_partners": "1,000", "rating_scale": "faces",
    }
    data.update(overrides)
    return data


# The list ---------------------------------------------------------------------------------


def test_empty_list(signed_in, evaluation):
    page = signed_in.get(url("workshops", evaluation)).content.decode()
    assert "No workshops have been recorded yet." in page
    assert "Record a workshop" in page
    assert url("workshop_create", evaluation) in page


def test_list_shows_each_workshop(signed_in, evaluation, workshop):
    workshop_rating_save(workshop=workshop, domain=Domain.objects.get(number=2), choice="mostly")
    WorkshopFactory(evaluation=evaluation, title="Autumn workshop", place="",
                    held_on=datetime.date(2026, 9, 1))
    page = signed_in.get(url("workshops", evaluation)).content.decode()
    assert "2 workshops recorded" in page
    assert "Spring workshop" in page
    assert "12 May 2026" in page
    assert "Riverside community centre" in page
    assert ">15</td>" in page  # 6 + 4 + 3 + 2 people
    assert "1 of 3" in page
    assert "0 of 3" in page
    assert page.index("Autumn workshop") < page.index("Spring workshop")  # newest first
    assert workshop_url("workshop", workshop) in page


def test_board_viewer_sees_list_without_record_button(client, board_viewer, workshop):
    client.force_login(board_viewer)
    page = client.get(url("workshops", workshop.evaluation)).content.decode()
    assert "Spring workshop" in page
    assert "Record a workshop" not in page


# Recording and changing a workshop --------------------------------------------------------


def test_record_a_workshop(signed_in, evaluation):
    page = signed_in.get(url("workshop_create", evaluation)).content.decode()
    assert page.count('inputmode="numeric"') == 3 + 4  # the date, then the four groups
    assert 'name="held_on_0"' in page
    assert "govuk-character-count" in page
    assert ' maxlength="5000"' not in page
    response = signed_in.post(url("workshop_create", evaluation), workshop_data())
    workshop = Workshop.objects.get()
    assert response.status_code == 302
    assert response["Location"] == workshop_url("workshop", workshop)
    assert workshop.evaluation == evaluation
    assert workshop.title == "Summer workshop"
    assert workshop.held_on == datetime.date(2026, 6, 14)
    assert workshop.place == "Town hall"
    assert workshop.notes == "We talked about housing.\nAnd about work."
    assert workshop.attendance == {"lived_experience": 8, "family_carers": 5, "staff": 0,
                                   "partners": 1000}
    assert workshop.rating_scale == Scale.FACES
    page = signed_in.get(response["Location"]).content.decode()
    assert "Workshop recorded." in page
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.IN_PROGRESS


def test_control_characters_are_dropped(signed_in, evaluation):
    signed_in.post(url("workshop_create", evaluation),
                   workshop_data(title="Big\tmeeting\x07", notes="One\x00 two\x1b\nthree"))
    workshop = Workshop.objects.get()
    assert workshop.title == "Big meeting"
    assert workshop.notes == "One two\nthree"


@pytest.mark.parametrize(("field", "value", "message"), [
    ("title", "", "Enter a name for the workshop"),
    ("title", "x" * 201, "The name must be 200 characters or fewer"),
    ("held_on_0", "", "The date of the workshop must include a day"),
    ("held_on_1", "13", "The date of the workshop must be a real date"),
    ("held_on_0", "31", None),  # 31 June
    ("attended_family_carers", "-1", "The number of family carers must be 0 or more"),
    ("attended_family_carers", "four",
     "Enter the number of family carers as a whole number, like 4"),
    ("attended_family_carers", "2.5",
     "Enter the number of family carers as a whole number, like 4"),
    ("attended_lived_experience", "1001",
     "The number of people with lived experience must be 1,000 or fewer"),
    ("notes", "x" * 5001, "The notes must be 5000 characters or fewer"),
    ("place", "x" * 201, "The place must be 200 characters or fewer"),
    ("rating_scale", "stars", "Select the scale the group used"),
])
def test_bad_workshop_details_get_a_govuk_error(signed_in, evaluation, field, value, message):
    message = message or "The date of the workshop must be a real date"
    response = signed_in.post(url("workshop_create", evaluation), workshop_data(**{field: value}))
    page = assert_govuk_error(response, message)
    assert not Workshop.objects.exists()
    if field not in ("notes", "rating_scale") and value:
        assert f'value="{value}"' in page  # nothing typed is lost


def test_empty_date(signed_in, evaluation):
    response = signed_in.post(url("workshop_create", evaluation),
                              workshop_data(held_on_0="", held_on_1="", held_on_2=""))
    assert_govuk_error(response, "Enter the date of the workshop")


def test_change_a_workshop(signed_in, workshop):
    page = signed_in.get(workshop_url("workshop_edit", workshop)).content.decode()
    assert 'value="Spring workshop"' in page
    assert 'name="held_on_0" value="12"' in page
    assert 'value="6"' in page
    response = signed_in.post(workshop_url("workshop_edit", workshop),
                              workshop_data(title="Spring workshop (changed)"))
    assert response.status_code == 302
    assert response["Location"] == workshop_url("workshop", workshop)
    workshop.refresh_from_db()
    assert workshop.title == "Spring workshop (changed)"
    assert workshop.attended_staff == 0
    assert Workshop.objects.count() == 1


def test_scale_cannot_change_once_rated(signed_in, workshop):
    workshop_rating_save(workshop=workshop, domain=Domain.objects.get(number=1), choice="mostly")
    response = signed_in.post(workshop_url("workshop_edit", workshop),
                              workshop_data(rating_scale="faces"))
    assert_govuk_error(response, "The group has already rated 1 domain on this scale, "
                                 "so the scale cannot be changed")
    workshop.refresh_from_db()
    assert workshop.rating_scale == Scale.FOUR_POINT


# The workshop page ------------------------------------------------------------------------


def test_workshop_page(signed_in, workshop):
    workshop_rating_save(workshop=workshop, domain=Domain.objects.get(number=2),
                         choice="sometimes", strengths="Good <b>links</b> with housing")
    page = signed_in.get(workshop_url("workshop", workshop)).content.decode()
    assert "<h1 class=\"govuk-heading-l\">Spring workshop</h1>" in page
    assert "12 May 2026" in page
    assert workshop_url("workshop_edit", workshop) + "#id_title" in page
    for group, count in (("People with lived experience", 6), ("Family carers", 4),
                         ("Staff", 3), ("Partners", 2)):
        assert re.search(rf">{group}</th>\s*<td[^>]*>{count}</td>", page), group
    assert "<strong>15</strong>" in page
    assert page.count("Not rated yet") == 2
    assert ">Sometimes</td>" in page
    assert workshop_url("workshop_rating", workshop, number=1) in page
    assert "Rate<span" in page and "Change<span class=\"govuk-visually-hidden\"> the rating" in page
    assert "Good &lt;b&gt;links&lt;/b&gt; with housing" in page


def test_board_viewer_reads_workshop_page(client, board_viewer, workshop):
    client.force_login(board_viewer)
    page = client.get(workshop_url("workshop", workshop)).content.decode()
    assert "Spring workshop" in page
    assert workshop_url("workshop_edit", workshop) not in page
    assert workshop_url("workshop_rating", workshop, number=1) not in page


# Rating a domain --------------------------------------------------------------------------


def test_rating_page_is_one_question(signed_in, workshop):
    page = signed_in.get(workshop_url("workshop_rating", workshop, number=1)).content.decode()
    assert '<span class="govuk-caption-l">Domain 1: Domain title 1</span>' in page
    assert re.search(r'<h1 class="govuk-fieldset__heading">\s*How did the group rate '
                     r'Domain title 1\?\s*</h1>', page)
    for label in ("Yes, all the time", "Mostly", "Sometimes", "Not yet", "Don&#x27;t know"):
        assert label in page
    assert "Good" not in re.sub(r"<[^>]+>", "", page.split("<form")[1]).split("Strengths")[0]
    assert "Save and rate the next domain" in page
    assert page.count('data-module="govuk-character-count"') == 3


def test_faces_workshop_rates_with_faces(signed_in, evaluation):
    workshop = WorkshopFactory(evaluation=evaluation, rating_scale=Scale.FACES)
    page = signed_in.get(workshop_url("workshop_rating", workshop, number=1)).content.decode()
    assert 'value="good"' in page and 'value="no_say"' in page
    assert 'value="mostly"' not in page


def test_rate_a_domain(signed_in, workshop):
    response = signed_in.post(workshop_url("workshop_rating", workshop, number=2), {
        "choice": "mostly", "strengths": "Good links", "improvements": "Waiting lists",
        "evidence": "Three examples",
    })
    assert response.status_code == 302
    assert response["Location"] == workshop_url("workshop", workshop) + "#ratings"
    rating = WorkshopRating.objects.get()
    assert (rating.domain.number, rating.choice, rating.strengths, rating.improvements,
            rating.evidence) == (2, "mostly", "Good links", "Waiting lists", "Three examples")
    page = signed_in.get(response["Location"]).content.decode()
    assert "The rating for Domain title 2 has been saved." in page
    # Changing it replaces it.
    page = signed_in.get(workshop_url("workshop_rating", workshop, number=2)).content.decode()
    assert re.search(r'value="mostly"\s+checked="checked"', page)
    assert "Waiting lists</textarea>" in page
    signed_in.post(workshop_url("workshop_rating", workshop, number=2), {"choice": "not_yet"})
    rating = WorkshopRating.objects.get()
    assert rating.choice == "not_yet"
    assert rating.strengths == ""


def test_save_and_rate_the_next_domain(signed_in, workshop):
    response = signed_in.post(workshop_url("workshop_rating", workshop, number=1),
                              {"choice": "sometimes", "next_domain": ""})
    assert response["Location"] == workshop_url("workshop_rating", workshop, number=2)
    page = signed_in.get(workshop_url("workshop_rating", workshop, number=3)).content.decode()
    assert "Save and rate the next domain" not in page  # the last domain
    response = signed_in.post(workshop_url("workshop_rating", workshop, number=3),
                              {"choice": "sometimes", "next_domain": ""})
    assert response["Location"] == workshop_url("workshop", workshop) + "#ratings"


@pytest.mark.parametrize(("data", "message"), [
    ({}, "Select how the group rated Domain title 1"),
    ({"choice": "good"}, "Select how the group rated Domain title 1"),  # the other scale
    ({"choice": "excellent"}, "Select how the group rated Domain title 1"),
    ({"choice": "mostly", "evidence": "x" * 5001},
     "The evidence must be 5000 characters or fewer"),
    ({"choice": "mostly", "strengths": "x" * 5001},
     "The strengths must be 5000 characters or fewer"),
    ({"choice": "mostly", "improvements": "x" * 5001},
     "The things to improve must be 5000 characters or fewer"),
])
def test_bad_rating_gets_a_govuk_error(signed_in, workshop, data, message):
    response = signed_in.post(workshop_url("workshop_rating", workshop, number=1), data)
    assert_govuk_error(response, message)
    assert not WorkshopRating.objects.exists()


def test_line_breaks_count_once(signed_in, workshop):
    text = "a\r\n" * 2499 + "ab"  # 5000 characters once CR LF is one line break
    response = signed_in.post(workshop_url("workshop_rating", workshop, number=1),
                              {"choice": "mostly", "evidence": text})
    assert response.status_code == 302
    assert len(WorkshopRating.objects.get().evidence) == 5000


# Services ---------------------------------------------------------------------------------


def test_workshop_create_and_update(evaluation):
    workshop = workshop_create(evaluation=evaluation, title="Workshop",
                               held_on=datetime.date(2026, 5, 1), attended_staff=None)
    assert workshop.attended_total == 0
    assert workshop.rating_scale == Scale.FOUR_POINT
    workshop_update(workshop=workshop, place="Library", attended_staff=4)
    workshop.refresh_from_db()
    assert (workshop.place, workshop.attended_staff, workshop.title) == ("Library", 4, "Workshop")
    with pytest.raises(TypeError):
        workshop_update(workshop=workshop, evaluation=None)


def test_workshop_create_refuses_an_unknown_scale(evaluation):
    with pytest.raises(ValidationError):
        workshop_create(evaluation=evaluation, title="W", held_on=datetime.date(2026, 5, 1),
                        rating_scale="stars")
    assert not Workshop.objects.exists()


def test_rating_is_one_per_workshop_and_domain(workshop):
    domain = Domain.objects.get(number=1)
    first = workshop_rating_save(workshop=workshop, domain=domain, choice="mostly",
                                 strengths="A")
    second = workshop_rating_save(workshop=workshop, domain=domain, choice="not_yet",
                                  evidence="B")
    assert first.pk == second.pk
    rating = WorkshopRating.objects.get()
    assert (rating.choice, rating.strengths, rating.evidence) == ("not_yet", "", "B")
    other = WorkshopFactory(evaluation=workshop.evaluation)
    workshop_rating_save(workshop=other, domain=domain, choice="mostly")
    assert WorkshopRating.objects.count() == 2


def test_rating_must_be_on_the_workshops_scale(workshop):
    with pytest.raises(ValidationError):
        workshop_rating_save(workshop=workshop, domain=Domain.objects.get(number=1),
                             choice="good")
    assert not WorkshopRating.objects.exists()


def test_scale_change_allowed_before_any_rating(workshop):
    workshop_update(workshop=workshop, rating_scale=Scale.FACES)
    workshop.refresh_from_db()
    assert workshop.rating_scale == Scale.FACES
    workshop_rating_save(workshop=workshop, domain=Domain.objects.get(number=1), choice="good")
    with pytest.raises(ValidationError):
        workshop_update(workshop=workshop, rating_scale=Scale.FOUR_POINT)


# Query counts -----------------------------------------------------------------------------


def add_live_votes(workshop, count=3, people=4):
    """Live votes (the live vote pages' models), each with people voting on every domain."""
    domains = list(Domain.objects.all())
    for number in range(count):
        live_vote = LiveVoteFactory(workshop=workshop, code=f"QC{workshop.pk}{number}")
        for _ in range(people):
            person = VoteParticipantFactory(live_vote=live_vote, group="staff")
            for domain in domains:
                VoteFactory(live_vote=live_vote, participant=person, domain=domain, choice="good")


def test_workshop_page_shows_live_votes(signed_in, workshop):
    add_live_votes(workshop, count=1, people=2)
    page = signed_in.get(workshop_url("workshop", workshop)).content.decode()
    assert "Live votes" in page
    assert "2 people joined" in page


@pytest.mark.parametrize("page", ["workshops", "workshop"])
def test_query_count_does_not_grow(signed_in, workshop, page, django_assert_max_num_queries):
    target = url("workshops", workshop.evaluation) if page == "workshops" else \
        workshop_url("workshop", workshop)
    with django_assert_max_num_queries(15) as few:
        assert signed_in.get(target).status_code == 200
    for domain in Domain.objects.all():
        workshop_rating_save(workshop=workshop, domain=domain, choice="mostly", strengths="S")
    add_live_votes(workshop)
    for _ in range(5):
        other = WorkshopFactory(evaluation=workshop.evaluation)
        for domain in Domain.objects.all():
            workshop_rating_save(workshop=other, domain=domain, choice="sometimes")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert signed_in.get(target).status_code == 200


def test_rating_page_query_count(signed_in, workshop, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        signed_in.get(workshop_url("workshop_rating", workshop, number=1))
