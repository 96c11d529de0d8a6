"""Trying a survey ("try it" mode): its answers are tests, left out of every count, page,
export and report, and deleted on request. A real response sits beside the tests in each
test, so that counting a test would change what is checked."""

import csv
import datetime
import io
import json
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from actionplans.reports.services import report_request
from betterlives.data_tools import council_answers_erase, council_export
from betterlives.models import Role
from domains.models import Domain
from evaluations.models import Answer, Evaluation, Response, SurveyItem
from evaluations.respondent_session import SESSION_KEY, TRYING_KEY
from evaluations.selectors.evaluations import response_monitor_tables
from evaluations.selectors.results import evaluation_results
from evaluations.selectors.step_two import choose_domains_page
from evaluations.selectors.suggestions import LOWEST, STRONGEST
from evaluations.selectors.surveys import survey_items
from evaluations.services.evaluations import evaluation_archive, evaluation_update
from evaluations.services.responses import answer_save, practice_responses_delete
from evaluations.services.surveys import survey_own_question_add, survey_own_question_remove
from tests.factories import make_responses, member

from .helpers import evaluation_url, public_url
from .helpers import survey_url as manage_url

pytestmark = pytest.mark.django_db

REAL = "Real comment from a carer"
TEST = "Test comment from the facilitator"


@pytest.fixture
def evaluation(low_threshold_evaluation):
    return low_threshold_evaluation


@pytest.fixture
def lived(evaluation):
    return evaluation.surveys.get(audience="lived_experience")


@pytest.fixture
def answered(survey):
    """Real: two carers rate domain 1 high (one comments), two rate domain 2 low. Tests: the
    other way round, more of them, and one test not sent yet."""
    one, two = survey_items(survey)
    make_responses(survey, 2, "all_the_time", items=[one], comment=REAL)
    make_responses(survey, 2, "not_yet", items=[two])
    make_responses(survey, 5, "not_yet", items=[one], comment=TEST, practice=True)
    make_responses(survey, 5, "all_the_time", items=[two], practice=True)
    make_responses(survey, 1, "mostly", items=[one], practice=True,
                   status=Response.Status.IN_PROGRESS)
    return survey


def try_it(client, survey):
    reply = client.post(manage_url("survey_try", survey))
    assert reply.status_code == 302
    assert reply["Location"] == public_url("start", survey)


def begin(client, survey):
    client.post(public_url("start", survey), {"language": "en"})
    assert client.post(public_url("welcome", survey))["Location"] == public_url(
        "question", survey, number=1)


# Left out of everything -------------------------------------------------------------------


def test_the_default_managers_leave_tests_out(answered):
    assert answered.responses.count() == Response.objects.count() == 4
    assert Response.with_practice.count() == 15
    assert Answer.objects.count() == 4
    assert Answer.objects.filter(comment=TEST).count() == 0
    test_answer = Answer.with_practice.filter(comment=TEST).first()
    assert test_answer.response.practice  # related access still finds a test's response


def test_results_pages_leave_tests_out(signed_in, answered):
    evaluation = answered.evaluation
    results = {r.domain.number: r for r in evaluation_results(evaluation)}
    carers = {n: next(v for v in r.voices if v.voice == "family_carers")
              for n, r in results.items()}
    assert (carers[1].people, carers[1].score) == (2, 100)
    assert (carers[2].people, carers[2].score) == (2, 0)
    page = signed_in.get(evaluation_url("comments", evaluation)).content.decode()
    assert REAL in page and TEST not in page
    test_answer = Answer.with_practice.filter(comment=TEST).first()
    assert signed_in.post(evaluation_url("comment_review", evaluation, answer_pk=test_answer.pk),
                          {f"c{test_answer.pk}-tag": "idea"}).status_code == 404


def test_the_response_monitor_leaves_tests_out(signed_in, answered):
    (carers,) = [t for t in response_monitor_tables(evaluation=answered.evaluation)
                 if t["survey"].pk == answered.pk]
    assert (carers["totals"]["sent"], carers["totals"]["partial"]) == (4, 0)
    page = signed_in.get(manage_url("survey", answered)).content.decode()
    assert "4 sent, 0 not finished" in page


def test_csv_and_excel_exports_leave_tests_out(signed_in, answered):
    def url(file_format):
        return evaluation_url("export", answered.evaluation, table="responses",
                              file_format=file_format)

    reply = signed_in.get(url("csv"))
    rows = list(csv.reader(io.StringIO(reply.content.decode("utf-8-sig"))))[1:]
    assert len(rows) == 4  # one row per answer of the four real responses
    assert any(REAL in row for row in rows) and not any(TEST in row for row in rows)
    sheet = load_workbook(io.BytesIO(signed_in.get(url("xlsx")).content)).active
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert REAL in cells and TEST not in cells


