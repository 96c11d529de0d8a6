"""Starting, changing and archiving an evaluation; the council home and the task list page."""

import datetime
import re

import pytest
from django.urls import reverse

from domains.models import SurveyQuestion
from evaluations.models import Evaluation, Survey
from evaluations.services.evaluations import evaluation_archive
from evaluations.services.responses import response_start
from tests.factories import evaluation_with_surveys, small_framework

from .helpers import evaluation_url

pytestmark = pytest.mark.django_db


def create_url(council):
    return reverse("evaluations:create", kwargs={"council_slug": council.slug})


def form_data(title="Better Lives 2026", start=(1, 4, 2026), end=(31, 3, 2027),
              audiences=("lived_experience", "family_carers")):
    data = {"title": title, "audiences": list(audiences)}
    for name, parts in (("period_start", start), ("period_end", end)):
        for index, part in enumerate(parts):
            data[f"{name}_{index}"] = str(part)
    return data


def is_checked(page, value):
    """Whether the checkbox or radio with this value is ticked in the page."""
    return re.search(rf'value="{value}"\s+checked', page) is not None


def assert_gds_error(response, message, field_id):
    """The message is in the error summary (linked to the field) and beside the field."""
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in page
    assert 'class="govuk-error-summary"' in page
    assert f'<a href="#{field_id}">{message}</a>' in page
    assert page.count(message) >= 2, "the message should also be shown beside the field"
    assert f'id="{field_id}"' in page, "the summary link should reach an input"


# Start ------------------------------------------------------------------------------------


def test_start_creates_a_survey_per_audience_with_every_current_question(
        signed_in, framework, council):
    response = signed_in.post(create_url(council), form_data())
    evaluation = Evaluation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == evaluation.get_absolute_url()
    assert evaluation.council == council
    assert evaluation.title == "Better Lives 2026"
    assert evaluation.period_start == datetime.date(2026, 4, 1)
    assert evaluation.period_end == datetime.date(2027, 3, 31)
    surveys = {s.audience: s for s in evaluation.surveys.all()}
    assert set(surveys) == {"lived_experience", "family_carers"}
    for audience, survey in surveys.items():
        expected = set(SurveyQuestion.objects.filter(audience=audience, is_current=True)
                       .values_list("pk", flat=True))
        assert expected
        asked = set(survey.items.filter(enabled=True).values_list("question_id", flat=True))
        assert asked == expected

    page = signed_in.get(response["Location"]).content.decode()
    assert "Evaluation started." in page


def test_start_page_has_the_three_groups(signed_in, council):
    page = signed_in.get(create_url(council)).content.decode()
    assert "<title>Start an evaluation" in page
    for label in ("People with lived experience (Easy Read)", "Family carers",
                  "Staff and partners"):
        assert label in page


@pytest.mark.parametrize("changes, message, field_id", [
    ({"title": ""}, "Enter a title for the evaluation", "id_title"),
    ({"title": "   "}, "Enter a title for the evaluation", "id_title"),
    ({"audiences": []}, "Select at least one group to take part", "id_audiences_1"),
    ({"audiences": ["martians"]}, "Select a group from the list", "id_audiences_1"),
    ({"start": ("", "", "")}, "Enter the start date", "id_period_start_0"),
    ({"end": (31, 3, "")}, "The end date must include a year", "id_period_end_2"),
    ({"end": ("", "", 2027)}, "The end date must include a day and month", "id_period_end_0"),
    ({"start": (31, 2, 2026)}, "The start date must be a real date", "id_period_start_0"),
    ({"start": ("x", 4, 2026)}, "The start date must be a real date", "id_period_start_0"),
    ({"start": (1, 4, 26)}, "The start date must be a real date", "id_period_start_0"),
    ({"end": (31, 3, 2026)}, "The end date must be the same as or after the start date",
     "id_period_end_0"),
])
def test_start_errors_are_shown_the_gov_uk_way(signed_in, council, changes, message, field_id):
    small_framework()
    response = signed_in.post(create_url(council), form_data(**changes))
    assert_gds_error(response, message, field_id)
    assert not Evaluation.objects.exists()


def test_start_keeps_what_was_typed_after_an_error(signed_in, council):
    small_framework()
    page = signed_in.post(create_url(council), form_data(title="")).content.decode()
    assert 'value="2027"' in page
    assert is_checked(page, 'family_carers')


def test_whole_date_error_highlights_all_three_inputs(signed_in, council):
    small_framework()
    page = signed_in.post(create_url(council), form_data(start=(31, 2, 2026))).content.decode()
    for index in range(3):
        tag = page.split(f'id="id_period_start_{index}"')[0].rsplit("<input", 1)[1]
        assert "govuk-input--error" in tag


# Edit -------------------------------------------------------------------------------------


@pytest.fixture
def evaluation(evaluation_with_two_surveys):
    return evaluation_with_two_surveys


def test_edit_form_is_filled_in(signed_in, evaluation):
    page = signed_in.get(evaluation_url("edit", evaluation)).content.decode()
    assert 'value="Better Lives 2026"' in page
    assert 'name="period_start_2" value="2026"' in page
    assert is_checked(page, 'lived_experience')
    assert not is_checked(page, 'staff_partners')


def test_edit_saves_and_adds_a_survey(signed_in, evaluation):
    data = form_data(title="Renamed", audiences=["lived_experience", "family_carers",
                                                 "staff_partners"])
    response = signed_in.post(evaluation_url("edit", evaluation), data)
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.title == "Renamed"
    assert evaluation.surveys.count() == 3
    assert evaluation.surveys.get(audience="staff_partners").items.exists()


