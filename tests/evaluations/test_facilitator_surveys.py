"""Setting up a survey: questions, the council's own questions, dates, closing, sharing."""

import datetime

import pytest
from django.utils import timezone

from domains.models import Domain
from evaluations.models import Choice, SurveyItem
from evaluations.services.responses import answer_save, response_start
from evaluations.services.surveys import (
    OWN_QUESTIONS_PER_DOMAIN,
    survey_close,
    survey_dates_set,
    survey_own_question_add,
)

from .helpers import survey_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation(small_evaluation):
    return small_evaluation


def date_data(opens=("", "", ""), closes=("", "", "")):
    data = {}
    for name, parts in (("opens_on", opens), ("closes_on", closes)):
        for index, part in enumerate(parts):
            data[f"{name}_{index}"] = str(part)
    return data


# Questions --------------------------------------------------------------------------------


def test_setup_page_groups_questions_by_domain(signed_in, survey):
    page = signed_in.get(survey_url("survey", survey)).content.decode()
    assert "Domain 1: Domain title 1" in page
    assert "Domain 2: Domain title 2" in page
    assert page.index("Domain 1: Domain title 1") < page.index("Question 1 of domain 1")
    assert page.index("Question 2 of domain 1") < page.index("Domain 2: Domain title 2")
    assert page.count('name="items"') == 4
    assert page.count(" checked>") == 4
    assert "Save which questions are asked" in page
    assert survey_url("share", survey) in page
    assert survey_url("survey_close", survey) in page


def test_switch_questions_off_and_on(signed_in, survey):
    items = list(survey.items.order_by("pk"))
    keep = [items[0].pk, items[2].pk]
    response = signed_in.post(survey_url("survey", survey), {"items": keep})
    assert response.status_code == 302
    enabled = set(survey.items.filter(enabled=True).values_list("pk", flat=True))
    assert enabled == set(keep)
    page = signed_in.get(response["Location"]).content.decode()
    assert "The questions have been saved." in page
    assert page.count(" checked>") == 2
    assert "2 questions are asked." in page


def test_switching_every_question_off_is_refused(signed_in, survey):
    response = signed_in.post(survey_url("survey", survey), {})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in page
    assert "Choose at least one question to ask" in page
    assert 'class="govuk-error-summary"' in page
    assert survey.items.filter(enabled=True).count() == 4


def test_question_of_another_survey_is_an_error_not_a_crash(signed_in, evaluation, survey):
    other = evaluation.surveys.get(audience="staff_partners").items.first()
    response = signed_in.post(survey_url("survey", survey), {"items": [other.pk, "x"]})
    assert response.status_code == 200
    assert "Choose questions from the list" in response.content.decode()
    assert other.enabled


# Own questions ----------------------------------------------------------------------------


def test_add_own_question(signed_in, survey):
    page = signed_in.get(survey_url("own_question_add", survey) + "?domain=2").content.decode()
    assert '<option value="2" selected>Domain 2: Domain title 2</option>' in page
    response = signed_in.post(survey_url("own_question_add", survey),
                              {"domain": "2", "text": "  Do you\tknow who\x07 to call?\r\n "})
    assert response.status_code == 302
    assert response["Location"].endswith("#domain-2")
    item = survey.items.get(question__isnull=True)
    assert item.own_text == "Do you know who to call?"
    assert item.domain.number == 2
    assert item.enabled
    page = signed_in.get(response["Location"]).content.decode()
    assert "Your question has been added." in page
    assert ">Your question</strong> <span>Do you know who to call?</span>" in page
    assert survey_url("own_question_remove", survey, item_pk=item.pk) in page


