"""A survey's questions, pictures and recordings are read once per version of the survey and
kept (evaluations.survey_content); every change to what its pages show reaches them at once."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from domains.models import SurveyQuestion
from evaluations import survey_content
from evaluations.selectors.surveys import survey_items
from evaluations.services.surveys import (
    survey_item_wording_update,
    survey_own_question_add,
    survey_questions_choose,
)
from tests.factories import CouncilRecordingFactory

from .helpers import begin

pytestmark = pytest.mark.django_db


def question_url(survey, number):
    return reverse("surveys:question", kwargs={"token": survey.token, "number": number})


def page(client, survey, number=1):
    return client.get(question_url(survey, number)).content.decode()


def total(html):
    return int(re.search(r"Question \d+ of (\d+)", html).group(1))


def test_the_questions_are_read_once_then_kept(client, lived_survey):
    begin(client, lived_survey)
    page(client, lived_survey, 1)
    with CaptureQueriesContext(connection) as queries:
        page(client, lived_survey, 2)
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert "evaluations_surveyitem" not in tables
    assert "domains_councilquestionpicture" not in tables


def test_switching_questions_off_shows_at_once(client, lived_survey):
    begin(client, lived_survey)
    asked = total(page(client, lived_survey))
    items = survey_items(lived_survey)
    survey_questions_choose(survey=lived_survey, enabled_item_ids=[i.pk for i in items[:3]])
    assert total(page(client, lived_survey)) == 3 != asked


def test_an_own_question_shows_at_once(client, lived_survey):
    begin(client, lived_survey)
    asked = total(page(client, lived_survey))
    domain = survey_items(lived_survey)[-1].domain
    survey_own_question_add(survey=lived_survey, domain=domain, text="Do you like the bus?")
    last = page(client, lived_survey, asked + 1)
    assert "Do you like the bus?" in last and total(last) == asked + 1


def test_newer_wording_shows_at_once(client, lived_survey):
    begin(client, lived_survey)
    item = survey_items(lived_survey)[0]
    page(client, lived_survey, 1)
    SurveyQuestion.objects.filter(pk=item.question.pk).update(is_current=False)
    newer = SurveyQuestion.objects.get(pk=item.question.pk)
    newer.pk, newer.revision, newer.is_current = None, 2, True
    newer.text_en = "Do people listen to you at home?"
    newer.save()
    survey_item_wording_update(item=item)
    assert "Do people listen to you at home?" in page(client, lived_survey, 1)


def test_a_changed_picture_and_a_new_recording_show_at_once(client, lived_survey, council):
    begin(client, lived_survey)
    question = survey_items(lived_survey)[0].question
    assert "<audio" not in page(client, lived_survey, 1)
    question.picture = "images/faces/good.svg"
    question.save(update_fields=["picture"])
    CouncilRecordingFactory(council=council, question=question, language="en",
                            audio=b"RIFF", content_type="audio/wav")
    shown = page(client, lived_survey, 1)
    assert "images/faces/good" in shown and "<audio" in shown


def test_what_is_kept_is_shown_in_each_page_language(client, new_client, lived_survey):
    item = survey_items(lived_survey)[0]
    begin(client, lived_survey, "en")
    assert item.question.text_en in page(client, lived_survey, 1)
    welsh = new_client()
    begin(welsh, lived_survey, "cy")
    shown = page(welsh, lived_survey, 1)
    assert item.question.text_cy in shown and item.question.text_en not in shown


def test_what_is_kept_is_read_again_after_a_while(client, lived_survey, monkeypatch):
    begin(client, lived_survey)
    page(client, lived_survey, 1)
    clock = survey_content.time.monotonic() + survey_content.KEEP_SECONDS + 1
    monkeypatch.setattr(survey_content.time, "monotonic", lambda: clock)
    with CaptureQueriesContext(connection) as queries:
        page(client, lived_survey, 2)
    assert any("evaluations_surveyitem" in q["sql"] for q in queries.captured_queries)
