import datetime
import io
import re
import uuid

import pytest
from django.urls import reverse
from pypdf import PdfReader

from domains.models import Audience
from evaluations.models import Answer, Response
from evaluations.selectors.surveys import survey_items
from evaluations.services.evaluations import evaluation_create
from evaluations.services.responses import paper_response_create
from evaluations.services.surveys import (
    survey_close,
    survey_own_question_add,
    survey_questions_choose,
)
from tests.evaluations.documents import fetch_document

from .helpers import blank_post, entry_url, survey_of, words

pytestmark = pytest.mark.django_db


def pdf_url(survey):
    evaluation = survey.evaluation
    return reverse("evaluations:paper_pdf", kwargs={
        "council_slug": evaluation.council.slug, "pk": evaluation.pk,
        "audience": survey.audience,
    })


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return reader, words(" ".join(page.extract_text() for page in reader.pages))


# The paper questionnaire (PDF) -----------------------------------------------------------------

@pytest.mark.parametrize("audience", [Audience.LIVED_EXPERIENCE, Audience.FAMILY_CARERS,
                                      Audience.STAFF_PARTNERS])
def test_paper_questionnaire_has_every_question_and_the_short_code(
        client, facilitator, framework_evaluation, audience):
    survey = survey_of(framework_evaluation, audience)
    items = survey_items(survey)
    assert len(items) >= 6
    client.force_login(facilitator)
    response = fetch_document(client, pdf_url(survey))
    assert response["Content-Disposition"] == (
        f'attachment; filename="better-lives-2026-{audience.replace("_", "-")}'
        '-paper-questionnaire.pdf"'
    )
    reader, text = pdf_text(response.content)
    for item in items:
        assert words(item.text) in text, item.text
    assert survey.short_code in text
    assert "/s/" in text  # where to type the code
    assert "Did someone help you fill this in?" in text
    assert reader.metadata.title.startswith("Paper questionnaire")
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_easy_read_questionnaire_uses_faces_and_the_easy_read_cover(
        client, facilitator, framework_evaluation):
    survey = survey_of(framework_evaluation, Audience.LIVED_EXPERIENCE)
    client.force_login(facilitator)
    _reader, text = pdf_text(fetch_document(client, pdf_url(survey)).content)
    for phrase in ("Tell us what you think", "Do not write your name.",
                   "You can skip any question.", "Someone can help you fill this in.",
                   "Good", "Not sure", "Not good", "I don't want to say",
                   "Tell us more. You do not have to."):
        assert phrase in text
    assert "Yes, all the time" not in text


def test_four_point_questionnaire_uses_the_five_options(client, facilitator, framework_evaluation):
    survey = survey_of(framework_evaluation, Audience.FAMILY_CARERS)
    client.force_login(facilitator)
    _reader, text = pdf_text(fetch_document(client, pdf_url(survey)).content)
    for option in ("Yes, all the time", "Mostly", "Sometimes", "Not yet", "Don't know"):
        assert option in text
    assert "I don't want to say" not in text


def test_switched_off_questions_are_left_out_and_own_questions_put_in(
        client, facilitator, framework_evaluation):
    survey = survey_of(framework_evaluation, Audience.LIVED_EXPERIENCE)
    items = survey_items(survey)
    off = items[1]
    survey_questions_choose(survey=survey, enabled_item_ids=[i.pk for i in items if i != off])
    own = survey_own_question_add(survey=survey, domain=items[0].domain,
                                  text="Do you like the day centre café?")
    client.force_login(facilitator)
    _reader, text = pdf_text(fetch_document(client, pdf_url(survey)).content)
    assert words(off.text) not in text
    assert own.text in text
    assert f"Question 1 of {len(items)}" in text  # one off, one added


def test_user_text_in_the_questionnaire_is_printed_as_text(
        client, facilitator, framework_evaluation):
    survey = survey_of(framework_evaluation, Audience.STAFF_PARTNERS)
    hostile = '<img src="file:///etc/passwd"> {{ council }}'
    survey_own_question_add(survey=survey, domain=survey_items(survey)[0].domain, text=hostile)
    client.force_login(facilitator)
    _reader, text = pdf_text(fetch_document(client, pdf_url(survey)).content)
    assert hostile in text
    assert "root:" not in text