@pytest.mark.parametrize("data, message, field_id", [
    ({"domain": "", "text": "A question?"}, "Select the domain your question is about",
     "id_domain"),
    ({"domain": "99", "text": "A question?"}, "Select the domain your question is about",
     "id_domain"),
    ({"domain": "1", "text": ""}, "Enter your question in English", "id_text"),
    ({"domain": "1", "text": "\x00\x01 "}, "Enter your question in English", "id_text"),
    ({"domain": "1", "text": "x" * 301}, "Your question must be 300 characters or fewer",
     "id_text"),
])
def test_add_own_question_errors(signed_in, survey, data, message, field_id):
    response = signed_in.post(survey_url("own_question_add", survey), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in page
    assert f'<a href="#{field_id}">{message}</a>' in page
    assert not survey.items.filter(question__isnull=True).exists()


def test_own_question_limit_per_domain(signed_in, survey):
    domain = Domain.objects.get(number=1)
    for number in range(OWN_QUESTIONS_PER_DOMAIN):
        survey_own_question_add(survey=survey, domain=domain, text=f"Own question {number}?")
    page = signed_in.get(survey_url("survey", survey)).content.decode()
    assert "Add your own question to domain 2" in page
    assert "Add your own question to domain 1" not in page

    response = signed_in.post(survey_url("own_question_add", survey),
                              {"domain": "1", "text": "One too many?"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "You can add up to 3 of your own questions for each domain." in page
    assert '<a href="#id_text">' in page
    assert survey.items.filter(question__isnull=True).count() == OWN_QUESTIONS_PER_DOMAIN


def test_remove_own_question_without_answers_deletes_it(signed_in, survey):
    item = survey_own_question_add(survey=survey, domain=Domain.objects.get(number=1),
                                   text="Is it good?")
    url = survey_url("own_question_remove", survey, item_pk=item.pk)
    page = signed_in.get(url).content.decode()
    assert "Are you sure you want to remove this question?" in page
    assert "Is it good?" in page
    response = signed_in.post(url)
    assert response.status_code == 302
    assert not SurveyItem.objects.filter(pk=item.pk).exists()


def test_remove_own_question_with_answers_switches_it_off(signed_in, survey):
    item = survey_own_question_add(survey=survey, domain=Domain.objects.get(number=1),
                                   text="Is it good?")
    answer_save(response=response_start(survey=survey), item=item, choice=Choice.MOSTLY,
                comment="")
    signed_in.post(survey_url("own_question_remove", survey, item_pk=item.pk))
    item.refresh_from_db()
    assert not item.enabled
    assert item.answers.count() == 1


# Dates, closing and reopening -------------------------------------------------------------


def test_set_dates(signed_in, survey):
    response = signed_in.post(survey_url("survey_dates", survey),
                              date_data(opens=(1, 5, 2026), closes=(31, 5, 2026)))
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.opens_on == datetime.date(2026, 5, 1)
    assert survey.closes_on == datetime.date(2026, 5, 31)
    page = signed_in.get(response["Location"]).content.decode()
    assert "The dates have been saved." in page
    assert "1 May 2026" in page


def test_dates_form_is_filled_in_and_can_be_cleared(signed_in, survey):
    survey_dates_set(survey=survey, opens_on=datetime.date(2026, 5, 1), closes_on=None)
    page = signed_in.get(survey_url("survey_dates", survey)).content.decode()
    assert 'name="opens_on_1" value="5"' in page
    signed_in.post(survey_url("survey_dates", survey), date_data())
    survey.refresh_from_db()
    assert survey.opens_on is None and survey.closes_on is None


@pytest.mark.parametrize("data, message, field_id", [
    (date_data(opens=(1, 5, 2026), closes=(30, 4, 2026)),
     "The closing date must be the same as or after the opening date", "id_closes_on_0"),
    (date_data(opens=(1, "", 2026)), "The opening date must include a month",
     "id_opens_on_1"),
    (date_data(closes=(30, 2, 2026)), "The closing date must be a real date", "id_closes_on_0"),
])
def test_dates_errors(signed_in, survey, data, message, field_id):
    response = signed_in.post(survey_url("survey_dates", survey), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in page
    assert f'<a href="#{field_id}">{message}</a>' in page
    survey.refresh_from_db()
    assert survey.opens_on is None and survey.closes_on is None


def test_close_now_and_reopen(signed_in, survey):
    page = signed_in.get(survey_url("survey_close", survey)).content.decode()
    assert "Are you sure you want to close this survey now?" in page
    assert "govuk-button--warning" in page
    response = signed_in.post(survey_url("survey_close", survey))
    assert response["Location"] == survey.get_manage_url()
    survey.refresh_from_db()
    assert survey.closed_at is not None
    page = signed_in.get(survey.get_manage_url()).content.decode()
    assert "The survey is closed." in page
    assert ">Closed</strong>" in page
    assert survey_url("survey_reopen", survey) in page

    signed_in.post(survey_url("survey_reopen", survey))
    survey.refresh_from_db()
    assert survey.closed_at is None
    assert survey.is_open()


def test_reopen_after_the_closing_date_removes_it(signed_in, survey):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    survey_dates_set(survey=survey, opens_on=None, closes_on=yesterday)
    signed_in.post(survey_url("survey_reopen", survey))
    survey.refresh_from_db()
    assert survey.closes_on is None
    assert survey.is_open()


# Sharing ----------------------------------------------------------------------------------


def test_share_page(signed_in, survey):
    page = signed_in.get(survey_url("share", survey)).content.decode()
    assert f'value="http://testserver/s/{survey.token}/"' in page
    assert "readonly" in page
    assert '<label class="govuk-label" for="public-link">' in page
    code = survey.short_code
    assert f"{code[:3]} {code[3:]}" in page
    assert "testserver/s/" in page
    assert '<svg role="img"' in page
    assert "<title>QR code that opens the survey</title>" in page
    assert "<figcaption" in page
    assert survey_url("poster", survey) in page
    assert survey_url("paper_pdf", survey) in page
    assert survey_url("paper_entry", survey) in page
    assert "Download the paper questionnaire (PDF)" in page
    assert "not open yet" not in page
    assert "This survey is closed." not in page


def test_qr_code_holds_the_public_link(signed_in, survey):
    import segno

    page = signed_in.get(survey_url("share", survey)).content.decode()
    expected = segno.make(f"http://testserver/s/{survey.token}/", error="m")
    svg = page[page.index("<svg role"):page.index("</svg>")]
    assert f'viewBox="0 0 {expected.symbol_size(scale=4)[0]} ' in svg


def test_share_page_warns_when_not_open(signed_in, survey):
    survey_dates_set(survey=survey, opens_on=timezone.localdate() + datetime.timedelta(days=3),
                     closes_on=None)
    page = signed_in.get(survey_url("share", survey)).content.decode()
    assert "This survey is not open yet." in page
    survey_close(survey=survey)
    page = signed_in.get(survey_url("share", survey)).content.decode()
    assert "This survey is closed." in page


def test_poster(signed_in, evaluation):
    lived = evaluation.surveys.get(audience="lived_experience")
    lived.closes_on = datetime.date(2026, 5, 31)
    lived.save()
    page = signed_in.get(survey_url("poster", lived)).content.decode()
    assert "<h1" in page and "Tell us what you think" in page
    assert '<svg role="img"' in page
    assert f"{lived.short_code[:3]} {lived.short_code[3:]}" in page
    assert f"http://testserver/s/{lived.token}/" in page
    assert "css/sharing.css" in page
    assert "Someone can help you answer." in page  # Easy Read
    assert "Please answer by 31 May 2026." in page

    carers = evaluation.surveys.get(audience="family_carers")
    page = signed_in.get(survey_url("poster", carers)).content.decode()
    assert "Do you care for an adult with a learning disability?" in page
    assert "Someone can help you answer." not in page