def test_a_report_pdf_leaves_tests_out(facilitator, answered):
    report, _new = report_request(evaluation=answered.evaluation, kind="easyread",
                                  language="en", user=facilitator)
    report.refresh_from_db()
    reader = PdfReader(io.BytesIO(bytes(report.pdf)))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "4 people answered our survey" in text
    assert "14 people" not in text


def test_the_council_data_export_leaves_tests_out(facilitator, answered):
    out = io.BytesIO()
    council_export(council=answered.evaluation.council, user=facilitator, file=out)
    with zipfile.ZipFile(out) as archive:
        records = json.loads(archive.read("responses.json"))
    responses = [r for r in records if r["model"] == "evaluations.response"]
    assert len(responses) == 4
    assert REAL in json.dumps(records) and TEST not in json.dumps(records)


def test_erasing_a_councils_answers_erases_the_tests_too(facilitator, answered):
    council_answers_erase(council=answered.evaluation.council, user=facilitator)
    assert not Response.with_practice.exists() and not Answer.with_practice.exists()


def test_step_two_suggestions_leave_tests_out(answered):
    page = choose_domains_page(evaluation=answered.evaluation)
    kinds = {(s.kind, s.domain.number) for s in page["suggestions"]}
    assert kinds == {(LOWEST, 2), (STRONGEST, 1)}


# Trying the survey ------------------------------------------------------------------------


def test_a_draft_survey_can_be_tried_only_in_the_browser_that_asked(signed_in, new_client,
                                                                   survey):
    survey.opens_on = timezone.localdate() + datetime.timedelta(days=30)
    survey.save(update_fields=["opens_on"])
    try_it(signed_in, survey)
    begin(signed_in, survey)
    reply = signed_in.post(public_url("question", survey, number=1),
                           {"choice": "mostly", "comment": TEST})
    assert reply.status_code == 302
    test = Response.with_practice.get(survey=survey)
    assert test.practice and not Response.objects.exists()
    signed_in.post(public_url("helped", survey), {"helped": "no"})
    page = signed_in.get(public_url("check", survey)).content.decode()
    assert TEST in page
    assert signed_in.post(public_url("send", survey))["Location"] == public_url("sent", survey)
    page = signed_in.get(public_url("sent", survey)).content.decode()
    assert "Your test answers have been sent" in page
    assert "This was a test. The answers are not counted." in page
    test.refresh_from_db()
    assert test.is_submitted
    survey.evaluation.refresh_from_db()
    assert survey.evaluation.status == Evaluation.Status.SETTING_UP  # a test starts nothing

    other = new_client()
    assert "This survey is closed" in other.get(public_url("welcome", survey)).content.decode()
    assert "This survey is closed" in other.post(public_url("welcome", survey)).content.decode()
    assert Response.with_practice.count() == 1


def test_every_page_while_trying_says_so_in_easy_read(signed_in, lived):
    try_it(signed_in, lived)
    for page in (public_url("start", lived), public_url("welcome", lived)):
        text = signed_in.get(page).content.decode()
        assert "govuk-notification-banner" in text
        assert "You are trying this survey. Your answers are a test. They are not counted." in text
        assert public_url("stop_trying", lived) in text and "Stop trying" in text
    begin(signed_in, lived)
    text = signed_in.get(public_url("question", lived, number=1)).content.decode()
    assert "Your answers are a test. They are not counted." in text


def test_other_surveys_have_a_plain_banner_and_nobody_else_sees_one(signed_in, new_client,
                                                                    survey):
    try_it(signed_in, survey)
    text = signed_in.get(public_url("welcome", survey)).content.decode()
    assert "Your answers are saved as a test and are not counted" in text
    assert "You are trying this survey" not in new_client().get(
        public_url("welcome", survey)).content.decode()


def test_stopping_forgets_the_test_response(signed_in, survey):
    try_it(signed_in, survey)
    begin(signed_in, survey)
    signed_in.post(public_url("question", survey, number=1), {"choice": "mostly"})
    test = Response.with_practice.get(survey=survey)
    assert signed_in.session[SESSION_KEY][survey.token] == str(test.submission_key)
    reply = signed_in.post(public_url("stop_trying", survey))
    assert reply["Location"] == manage_url("survey", survey)
    assert survey.token not in signed_in.session.get(SESSION_KEY, {})
    assert survey.token not in signed_in.session.get(TRYING_KEY, [])
    # The next person sees nothing of it: no "carry on", no answers, no banner.
    page = signed_in.get(public_url("welcome", survey)).content.decode()
    assert "You are trying this survey" not in page and "Carry on" not in page
    assert signed_in.get(public_url("check", survey))["Location"] == public_url("welcome",
                                                                                survey)
    # Its resume code and its key do not bring it back outside "try it" mode.
    reply = signed_in.post(reverse("surveys:code"), {"code": test.resume_code})
    assert reply.status_code == 404
    reply = signed_in.post(public_url("question", survey, number=2),
                           {"choice": "mostly", "response_key": str(test.submission_key)})
    assert reply["Location"] == public_url("welcome", survey)
    assert Answer.with_practice.filter(response=test).count() == 1


