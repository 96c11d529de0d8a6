"""Query budgets, in one table: each page runs the same number of queries with a little data
and with a lot, and no more than its budget.

Other tests check that several of these counts do not grow; this file states the budgets.
"""

import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans.models import Report
from actionplans.services import progress_add, sign_off_record
from betterlives.models import Role
from domains.models import GoodLivesAction
from evaluations.models import Answer
from evaluations.selectors.surveys import survey_items
from evaluations.services.live_votes import live_vote_start, participant_join, vote_cast
from evaluations.services.responses import answer_save, paper_response_create, response_start
from evaluations.services.results import comment_review
from evaluations.services.workshops import workshop_rating_save
from tests.factories import ReportFactory, SurveyItemFactory, WorkshopFactory, add_action, member

pytestmark = pytest.mark.django_db

# Page: (largest number of queries, what the page is for)
BUDGETS = {
    # The survey, the session, and the response with this question's answer; saving adds the
    # response's lock and the answer's upsert. The questions, pictures and recordings are
    # read once per version of the survey and kept (evaluations.survey_content).
    "survey question (show)": 3,
    "survey question (save)": 5,
    "results": 15,
    "task list": 15,
    "response monitor": 15,
    "workshops": 15,
    "council check": 15,
    "plan": 15,
    "action": 15,
    "sign-off": 15,
    "you said, we did": 15,
    "reports": 15,
}
LARGE = 12  # how many of each thing "a lot" adds

# Pages over their budget today: the test fails until they are fixed (then remove the entry).
OVER_BUDGET = {}  # page: why it is over budget (none at present)


def council_url(world, prefix, name, **kwargs):
    return reverse(f"{prefix}:{name}", kwargs={
        "council_slug": world.council.slug, "pk": world.evaluation.pk, **kwargs})


COUNCIL_PAGES = {
    "results": ("evaluations", "results", {}),
    "task list": ("evaluations", "detail", {}),
    "response monitor": ("evaluations", "monitor", {}),
    "workshops": ("evaluations", "workshops", {}),
    "council check": ("evaluations", "council_check", {}),
    "plan": ("actionplans", "plan", {}),
    "action": ("actionplans", "action", {"action_pk": "action"}),
    "sign-off": ("actionplans", "sign_off", {}),
    "you said, we did": ("actionplans", "you_said", {}),
    "reports": ("actionplans", "reports", {}),
}


def grow(world, facilitator, n=LARGE):
    """Add `n` of everything the pages list or count."""
    survey = world.survey
    items = survey_items(survey)
    good_lives = list(GoodLivesAction.objects.all())
    world.action.good_lives_actions.set(good_lives)
    for number in range(n):
        response, _created = paper_response_create(
            survey=survey, submission_key=uuid.uuid4(), helped=bool(number % 2),
            answers={item: ("not_good", f"Comment {number} on {item.pk}") for item in items})
        for answer in Answer.objects.filter(response=response)[:2]:
            comment_review(answer=answer, tag="idea", hidden=False)
        unfinished = response_start(survey=world.carer_survey)
        answer_save(response=unfinished, item=survey_items(world.carer_survey)[0],
                    choice="mostly", comment="")
        workshop = WorkshopFactory(evaluation=world.evaluation)
        workshop_rating_save(workshop=workshop, domain=items[0].domain, choice="sometimes",
                             strengths="S", evidence="E")
        vote = live_vote_start(workshop=workshop)
        vote_cast(participant=participant_join(live_vote=vote, group="staff"),
                  domain=items[0].domain, choice="not_sure")
        lead = member(Role.CONTRIBUTOR, world.council)
        action = add_action(world.evaluation, 1 + number % 2, user=facilitator,
                            title=f"Action {number}", lead_user=lead,
                            good_lives_actions=good_lives)
        for target in (action, world.action):
            progress_add(action=target, user=facilitator, happened_on=datetime.date(2026, 7, 2),
                         text=f"Update {number}", status="at_risk" if number % 2 else "on_track")
        sign_off_record(evaluation=world.evaluation, user=facilitator, meeting=f"Board {number}",
                        met_on=datetime.date(2026, 8, 2), decision="approved_with_changes")
    for kind in Report.Kind.values:
        for language in ("en", "cy"):
            ReportFactory(evaluation=world.evaluation, kind=kind, language=language,
                          state=Report.State.READY, fingerprint="1" * 64, pdf=b"%PDF",
                          size=4, pages=1)


def count_queries(client, method, url, data=None):
    """The queries a request runs. Savepoints are left out: they exist only because each
    test runs inside a transaction (in production the atomic block is BEGIN … COMMIT)."""
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    assert response.status_code in (200, 302), (url, response.status_code)
    return [query["sql"] for query in queries.captured_queries
            if "SAVEPOINT" not in query["sql"]]


def describe(queries):
    return "\n".join(f"{n}. {sql[:200]}" for n, sql in enumerate(queries, start=1))


def test_every_page_has_a_budget():
    pages = set(COUNCIL_PAGES) | {"survey question (show)", "survey question (save)"}
    assert pages == set(BUDGETS)


def council_pages():
    for page in sorted(COUNCIL_PAGES):
        marks = [pytest.mark.xfail(strict=True, reason=OVER_BUDGET[page])] if (
            page in OVER_BUDGET) else []
        yield pytest.param(page, marks=marks, id=page)


@pytest.mark.parametrize("page", list(council_pages()))
def test_council_page_budget(client, world, facilitator, page):
    prefix, name, kwargs = COUNCIL_PAGES[page]
    kwargs = {key: world.action.pk if value == "action" else value
              for key, value in kwargs.items()}
    url = council_url(world, prefix, name, **kwargs)
    client.force_login(facilitator)
    client.get(url)  # sessions and caches settle
    small = count_queries(client, "get", url)
    grow(world, facilitator)
    large = count_queries(client, "get", url)
    assert len(small) <= BUDGETS[page], describe(small)
    assert len(large) == len(small), describe(large)


@pytest.fixture
def respondent(client, world):
    """Part-way through the survey: with a few answers, or with many (own questions added)."""
    client.post(reverse("surveys:welcome", args=[world.survey.token]))
    return client


def add_questions_and_answers(world, response, count):
    domain = survey_items(world.survey)[0].domain
    for extra in range(count):
        SurveyItemFactory(survey=world.survey, domain=domain, own_text=f"Own {extra}",
                          position=3000 + extra)
    for item in survey_items(world.survey):
        answer_save(response=response, item=item, choice="good", comment="Saved")


@pytest.mark.parametrize("method", ["get", "post"])
def test_survey_question_budget(respondent, world, method):
    from evaluations.models import Response

    page = "survey question (show)" if method == "get" else "survey question (save)"
    url = reverse("surveys:question", args=[world.survey.token, 2])
    data = {"choice": "not_sure", "comment": "Changed"} if method == "post" else None
    respondent.post(url, {"choice": "good"})  # the page has an answer in both cases
    small = count_queries(respondent, method, url, data)
    add_questions_and_answers(world, Response.objects.latest("pk"), 40)
    respondent.get(url)  # the survey changed: its questions are read again once, then kept
    large = count_queries(respondent, method, url, data)
    assert len(small) <= BUDGETS[page], describe(small)
    assert len(large) == len(small), describe(large)