def test_edit_drops_an_audience_without_responses(signed_in, evaluation):
    signed_in.post(evaluation_url("edit", evaluation), form_data(audiences=["family_carers"]))
    assert list(evaluation.surveys.values_list("audience", flat=True)) == ["family_carers"]


def test_edit_cannot_drop_an_audience_with_responses(signed_in, evaluation):
    response_start(survey=evaluation.surveys.get(audience="lived_experience"))
    response = signed_in.post(evaluation_url("edit", evaluation),
                              form_data(title="Renamed", audiences=["family_carers"]))
    message = ("The people with lived experience survey has 1 response, so it cannot be "
               "removed. Close the survey instead.")
    assert_gds_error(response, message, "id_audiences_1")
    evaluation.refresh_from_db()
    assert evaluation.title == "Better Lives 2026"
    assert evaluation.surveys.count() == 2


# Archive ----------------------------------------------------------------------------------


def test_archive_asks_first_then_archives_and_closes_surveys(signed_in, evaluation):
    page = signed_in.get(evaluation_url("archive", evaluation)).content.decode()
    assert "Are you sure you want to archive this evaluation?" in page
    assert "govuk-button--warning" in page
    response = signed_in.post(evaluation_url("archive", evaluation))
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.ARCHIVED
    assert not Survey.objects.filter(evaluation=evaluation, closed_at__isnull=True).exists()

    page = signed_in.get(evaluation.get_absolute_url()).content.decode()
    assert "Evaluation archived." in page
    assert ">Archived</strong>" in page
    assert evaluation_url("edit", evaluation) not in page
    assert "/surveys/" not in page  # no set-up links on an archived evaluation


@pytest.mark.parametrize("name", ["edit", "archive"])
def test_archived_evaluation_cannot_be_changed(signed_in, evaluation, name):
    evaluation_archive(evaluation=evaluation)
    response = signed_in.post(evaluation_url(name, evaluation), form_data(title="Changed"))
    assert response.status_code == 200
    assert "This evaluation is archived" in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.title == "Better Lives 2026"


def test_archived_survey_pages_cannot_be_changed(signed_in, evaluation):
    evaluation_archive(evaluation=evaluation)
    url = reverse("evaluations:survey_reopen", kwargs={
        "council_slug": evaluation.council.slug, "pk": evaluation.pk,
        "audience": "family_carers"})
    assert "This evaluation is archived" in signed_in.post(url).content.decode()
    assert evaluation.surveys.get(audience="family_carers").closed_at is not None


def test_unarchive(signed_in, evaluation):
    evaluation_archive(evaluation=evaluation)
    assert "Unarchive this evaluation?" in signed_in.get(
        evaluation_url("unarchive", evaluation)).content.decode()
    response = signed_in.post(evaluation_url("unarchive", evaluation))
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.IN_PROGRESS
    page = signed_in.get(evaluation.get_absolute_url()).content.decode()
    assert "Evaluation unarchived." in page
    assert evaluation_url("edit", evaluation) in page


def test_unarchive_page_of_a_live_evaluation_goes_back(signed_in, evaluation):
    response = signed_in.get(evaluation_url("unarchive", evaluation))
    assert response.status_code == 302
    assert response["Location"] == evaluation.get_absolute_url()


# Council home and task list ---------------------------------------------------------------


def test_council_home_lists_evaluations_with_status_and_links(signed_in, evaluation, council):
    evaluation_archive(evaluation=evaluation_with_surveys(council, title="Old one"))
    page = signed_in.get(council.get_absolute_url()).content.decode()
    assert f'href="{evaluation.get_absolute_url()}">Better Lives 2026</a>' in page
    assert ">Setting up</strong>" in page
    assert ">Archived</strong>" in page
    assert "Start an evaluation" in page
    assert create_url(council) in page


def test_council_home_empty_state_for_facilitator(signed_in, council):
    page = signed_in.get(council.get_absolute_url()).content.decode()
    assert "There are no evaluations yet." in page
    assert "Use the ‘Start an evaluation’ button" in page
    assert create_url(council) in page


@pytest.mark.parametrize("role", ["board_viewer", "contributor"])
def test_council_home_for_readers(client, request, council, role):
    client.force_login(request.getfixturevalue(role))
    page = client.get(council.get_absolute_url()).content.decode()
    assert "When a facilitator starts an evaluation" in page
    assert create_url(council) not in page


def test_task_list_for_facilitator(signed_in, evaluation):
    page = signed_in.get(evaluation.get_absolute_url()).content.decode()
    assert 'class="govuk-task-list"' in page
    for heading in ("Step 1: Quick self-evaluation of all six domains",
                    "Step 2: Choose domains to look at in depth",
                    "Step 3: Make the action plan"):
        assert f'<h2 class="govuk-heading-m">{heading}</h2>' in page
    assert "Set up and share the survey for people with lived experience (Easy Read)" in page
    assert "/surveys/family_carers/" in page
    assert page.count("Cannot start yet") == 4
    assert evaluation_url("edit", evaluation) in page


@pytest.mark.parametrize("role", ["board_viewer", "contributor"])
def test_task_list_is_read_only_for_readers(client, request, evaluation, role):
    client.force_login(request.getfixturevalue(role))
    page = client.get(evaluation.get_absolute_url()).content.decode()
    assert "Step 1: Quick self-evaluation of all six domains" in page
    assert "Set up and share the survey for family carers" in page
    assert "/surveys/" not in page
    assert evaluation_url("edit", evaluation) not in page
    assert evaluation_url("archive", evaluation) not in page
    assert evaluation_url("monitor", evaluation) in page
    assert "Only your council's facilitators can change it." in page.replace("&#x27;", "'")