def test_trying_never_picks_up_a_real_response(signed_in, survey):
    begin(signed_in, survey)
    signed_in.post(public_url("question", survey, number=1), {"choice": "mostly"})
    real = Response.objects.get(survey=survey)
    try_it(signed_in, survey)
    page = signed_in.get(public_url("welcome", survey)).content.decode()
    assert "Carry on" not in page
    reply = signed_in.post(reverse("surveys:code"), {"code": real.resume_code})
    assert reply.status_code == 404


# Deleting the test answers ----------------------------------------------------------------


def test_the_survey_page_shows_the_tests_and_deletes_only_them(signed_in, answered):
    page = signed_in.get(manage_url("survey", answered)).content.decode()
    assert "Try this survey" in page
    assert "There are 11 test responses. They are not counted." in page
    assert manage_url("practice_delete", answered) in page
    assert "delete the test answers" in signed_in.get(
        manage_url("practice_delete", answered)).content.decode()
    reply = signed_in.post(manage_url("practice_delete", answered), follow=True)
    assert "11 test responses have been deleted." in reply.content.decode()
    assert Response.with_practice.count() == Response.objects.count() == 4
    assert Answer.with_practice.count() == Answer.objects.count() == 4
    assert practice_responses_delete(survey=answered) == 0


def test_a_question_with_only_test_answers_can_be_removed(answered):
    item = survey_own_question_add(survey=answered, domain=Domain.objects.get(number=1),
                                   text="Do you know who to call at night?")
    test = Response.with_practice.filter(survey=answered, practice=True).first()
    Response.with_practice.filter(pk=test.pk).update(status=Response.Status.IN_PROGRESS)
    test.status = Response.Status.IN_PROGRESS
    answer_save(response=test, item=item, choice="mostly", comment="")
    survey_own_question_remove(item=item)
    assert not SurveyItem.objects.filter(pk=item.pk).exists()

    kept = survey_own_question_add(survey=answered, domain=Domain.objects.get(number=1),
                                   text="Do you feel safe at home?")
    real = Response.objects.filter(survey=answered).first()
    Answer.objects.create(response=real, item=kept, choice="mostly")
    survey_own_question_remove(item=kept)
    kept.refresh_from_db()
    assert not kept.enabled  # a real answer keeps it: switched off instead


def test_a_survey_with_only_tests_can_be_dropped(evaluation, survey):
    make_responses(survey, 2, "mostly", practice=True)
    evaluation_update(evaluation=evaluation, title=evaluation.title,
                      period_start=evaluation.period_start, period_end=evaluation.period_end,
                      audiences=["lived_experience"])
    assert not Response.with_practice.exists()


# Who may ----------------------------------------------------------------------------------


def test_viewers_are_refused(client, council, answered):
    client.force_login(member(Role.BOARD_VIEWER, council))
    assert client.post(manage_url("survey_try", answered)).status_code == 403
    assert TRYING_KEY not in client.session
    assert client.get(manage_url("practice_delete", answered)).status_code == 403
    assert client.post(manage_url("practice_delete", answered)).status_code == 403
    assert Response.with_practice.filter(practice=True).count() == 11


def test_another_council_gets_404(client, outsider, answered):
    client.force_login(outsider)
    assert client.post(manage_url("survey_try", answered)).status_code == 404
    assert TRYING_KEY not in client.session
    assert client.get(manage_url("practice_delete", answered)).status_code == 404
    assert client.post(manage_url("practice_delete", answered)).status_code == 404
    assert Response.with_practice.filter(practice=True).count() == 11


def test_an_archived_evaluation_cannot_be_tried_or_its_tests_deleted(signed_in, answered):
    evaluation_archive(evaluation=answered.evaluation)
    reply = signed_in.post(manage_url("survey_try", answered))
    assert reply.status_code == 200 and "archived" in reply.content.decode()
    assert TRYING_KEY not in signed_in.session
    signed_in.post(manage_url("practice_delete", answered))
    assert Response.with_practice.filter(practice=True).count() == 11
    assert "This survey is closed" in signed_in.get(
        public_url("welcome", answered)).content.decode()


def test_trying_stops_counting_once_the_evaluation_is_archived(signed_in, survey):
    try_it(signed_in, survey)
    evaluation_archive(evaluation=survey.evaluation)
    page = signed_in.get(public_url("welcome", survey)).content.decode()
    assert "This survey is closed" in page and "You are trying this survey" not in page