@pytest.mark.parametrize("role_fixture", ["contributor", "board_viewer"])
def test_only_facilitators_download_the_questionnaire(
        client, request, framework_evaluation, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    survey = survey_of(framework_evaluation, Audience.LIVED_EXPERIENCE)
    assert client.get(pdf_url(survey)).status_code == 403


def test_questionnaire_of_another_council_is_404(client, outsider, framework_evaluation):
    client.force_login(outsider)
    survey = survey_of(framework_evaluation, Audience.LIVED_EXPERIENCE)
    assert client.get(pdf_url(survey)).status_code == 404


def test_questionnaire_needs_signing_in(client, framework_evaluation):
    response = client.get(pdf_url(survey_of(framework_evaluation, Audience.LIVED_EXPERIENCE)))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_unknown_audience_is_404(client, facilitator, framework, council):
    evaluation = evaluation_create(
        council=council, title="Carers only", period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2027, 3, 31), audiences=[Audience.FAMILY_CARERS],
    )
    client.force_login(facilitator)
    url = reverse("evaluations:paper_pdf", kwargs={
        "council_slug": council.slug, "pk": evaluation.pk, "audience": "lived_experience"})
    assert client.get(url).status_code == 404
    url = reverse("evaluations:paper_entry", kwargs={
        "council_slug": council.slug, "pk": evaluation.pk, "audience": "nobody"})
    assert client.get(url).status_code == 404


# Keying in a paper response ----------------------------------------------------------------------

def test_entry_page_shows_every_question_and_says_it_is_paper(
        client, contributor, framework_evaluation):
    survey = survey_of(framework_evaluation, Audience.LIVED_EXPERIENCE)
    client.force_login(contributor)
    response = client.get(entry_url(survey))
    assert response.status_code == 200
    page = response.content.decode()
    assert "This response will be marked as a paper response." in page
    for number, item in enumerate(survey_items(survey), start=1):
        assert f'name="item_{item.pk}"' in page
        assert f'name="comment_{item.pk}"' in page
        assert f"Question {number} of" in page
    assert page.count('value="good"') == len(survey_items(survey))
    assert "Not answered" in page
    assert 'name="helped"' in page
    key = re.search(r'name="submission_key" value="([0-9a-f-]{36})"', page)
    assert key and uuid.UUID(key.group(1))
    # A contributor cannot download the PDF, so is not offered it.
    assert pdf_url(survey) not in page


def test_each_visit_gets_a_new_submission_key(client, facilitator, framework_evaluation):
    survey = survey_of(framework_evaluation, Audience.LIVED_EXPERIENCE)
    client.force_login(facilitator)
    keys = {
        re.search(r'name="submission_key" value="([^"]+)"',
                  client.get(entry_url(survey)).content.decode()).group(1)
        for _ in range(2)
    }
    assert len(keys) == 2


def test_saving_a_paper_response(client, contributor, framework_evaluation):
    survey = survey_of(framework_evaluation, Audience.LIVED_EXPERIENCE)
    items = survey_items(survey)
    data = blank_post(survey)
    data[f"item_{items[0].pk}"] = "good"
    data[f"comment_{items[0].pk}"] = "  My support worker is great.\r\nShe listens.  "
    data[f"item_{items[2].pk}"] = "not_good"
    data[f"comment_{items[3].pk}"] = "No tick, just words"
    data["helped"] = "yes"
    client.force_login(contributor)
    response = client.post(entry_url(survey), data)
    assert response.status_code == 302
    assert response["Location"] == entry_url(survey)
    saved = Response.objects.get()
    assert saved.channel == Response.Channel.PAPER
    assert saved.status == Response.Status.SUBMITTED
    assert saved.helped is True
    assert str(saved.submission_key) == data["submission_key"]
    answers = {a.item_id: (a.choice, a.comment) for a in saved.answers.all()}
    assert answers == {
        items[0].pk: ("good", "My support worker is great.\nShe listens."),
        items[2].pk: ("not_good", ""),
        items[3].pk: ("", "No tick, just words"),
    }
    page = client.get(response["Location"]).content.decode()
    assert "Paper response saved. You can enter another." in page
    assert data["submission_key"] not in page  # a fresh, empty form


