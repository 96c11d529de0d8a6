"""The response monitor, and query counts that do not grow with the number of responses."""

import datetime
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Choice, Response
from evaluations.selectors.evaluations import response_monitor_tables
from evaluations.services.responses import (
    answer_save,
    paper_response_create,
    response_start,
    response_submit,
)

pytestmark = pytest.mark.django_db

DAY_1 = datetime.datetime(2026, 5, 4, 10, 30, tzinfo=datetime.UTC)
DAY_2 = datetime.datetime(2026, 5, 5, 15, 0, tzinfo=datetime.UTC)


@pytest.fixture
def evaluation(small_evaluation):
    return small_evaluation


def answer(survey, *, started_at, send=True, comment=""):
    """One person's response through the services, started at `started_at`."""
    response = response_start(survey=survey)
    item = survey.items.first()
    choice = Choice.GOOD if survey.is_easy_read else Choice.MOSTLY
    answer_save(response=response, item=item, choice=choice, comment=comment)
    if send:
        response_submit(response=response)
    Response.objects.filter(pk=response.pk).update(started_at=started_at)
    return response


def monitor_url(evaluation):
    return reverse("evaluations:monitor",
                   kwargs={"council_slug": evaluation.council.slug, "pk": evaluation.pk})


def rows(page, audience):
    """The (day, sent, not finished) rows of one audience's table."""
    section = page.split(f'id="survey-{audience}"')[1].split("<h2")[0]
    cells = re.findall(
        r'<th scope="row" class="govuk-table__header">([^<]+)</th>\s*'
        r'<td[^>]*>(?:<strong>)?(\d+)(?:</strong>)?</td>\s*'
        r'<td[^>]*>(?:<strong>)?(\d+)(?:</strong>)?</td>', section)
    return [(day.strip(), int(sent), int(partial)) for day, sent, partial in cells]


@pytest.fixture
def answered(evaluation):
    carers = evaluation.surveys.get(audience="family_carers")
    lived = evaluation.surveys.get(audience="lived_experience")
    answer(carers, started_at=DAY_1)
    answer(carers, started_at=DAY_1, comment="Private words nobody should see here")
    answer(carers, started_at=DAY_1, send=False)
    answer(carers, started_at=DAY_2)
    answer(carers, started_at=DAY_2, send=False)
    answer(lived, started_at=DAY_2)
    paper, _created = paper_response_create(
        survey=carers, submission_key=uuid.uuid4(),
        answers={carers.items.first(): (Choice.SOMETIMES, "On paper, private")}, helped=True)
    Response.objects.filter(pk=paper.pk).update(started_at=DAY_2)
    return evaluation


def test_counts_per_audience_per_day(answered):
    tables = {t["survey"].audience: t for t in response_monitor_tables(evaluation=answered)}
    assert list(tables) == ["lived_experience", "family_carers", "staff_partners"]
    carers = tables["family_carers"]
    assert [(r["day"], r["sent"], r["partial"]) for r in carers["days"]] == [
        (datetime.date(2026, 5, 5), 2, 1),
        (datetime.date(2026, 5, 4), 2, 1),
    ]
    totals = carers["totals"]
    assert (totals["sent"], totals["partial"], totals["paper"]) == (4, 2, 1)
    assert tables["staff_partners"]["days"] == []


@pytest.mark.parametrize("role", ["facilitator", "board_viewer", "contributor"])
def test_monitor_page(client, request, answered, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(monitor_url(answered))
    page = response.content.decode()
    assert response.status_code == 200
    assert rows(page, "family_carers") == [
        ("Tuesday 5 May 2026", 2, 1),
        ("Monday 4 May 2026", 2, 1),
        ("Total", 4, 2),
    ]
    assert rows(page, "lived_experience") == [("Tuesday 5 May 2026", 1, 0), ("Total", 1, 0)]
    assert "1 response was entered from paper." in page
    staff = page.split('id="survey-staff_partners"')[1]
    assert "No one has answered yet." in staff
    assert "Private words" not in page and "On paper, private" not in page


def test_monitor_share_links_for_facilitators_only(client, answered, facilitator,
                                                   board_viewer):
    share = reverse("evaluations:share", kwargs={
        "council_slug": answered.council.slug, "pk": answered.pk, "audience": "family_carers"})
    client.force_login(facilitator)
    assert share in client.get(monitor_url(answered)).content.decode()
    client.force_login(board_viewer)
    assert share not in client.get(monitor_url(answered)).content.decode()


def test_monitor_empty_state(client, evaluation, facilitator):
    client.force_login(facilitator)
    page = client.get(monitor_url(evaluation)).content.decode()
    assert page.count("No one has answered yet.") == 3
    assert "<table" not in page


def test_task_list_shows_response_counts(client, answered, facilitator):
    client.force_login(facilitator)
    page = client.get(answered.get_absolute_url()).content.decode()
    assert "4 sent, 2 not finished" in page
    assert "1 paper response entered" in page
    assert "Private words" not in page


@pytest.mark.parametrize("page_name", ["monitor", "detail"])
def test_query_count_does_not_grow_with_responses(client, evaluation, facilitator, page_name,
                                                  django_assert_max_num_queries):
    client.force_login(facilitator)
    url = reverse(f"evaluations:{page_name}",
                  kwargs={"council_slug": evaluation.council.slug, "pk": evaluation.pk})
    surveys = list(evaluation.surveys.all())
    answer(surveys[0], started_at=DAY_1)
    with django_assert_max_num_queries(15) as few:
        assert client.get(url).status_code == 200
    now = timezone.now()
    for number in range(30):
        survey = surveys[number % len(surveys)]
        answer(survey, started_at=now - datetime.timedelta(days=number % 7),
               send=bool(number % 3))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
