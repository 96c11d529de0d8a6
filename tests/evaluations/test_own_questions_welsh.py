"""A council's own survey questions in Welsh and English.

A council in Wales gives every own question in both languages (the form says which is
missing, and a survey with an own question without its Welsh cannot be given opening dates or
reopened); a council in England may give the Welsh. People who choose Cymraeg see the Welsh, or
the English marked lang="en" where the council gave none.
"""

import pytest
from django.utils import translation

from betterlives.models import Council, Role
from domains.models import Domain
from evaluations.models import SurveyItem
from evaluations.services.surveys import survey_close, survey_own_question_add
from tests.factories import SurveyItemFactory, evaluation_with_surveys, member, small_framework

from .helpers import survey_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(council):
    small_framework()
    return evaluation_with_surveys(council).surveys.get(audience="family_carers")


@pytest.fixture
def welsh_survey(survey):
    council = survey.evaluation.council
    council.nation = Council.Nation.WALES
    council.save()
    return survey


def add_page(client, survey, data):
    return client.post(survey_url("own_question_add", survey), data)


def test_a_council_in_wales_must_give_the_welsh(signed_in, welsh_survey):
    page = signed_in.get(survey_url("own_question_add", welsh_survey)).content.decode()
    assert "Your question in Welsh (Cymraeg)" in page
    assert "Councils in Wales ask every question in Welsh and English." in page
    response = add_page(signed_in, welsh_survey, {"domain": "1", "text": "Do you feel safe?"})
    assert response.status_code == 200
    page = response.content.decode()
    assert '<a href="#id_text_cy">Enter your question in Welsh</a>' in page
    assert not welsh_survey.items.filter(question__isnull=True).exists()

    response = add_page(signed_in, welsh_survey, {
        "domain": "1", "text": "Do you feel safe?", "text_cy": "Ydych chi’n teimlo’n ddiogel?"})
    assert response.status_code == 302
    item = welsh_survey.items.get(question__isnull=True)
    assert (item.own_text_en, item.own_text_cy) == (
        "Do you feel safe?", "Ydych chi’n teimlo’n ddiogel?")


def test_the_service_refuses_an_own_question_without_welsh_in_wales(welsh_survey):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        survey_own_question_add(survey=welsh_survey, domain=Domain.objects.get(number=1),
                                text="Do you feel safe?")
    assert error.value.message_dict == {"text_cy": ["Enter your question in Welsh"]}


def test_a_council_in_england_may_leave_out_the_welsh(signed_in, survey):
    page = signed_in.get(survey_url("own_question_add", survey)).content.decode()
    assert "Optional. People who choose Cymraeg see it in Welsh." in page
    response = add_page(signed_in, survey, {"domain": "1", "text": "Do you feel safe?"})
    assert response.status_code == 302
    item = survey.items.get(question__isnull=True)
    assert (item.own_text_en, item.own_text_cy) == ("Do you feel safe?", "")
    page = signed_in.get(survey.get_manage_url()).content.decode()
    assert "No Welsh given: people who choose Cymraeg see it in English." in page


def test_each_language_shows_its_own_text(survey):
    item = survey_own_question_add(survey=survey, domain=Domain.objects.get(number=1),
                                   text="Do you feel safe?", text_cy="Ydych chi’n ddiogel?")
    item = SurveyItem.objects.get(pk=item.pk)
    with translation.override("cy"):
        assert (item.text, item.text_language) == ("Ydych chi’n ddiogel?", "cy")
    with translation.override("en"):
        assert (item.text, item.text_language) == ("Do you feel safe?", "en")


def test_english_shown_on_a_welsh_page_is_marked_english(survey):
    item = survey_own_question_add(survey=survey, domain=Domain.objects.get(number=1),
                                   text="Do you feel safe?")
    with translation.override("cy"):
        assert (item.text, item.text_language) == ("Do you feel safe?", "en")


def test_a_survey_in_wales_does_not_reopen_with_an_own_question_without_welsh(
        signed_in, welsh_survey):
    # Added in English only while the council was set to England.
    SurveyItemFactory(survey=welsh_survey, domain=Domain.objects.get(number=1),
                      own_text_en="Do you feel safe?", position=1000)
    survey_close(survey=welsh_survey)

    response = signed_in.post(survey_url("survey_reopen", welsh_survey))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error:" in page
    assert ("Give your own question in Welsh before the survey opens: “Do you feel safe?”. "
            "Remove it and add it again with its Welsh.") in page
    welsh_survey.refresh_from_db()
    assert welsh_survey.closed_at is not None
    page = signed_in.get(welsh_survey.get_manage_url()).content.decode()
    assert "Welsh needed before the survey opens" in page

    data = {"opens_on_0": "1", "opens_on_1": "1", "opens_on_2": "2030",
            "closes_on_0": "", "closes_on_1": "", "closes_on_2": ""}
    response = signed_in.post(survey_url("survey_dates", welsh_survey), data)
    assert response.status_code == 200
    assert "Give your own question in Welsh before the survey opens" in response.content.decode()


def test_another_council_gets_404(client, welsh_survey, other_council):
    client.force_login(member(Role.FACILITATOR, other_council, username="olly"))
    response = client.post(survey_url("own_question_add", welsh_survey), {
        "domain": "1", "text": "Do you feel safe?", "text_cy": "Ydych chi’n ddiogel?"})
    assert response.status_code == 404
    assert not welsh_survey.items.filter(question__isnull=True).exists()