def test_helped_no_and_not_answered(client, facilitator, framework_evaluation):
    survey = survey_of(framework_evaluation, Audience.FAMILY_CARERS)
    client.force_login(facilitator)
    data = blank_post(survey)
    data["helped"] = "no"
    data[f"item_{survey_items(survey)[0].pk}"] = "dont_know"
    client.post(entry_url(survey), data)
    only_a_comment = blank_post(survey)
    only_a_comment[f"comment_{survey_items(survey)[1].pk}"] = "No boxes ticked"
    client.post(entry_url(survey), only_a_comment)
    helped = sorted(Response.objects.values_list("helped", flat=True), key=str)
    assert helped == [False, None]
    assert sorted(Answer.objects.values_list("choice", flat=True)) == ["", "dont_know"]


def test_the_same_submission_key_twice_stores_one_response(
        client, contributor, framework_evaluation):
    survey = survey_of(framework_evaluation, Audience.LIVED_EXPERIENCE)
    data = blank_post(survey)
    data[f"item_{survey_items(survey)[0].pk}"] = "not_sure"
    client.force_login(contributor)
    first = client.post(entry_url(survey), data)
    second = client.post(entry_url(survey), data)
    assert first.status_code == second.status_code == 302
    assert Response.objects.count() == 1
    assert Answer.objects.count() == 1
    page = client.get(entry_url(survey)).content.decode()
    # The same confirmation as the first time: it was stored once.
    assert "Paper response saved. You can enter another." in page


def test_paper_responses_are_taken_after_the_survey_closes(
        client, contributor, framework_evaluation):
    survey = survey_of(framework_evaluation, Audience.STAFF_PARTNERS)
    survey_close(survey=survey)
    client.force_login(contributor)
    page = client.get(entry_url(survey)).content.decode()
    assert "The survey is closed online." in page
    data = blank_post(survey)
    data[f"item_{survey_items(survey)[0].pk}"] = "mostly"
    assert client.post(entry_url(survey), data).status_code == 302
    assert Response.objects.get().channel == Response.Channel.PAPER


