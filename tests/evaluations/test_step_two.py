"""Step 2: choosing domains, the in-depth reviews, the evidence and the history."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from betterlives.models import AuditEvent
from domains.models import Domain, Statement
from evaluations.models import ChosenDomain, DomainReview, ReviewEvidence, StatementRating
from evaluations.selectors.step_two import history_events
from evaluations.selectors.task_list import COMPLETED, IN_PROGRESS, NOT_STARTED, step_two_tasks
from evaluations.services.evaluations import evaluation_archive
from evaluations.services.step_two import domain_choice_save, review_evidence_add, review_save
from tests.factories import StatementFactory, choose_domains, evaluation_with_surveys

from .helpers import evaluation_url as url

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation(in_depth_review_evaluation):
    return in_depth_review_evaluation


def domain(number):
    return Domain.objects.get(number=number)


def choose_data(**overrides):
    data = {"choose_1": "on", "reason_1": "improve", "rationale_1": "Lowest scores.",
            "decided_on_0": "1", "decided_on_1": "6", "decided_on_2": "2026",
            "took_part_lived_experience": "4", "took_part_family_carers": "2",
            "took_part_staff": "", "took_part_partners": "1", "how_decided": "At the board."}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# Services ---------------------------------------------------------------------------------


def test_choose_add_change_remove_with_audit(evaluation, facilitator):
    save = dict(evaluation=evaluation, user=facilitator, decided_on=datetime.date(2026, 6, 1),
                took_part={"staff": 2}, how_decided="Meeting")
    decision = domain_choice_save(**save, choices={domain(1): ("improve", "Low"),
                                                   domain(2): ("strength", "")})
    assert decision.took_part_staff == 2
    assert list(ChosenDomain.objects.values_list("domain__number", "reason")) == [
        (1, "improve"), (2, "strength")]
    assert DomainReview.objects.filter(evaluation=evaluation).count() == 2
    actions = [e.action for e in AuditEvent.objects.order_by("pk")]
    assert actions == ["Recorded how the domains were chosen",
                       "Chose domain 1", "Chose domain 2"]

    domain_choice_save(**{**save, "how_decided": "Board meeting"},
                       choices={domain(1): ("other", "Low"), domain(3): ("improve", "")})
    assert list(ChosenDomain.objects.values_list("domain__number", flat=True)) == [1, 3]
    assert DomainReview.objects.filter(evaluation=evaluation).count() == 3  # 2 is kept
    events = list(AuditEvent.objects.order_by("pk"))[3:]
    assert [e.action for e in events] == [
        "Changed how the domains were chosen", "Changed why domain 1 was chosen",
        "Chose domain 3", "Removed domain 2"]
    assert events[0].changes == {"how the decision was made": ["Meeting", "Board meeting"]}
    assert events[1].changes == {"why": ["It needs improving", "Another reason"]}
    assert all(e.user == facilitator for e in events)
    assert len(history_events(evaluation=evaluation)) == 7
    assert history_events(evaluation=evaluation)[0].action.startswith("Removed")


def test_saving_the_same_choice_records_nothing(evaluation, facilitator):
    choose_domains(evaluation, 1, user=facilitator)
    count = AuditEvent.objects.count()
    choose_domains(evaluation, 1, user=facilitator)
    assert AuditEvent.objects.count() == count


@pytest.mark.parametrize("kwargs, message", [
    ({"choices": {}}, "Choose at least one domain to look at in depth"),
    ({"choices": "bad reason"}, "Choose why you chose Domain title 1"),
    ({"decided_on": "1 June"}, "Enter the date of the decision"),
    ({"took_part": {"staff": -1}}, "Numbers of people must be whole numbers from 0 to 1,000"),
    ({"how_decided": "x" * 5001}, "How the decision was made must be 5000 characters or fewer"),
])
def test_choose_service_refuses_bad_input(evaluation, facilitator, kwargs, message):
    save = dict(evaluation=evaluation, user=facilitator, decided_on=datetime.date(2026, 6, 1),
                took_part={}, how_decided="", choices={domain(1): ("improve", "")})
    if kwargs.get("choices") == "bad reason":
        kwargs = {"choices": {domain(1): ("", "")}}
    with pytest.raises(ValidationError) as error:
        domain_choice_save(**{**save, **kwargs})
    assert error.value.messages == [message]
    assert not AuditEvent.objects.exists()


def test_review_save_and_evidence_with_audit(evaluation, contributor):
    choose_domains(evaluation, 1)
    review = DomainReview.objects.get(domain__number=1)
    statement = Statement.objects.get(code="D1-ST-1")
    question = domain(1).in_depth_questions.get(code="D1-IDQ-1")
    review_save(review=review, user=contributor, ratings={statement: ("partly", "A report")},
                answers={question: "Yes, mostly."}, key_findings="Good progress.")
    rating = StatementRating.objects.get(review=review)
    assert (rating.rating, rating.evidence) == ("partly", "A report")
    review.refresh_from_db()
    assert review.key_findings == "Good progress."
    event = AuditEvent.objects.latest("pk")
    assert event.user == contributor
    assert event.changes == {
        "key findings": ["", "Good progress."],
        "question D1-IDQ-1 answer": ["", "Yes, mostly."],
        "statement D1-ST-1 evidence": ["", "A report"],
        "statement D1-ST-1 rating": ["", "Partly in place"],
    }
    item = review_evidence_add(review=review, user=contributor, text="Minutes of the board")
    assert item.added_by == contributor
    assert AuditEvent.objects.latest("pk").action.startswith("Added evidence")
    with pytest.raises(ValidationError):
        review_evidence_add(review=review, user=contributor, text="  ")
    other = Statement.objects.get(code="D2-ST-1")
    with pytest.raises(ValidationError):
        review_save(review=review, user=contributor, ratings={other: ("partly", "")},
                    answers={}, key_findings="")


def test_review_uses_the_revision_already_rated(evaluation, contributor, client):
    choose_domains(evaluation, 1)
    review = DomainReview.objects.get(domain__number=1)
    old = Statement.objects.get(code="D1-ST-1")
    review_save(review=review, user=contributor, ratings={old: ("in_place", "")}, answers={},
                key_findings="")
    Statement.objects.filter(pk=old.pk).update(is_current=False)
    StatementFactory(domain=old.domain, code=old.code, revision=2, text="New wording",
                     position=old.position, source_url=old.source_url,
                     framework_version=old.framework_version)
    client.force_login(contributor)
    page = client.get(url("review", evaluation, number=1)).content.decode()
    assert old.text in page
    assert "New wording" not in page


# Pages --------------------------------------------------------------------------------------


def test_choose_page_shows_summary_and_saves(client, facilitator, evaluation):
    client.force_login(facilitator)
    page = client.get(url("choose_domains", evaluation)).content.decode()
    assert "Domain title 3" in page and "Gap between voices" in page
    response = client.post(url("choose_domains", evaluation), choose_data())
    assert response.status_code == 302
    assert response["Location"] == url("reviews", evaluation)
    chosen = ChosenDomain.objects.get()
    assert (chosen.domain.number, chosen.rationale) == (1, "Lowest scores.")
    page = client.get(url("choose_domains", evaluation)).content.decode()
    assert "Chose domain 1" in page  # the history below


@pytest.mark.parametrize("overrides, message", [
    ({"choose_1": None}, "Choose at least one domain to look at in depth"),
    ({"reason_1": None}, "Choose why you chose Domain title 1"),
    ({"decided_on_1": "13"}, "The date of the decision must be a real date"),
    ({"took_part_staff": "-2"}, "The number of staff must be 0 or more"),
    ({"took_part_staff": "two"}, "Enter the number of staff as a whole number, like 4"),
    ({"rationale_1": "x" * 5001}, "The reasons for Domain title 1 must be 5000 characters"),
])
def test_choose_page_errors(client, facilitator, evaluation, overrides, message):
    client.force_login(facilitator)
    response = client.post(url("choose_domains", evaluation), choose_data(**overrides))
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert message in page
    assert not ChosenDomain.objects.exists()


def test_review_page_saves_and_adds_evidence(client, contributor, evaluation):
    choose_domains(evaluation, 2)
    client.force_login(contributor)
    statement = Statement.objects.get(code="D2-ST-1")
    response = client.post(url("review", evaluation, number=2), {
        f"rating_{statement.pk}": "not_yet", f"evidence_{statement.pk}": "Survey",
        "key_findings": "We need to act."})
    assert response.status_code == 302
    assert DomainReview.objects.get(domain__number=2).key_findings == "We need to act."
    response = client.post(url("review_evidence_add", evaluation, number=2), {"text": "Report"})
    assert response.status_code == 302
    assert ReviewEvidence.objects.get().text == "Report"
    response = client.post(url("review_evidence_add", evaluation, number=2), {"text": ""})
    assert response.status_code == 200
    assert "Enter the evidence" in response.content.decode()
    page = client.get(url("review", evaluation, number=2)).content.decode()
    assert "Report" in page and "Added by" in page
    reviews = client.get(url("reviews", evaluation)).content.decode()
    assert "Completed" in reviews
    history = client.get(url("history", evaluation)).content.decode()
    assert "Added evidence to the review of domain 2" in history
    assert "We need to act." in history


def test_review_of_a_domain_not_chosen_is_404(client, facilitator, evaluation):
    choose_domains(evaluation, 1)
    client.force_login(facilitator)
    assert client.get(url("review", evaluation, number=2)).status_code == 404
    assert client.get(url("review", evaluation, number=99)).status_code == 404
    assert client.post(url("review_evidence_add", evaluation, number=2),
                       {"text": "x"}).status_code == 404


def test_history_is_paginated_newest_first(client, board_viewer, evaluation, facilitator):
    choose_domains(evaluation, 1)
    review = DomainReview.objects.get()
    for n in range(30):
        review_evidence_add(review=review, user=facilitator, text=f"Evidence {n}")
    client.force_login(board_viewer)
    page = client.get(url("history", evaluation)).content.decode()
    assert "Evidence 29" in page and "Evidence 3”" not in page
    assert "Page 1 of 2" in page
    page2 = client.get(url("history", evaluation) + "?page=2").content.decode()
    assert "Evidence 3”" in page2


def test_history_stays_in_the_evaluation(client, facilitator, evaluation, council):
    other = evaluation_with_surveys(council, title="Another one")
    choose_domains(other, 3, user=facilitator)
    choose_domains(evaluation, 1, user=facilitator)
    client.force_login(facilitator)
    page = client.get(url("history", evaluation)).content.decode()
    assert "Chose domain 1" in page and "Chose domain 3" not in page


def test_archived_evaluation_is_read_only(client, facilitator, evaluation):
    choose_domains(evaluation, 1)
    evaluation_archive(evaluation=evaluation)
    client.force_login(facilitator)
    page = client.get(url("choose_domains", evaluation)).content.decode()
    assert 'name="choose_1"' not in page
    for name, kwargs in [("choose_domains", {}), ("review", {"number": 1}),
                         ("review_evidence_add", {"number": 1})]:
        response = client.post(url(name, evaluation, **kwargs), {"text": "x"})
        assert response.status_code == 200
        assert "This evaluation is archived" in response.content.decode()
    assert not ReviewEvidence.objects.exists()


def test_task_list_statuses(evaluation, facilitator):
    choose, review = step_two_tasks(evaluation)
    assert choose.status == NOT_STARTED and review.url is None
    choose_domains(evaluation, 1, 2)
    choose, review = step_two_tasks(evaluation)
    assert choose.status == COMPLETED and review.status == NOT_STARTED
    assert review.url.endswith("/reviews/")
    first = DomainReview.objects.get(domain__number=1)
    review_evidence_add(review=first, user=facilitator, text="x")
    assert step_two_tasks(evaluation)[1].status == IN_PROGRESS
    for item in DomainReview.objects.all():
        review_save(review=item, user=facilitator, ratings={}, answers={}, key_findings="Done")
    assert step_two_tasks(evaluation)[1].status == COMPLETED


# Permissions --------------------------------------------------------------------------------

NAMES = [("choose_domains", {}), ("reviews", {}), ("review", {"number": 1}),
         ("review_evidence_add", {"number": 1}), ("history", {})]


@pytest.mark.parametrize("name, kwargs", NAMES)
@pytest.mark.parametrize("role, can_get, can_post", [
    ("facilitator", True, True),
    ("contributor", True, False),
    ("board_viewer", True, False),
])
def test_permission_matrix(client, request, evaluation, name, kwargs, role, can_get,
                           can_post):
    choose_domains(evaluation, 1)
    client.force_login(request.getfixturevalue(role))
    target = url(name, evaluation, **kwargs)
    if name == "review_evidence_add":
        expected = 405 if role != "board_viewer" else 403
        assert client.get(target).status_code == expected
        response = client.post(target, {"text": "Evidence"})
        assert response.status_code == (403 if role == "board_viewer" else 302)
        return
    assert client.get(target).status_code == 200
    if name in {"reviews", "history"}:
        return
    if name == "review":
        allowed = role != "board_viewer"
        response = client.post(target, {"key_findings": "x"})
    else:
        allowed = can_post
        response = client.post(target, choose_data())
    assert response.status_code == (302 if allowed else 403)


@pytest.mark.parametrize("name, kwargs", NAMES)
def test_another_council_and_anonymous(client, outsider, evaluation, name, kwargs):
    choose_domains(evaluation, 1)
    target = url(name, evaluation, **kwargs)
    response = client.get(target)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(outsider)
    assert client.get(target).status_code == 404
    assert client.post(target, {"text": "x"}).status_code == 404


def test_readers_see_no_forms(client, board_viewer, evaluation):
    choose_domains(evaluation, 1)
    client.force_login(board_viewer)
    assert 'name="choose_1"' not in client.get(url("choose_domains", evaluation)).content.decode()
    page = client.get(url("review", evaluation, number=1)).content.decode()
    assert 'name="key_findings"' not in page and 'name="text"' not in page


# Query counts -------------------------------------------------------------------------------


def count_queries(client, target):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(target).status_code == 200
    return len(queries)


def test_query_counts_do_not_grow(client, facilitator, evaluation):
    choose_domains(evaluation, 1, user=facilitator)
    client.force_login(facilitator)
    review = DomainReview.objects.get()
    choose_url, review_url = url("choose_domains", evaluation), url("review", evaluation, number=1)
    before = (count_queries(client, choose_url), count_queries(client, review_url))
    for n in range(15):
        review_evidence_add(review=review, user=facilitator, text=f"E{n}")
        choose_domains(evaluation, 1, 2 + n % 2, user=facilitator)
    after = (count_queries(client, choose_url), count_queries(client, review_url))
    assert before == after
    assert max(after) <= 20
