"""The one read behind a survey page (evaluations.selectors.responses.survey_page) gives the
same objects the ORM would, in one query, on SQLite and on PostgreSQL."""

import uuid

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.models import Response, Survey
from evaluations.selectors.responses import survey_page
from evaluations.selectors.surveys import survey_items
from evaluations.services.responses import answer_save, response_start
from tests.query_budget import counted

pytestmark = pytest.mark.django_db


def field_values(instance):
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def test_the_survey_its_evaluation_and_council_are_the_orms(lived_survey):
    with CaptureQueriesContext(connection) as queries:
        page = survey_page(lived_survey.token)
    assert len(queries.captured_queries) == 1
    orm = Survey.objects.select_related("evaluation__council").get(pk=lived_survey.pk)
    assert field_values(page.survey) == field_values(orm)
    assert field_values(page.survey.evaluation) == field_values(orm.evaluation)
    assert field_values(page.survey.evaluation.council) == field_values(orm.evaluation.council)
    assert page.response is None and page.answers == {}
    with CaptureQueriesContext(connection) as queries:
        assert page.survey.evaluation.council.name == orm.evaluation.council.name
        assert page.survey.is_open()
    assert queries.captured_queries == []


@pytest.mark.parametrize("practice", [False, True])
def test_the_response_and_every_answer_come_in_the_same_query(lived_survey, practice):
    response = response_start(survey=lived_survey, practice=practice)
    items = survey_items(lived_survey)
    answer_save(response=response, item=items[0], choice="good", comment="Lovely staff")
    answer_save(response=response, item=items[2], choice="", comment="")
    with CaptureQueriesContext(connection) as queries:
        page = survey_page(lived_survey.token, str(response.submission_key))
    assert len(queries.captured_queries) == 1
    orm = Response.with_practice.get(pk=response.pk)
    assert field_values(page.response) == field_values(orm)
    assert isinstance(page.response.submission_key, uuid.UUID)
    assert page.response.practice is practice
    assert page.answers == {items[0].pk: ("good", "Lovely staff"), items[2].pk: ("", "")}


def test_an_unknown_or_tampered_key_finds_no_response(lived_survey, carer_survey):
    other = response_start(survey=carer_survey)
    for key in (str(uuid.uuid4()), "not-a-key", str(other.submission_key)):
        page = survey_page(lived_survey.token, key)
        assert page.survey.pk == lived_survey.pk
        assert page.response is None, key


def test_an_unknown_token_is_not_found(lived_survey):
    with pytest.raises(Http404):
        survey_page("no-such-token")


def test_a_first_answer_is_stored_in_at_most_five_queries(client, lived_survey):
    """Start, then the first saved answer makes the response: one insert for it and one
    upsert for the answer, the session's reads and writes included. (The evaluation's very
    first response also marks the evaluation as started.)"""
    response_start(survey=lived_survey)  # someone else's: the evaluation has started
    token = lived_survey.token
    client.post(reverse("surveys:start", args=[token]), {"language": "en"})
    client.post(reverse("surveys:welcome", args=[token]))
    page = reverse("surveys:question", kwargs={"token": token, "number": 1})
    client.get(page)
    with CaptureQueriesContext(connection) as captured:
        reply = client.post(page, {"choice": "good", "comment": ""})
    assert reply.status_code == 302
    queries = counted(captured)
    assert len(queries) <= 5, "\n".join(queries)
    assert Response.objects.filter(survey=lived_survey).count() == 2
