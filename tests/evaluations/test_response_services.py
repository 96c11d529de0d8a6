import uuid

import pytest
from django.urls import reverse

from evaluations.models import Answer, Response, normalise_code
from evaluations.selectors.surveys import survey_items
from evaluations.services.responses import (
    SurveyClosed,
    answer_save,
    paper_response_create,
    response_find,
    response_start,
    response_submit,
)
from evaluations.services.surveys import survey_close
from tests.concurrency import needs_postgres, run_together
from tests.factories import SurveyItemFactory
from tests.query_budget import counted

pytestmark = pytest.mark.django_db


def test_saving_a_page_replaces_the_earlier_answer(lived_survey):
    response = response_start(survey=lived_survey)
    item = survey_items(lived_survey)[0]
    answer_save(response=response, item=item, choice="good", comment="first")
    answer_save(response=response, item=item, choice="not_good", comment="second")
    saved = Answer.objects.get(response=response, item=item)
    assert (saved.choice, saved.comment) == ("not_good", "second")


def test_resume_code_is_friendly_and_finds_the_response(lived_survey):
    response = response_start(survey=lived_survey)
    assert len(response.resume_code) == 8
    assert not set(response.resume_code) & set("0O1IL2Z5S8B")
    typed = f"  {response.resume_code[:4].lower()} - {response.resume_code[4:]} "
    assert response_find(code=typed) == response
    assert response_find(code="AAAA") is None
    assert normalise_code("ab-c d") == "ABCD"


def test_short_codes_have_no_look_alike_characters(evaluation):
    for survey in evaluation.surveys.all():
        assert 6 <= len(survey.short_code) <= 8
        assert not set(survey.short_code) & set("0O1IL2Z5S8B")
        assert len(survey.token) >= 20


def test_submit_is_idempotent(lived_survey):
    response = response_start(survey=lived_survey)
    first = response_submit(response=response)
    second = response_submit(response=response)
    assert first.submitted_at == second.submitted_at
    assert Response.objects.filter(status=Response.Status.SUBMITTED).count() == 1


def test_answers_to_a_sent_response_are_left_alone(lived_survey):
    response = response_start(survey=lived_survey)
    item = survey_items(lived_survey)[0]
    answer_save(response=response, item=item, choice="good", comment="")
    response_submit(response=response)
    assert answer_save(response=response, item=item, choice="not_good", comment="") is False
    assert Answer.objects.get(response=response).choice == "good"


def test_closed_survey_refuses_new_answers_but_keeps_old_ones(lived_survey):
    response = response_start(survey=lived_survey)
    item = survey_items(lived_survey)[0]
    answer_save(response=response, item=item, choice="good", comment="")
    survey_close(survey=lived_survey)
    with pytest.raises(SurveyClosed):
        answer_save(response=response, item=item, choice="not_good", comment="")
    with pytest.raises(SurveyClosed):
        response_submit(response=response)
    with pytest.raises(SurveyClosed):
        response_start(survey=lived_survey)
    assert Answer.objects.get(response=response).choice == "good"


def test_paper_response_is_stored_once_per_key(lived_survey):
    items = survey_items(lived_survey)
    key = uuid.uuid4()
    answers = {items[0]: ("good", "On paper"), items[1]: ("", "")}
    first, created = paper_response_create(survey=lived_survey, submission_key=key,
                                           answers=answers, helped=True)
    again, created_again = paper_response_create(survey=lived_survey, submission_key=key,
                                                 answers=answers, helped=True)
    assert created and not created_again
    assert first == again
    assert first.channel == Response.Channel.PAPER and first.is_submitted
    assert Answer.objects.filter(response=first).count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_threads_sending_the_same_response_store_one(lived_survey):
    response = response_start(survey=lived_survey)
    results = run_together(2, lambda: response_submit(response=response).submitted_at)
    assert len(set(results)) == 1
    assert Response.objects.filter(status=Response.Status.SUBMITTED).count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_threads_entering_the_same_paper_response_store_one(lived_survey):
    items = survey_items(lived_survey)
    key = uuid.uuid4()

    def enter():
        response, _ = paper_response_create(
            survey=lived_survey, submission_key=key,
            answers={items[0]: ("good", "")}, helped=False,
        )
        return response.pk

    results = run_together(2, enter)
    assert len(set(results)) == 1
    assert Response.objects.count() == 1
    assert Answer.objects.count() == 1


def answered_response(survey, count):
    """A response with `count` answers, adding the council's own questions if needed."""
    items = survey_items(survey)
    domain = items[0].domain
    for extra in range(max(0, count - len(items))):
        SurveyItemFactory(survey=survey, domain=domain, own_text=f"Extra {extra}",
                          position=2000 + extra)
    items = survey_items(survey)
    response = response_start(survey=survey)
    for item in items[:count]:
        answer_save(response=response, item=item, choice="good", comment="")
    return response, items


# At most this many queries to show a question and to save an answer, the session's included
# (statements that only start or end a transaction are not counted).
QUESTION_BUDGET = {"get": 3, "post": 5}


@pytest.mark.parametrize("method", ["get", "post"])
def test_question_page_queries_do_not_grow(client, lived_survey, method,
                                           django_assert_max_num_queries):
    def measure(count):
        response, items = answered_response(lived_survey, count)
        session = client.session
        session["survey_responses"] = {lived_survey.token: str(response.submission_key)}
        session.save()
        page = reverse("surveys:question", kwargs={"token": lived_survey.token, "number": 2})
        client.get(page)  # the survey's questions are read once, then kept (survey_content)
        with django_assert_max_num_queries(8) as captured:
            if method == "get":
                assert client.get(page).status_code == 200
            else:
                assert client.post(page, {"choice": "not_sure", "comment": ""}).status_code == 302
        queries = counted(captured)
        assert len(queries) <= QUESTION_BUDGET[method], "\n".join(queries)
        return len(captured.captured_queries)

    assert measure(3) == measure(60)