def test_a_key_from_another_survey_saves_nothing_and_offers_a_new_key(
        client, facilitator, framework_evaluation):
    lived = survey_of(framework_evaluation, Audience.LIVED_EXPERIENCE)
    carers = survey_of(framework_evaluation, Audience.FAMILY_CARERS)
    taken = paper_response_create(survey=lived, submission_key=uuid.uuid4(), answers={},
                                  helped=True)[0]
    data = blank_post(carers, key=taken.submission_key)
    data[f"item_{survey_items(carers)[0].pk}"] = "sometimes"
    client.force_login(facilitator)
    response = client.post(entry_url(carers), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "This response could not be saved." in page
    assert str(taken.submission_key) not in page
    assert re.search(r'value="sometimes"\s*checked', page)  # what was typed is kept
    assert Response.objects.count() == 1


@pytest.mark.parametrize("field, value, message", [
    ("item", "excellent", "Select one of the answers for question 1"),
    ("item", "all_the_time", "Select one of the answers for question 1"),  # other scale
    ("comment", "x" * 1001, "must be 1000 characters or fewer"),
    ("comment", "Bell\x07 and escape\x1b[31m", "hidden control characters"),
    ("comment", "C1 control\x85here", "hidden control characters"),
    ("comment", "nul\x00byte", "hidden control characters"),
    ("helped", "maybe", "Select “Yes”, “No” or “Not answered”"),
])
def test_bad_input_gets_a_gov_uk_error_and_saves_nothing(
        client, facilitator, framework_evaluation, field, value, message):
    survey = survey_of(framework_evaluation, Audience.LIVED_EXPERIENCE)
    item = survey_items(survey)[0]
    data = blank_post(survey)
    data[f"item_{item.pk}"] = "good"
    data[{"item": f"item_{item.pk}", "comment": f"comment_{item.pk}",
          "helped": "helped"}[field]] = value
    client.force_login(facilitator)
    response = client.post(entry_url(survey), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "There is a problem" in page
    assert 'class="govuk-error-message"' in page
    assert message in page
    assert "<title>Error:" in page
    assert data["submission_key"] in page  # the same key: fixing and saving stores it once
    assert Response.objects.count() == 0


def test_a_thousand_characters_with_line_breaks_fit(client, facilitator, framework_evaluation):
    survey = survey_of(framework_evaluation, Audience.LIVED_EXPERIENCE)
    item = survey_items(survey)[0]
    data = blank_post(survey)
    data[f"comment_{item.pk}"] = ("a" * 99 + "\r\n") * 10  # 1000 characters as the person sees
    client.force_login(facilitator)
    assert client.post(entry_url(survey), data).status_code == 302
    assert len(Answer.objects.get().comment) == 999  # the last line break is stripped


def test_tabs_and_line_breaks_are_kept(client, facilitator, framework_evaluation):
    survey = survey_of(framework_evaluation, Audience.LIVED_EXPERIENCE)
    item = survey_items(survey)[0]
    data = blank_post(survey)
    data[f"comment_{item.pk}"] = "one\ttwo\r\nthree"
    client.force_login(facilitator)
    assert client.post(entry_url(survey), data).status_code == 302
    assert Answer.objects.get().comment == "one\ttwo\nthree"


def test_missing_or_broken_submission_key_is_an_error(client, facilitator, framework_evaluation):
    survey = survey_of(framework_evaluation, Audience.LIVED_EXPERIENCE)
    data = blank_post(survey)
    data["submission_key"] = "not-a-uuid"
    client.force_login(facilitator)
    response = client.post(entry_url(survey), data)
    assert response.status_code == 200
    assert Response.objects.count() == 0


def test_board_viewer_cannot_enter_paper_responses(client, board_viewer, framework_evaluation):
    survey = survey_of(framework_evaluation, Audience.LIVED_EXPERIENCE)
    client.force_login(board_viewer)
    assert client.get(entry_url(survey)).status_code == 403
    assert client.post(entry_url(survey), blank_post(survey)).status_code == 403
    assert Response.objects.count() == 0


def test_another_council_gets_404(client, outsider, framework_evaluation):
    survey = survey_of(framework_evaluation, Audience.LIVED_EXPERIENCE)
    client.force_login(outsider)
    response = client.get(entry_url(survey))
    assert response.status_code == 404
    assert "Better Lives 2026" not in response.content.decode()
    assert client.post(entry_url(survey), blank_post(survey)).status_code == 404
    assert Response.objects.count() == 0


def test_anonymous_is_sent_to_sign_in(client, framework_evaluation):
    survey = survey_of(framework_evaluation, Audience.LIVED_EXPERIENCE)
    response = client.get(entry_url(survey))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    response = client.post(entry_url(survey), blank_post(survey))
    assert response.status_code == 302
    assert Response.objects.count() == 0


def test_easy_read_questionnaire_shows_each_questions_own_picture(
        client, facilitator, framework_evaluation, monkeypatch):
    """Each Easy Read question has its own picture and description on paper too, not the
    domain's picture."""
    from django.templatetags.static import static

    from actionplans.reports import services

    rendered = {}
    real_html_to_pdf = services.html_to_pdf

    def capture(html, **kwargs):
        rendered["html"] = html
        return real_html_to_pdf(html, **kwargs)

    monkeypatch.setattr(services, "html_to_pdf", capture)
    survey = survey_of(framework_evaluation, Audience.LIVED_EXPERIENCE)
    client.force_login(facilitator)
    fetch_document(client, pdf_url(survey))
    html = rendered["html"]
    for item in survey_items(survey):
        if item.question_id and item.question.picture:
            assert static(item.question.picture) in html, item.question.code
            assert item.question.picture_alt in html.replace("&#x27;", "'"), item.question.code
