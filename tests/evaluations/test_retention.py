import datetime
import io
import json
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from betterlives.models import AuditEvent
from evaluations.models import Answer, Response
from evaluations.services.responses import paper_response_create
from evaluations.services.results import comment_review
from evaluations.services.retention import AUDIT_ACTION, free_text_delete_old, months_before

from ..factories import CouncilFactory, evaluation_with_surveys, small_framework

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def content(db):
    small_framework(domains=1, questions=2)


def answered(council, when, comment="The bus stops too far from my house", *, sent=True):
    """A response to `council`'s first survey with one comment, sent (or, if not sent,
    started) at `when`."""
    evaluation = council.evaluations.first() or evaluation_with_surveys(council)
    survey = evaluation.surveys.order_by("audience").first()
    items = list(survey.items.all())
    response, _ = paper_response_create(
        survey=survey, submission_key=uuid.uuid4(), helped=False,
        answers={items[0]: ("good", comment), items[1]: ("not_sure", "")},
    )
    if sent:
        Response.objects.filter(pk=response.pk).update(started_at=when, submitted_at=when)
    else:
        Response.objects.filter(pk=response.pk).update(
            status=Response.Status.IN_PROGRESS, started_at=when, submitted_at=None)
    answer = response.answers.get(item=items[0])
    comment_review(answer=answer, tag="not_working", hidden=False)
    return response


def comment_of(response):
    return response.answers.exclude(choice="not_sure").get()


def test_old_comments_are_blanked_and_recent_ones_kept(content):
    council = CouncilFactory(free_text_retention_months=24)
    old = answered(council, datetime.datetime(2024, 6, 1, tzinfo=datetime.UTC))
    recent = answered(council, datetime.datetime(2024, 7, 1, tzinfo=datetime.UTC),
                      comment="Staff listen to me")

    [result] = free_text_delete_old(now=NOW)

    blanked = comment_of(old)
    assert (blanked.comment, blanked.comment_tag, blanked.choice) == ("", "", "good")
    kept = comment_of(recent)
    assert (kept.comment, kept.comment_tag) == ("Staff listen to me", "not_working")
    assert Answer.objects.count() == 4  # the answers themselves stay
    assert (result.comments, result.responses) == (1, 1)
    assert result.cutoff.date() == datetime.date(2024, 6, 15)


def test_unsent_responses_count_from_when_they_were_started(content):
    council = CouncilFactory(free_text_retention_months=6)
    unsent = answered(council, datetime.datetime(2025, 11, 1, tzinfo=datetime.UTC), sent=False)
    free_text_delete_old(now=NOW)
    assert comment_of(unsent).comment == ""


def test_each_council_keeps_comments_for_its_own_period(content):
    short = CouncilFactory(name="Short", free_text_retention_months=6)
    long = CouncilFactory(name="Long", free_text_retention_months=120)
    moment = datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC)  # a year before NOW
    in_short = answered(short, moment)
    in_long = answered(long, moment)

    results = free_text_delete_old(now=NOW)

    assert comment_of(in_short).comment == ""
    assert comment_of(in_long).comment == "The bus stops too far from my house"
    assert [(r.council.name, r.comments) for r in results] == [("Long", 0), ("Short", 1)]


def test_a_dry_run_changes_nothing(content):
    council = CouncilFactory(free_text_retention_months=6)
    old = answered(council, datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))

    [result] = free_text_delete_old(now=NOW, dry_run=True)

    assert (result.comments, result.responses, result.dry_run) == (1, 1, True)
    assert comment_of(old).comment == "The bus stops too far from my house"
    assert comment_of(old).comment_tag == "not_working"
    assert not AuditEvent.objects.exists()


def test_an_audit_event_with_counts_and_no_text_is_written(content):
    council = CouncilFactory(free_text_retention_months=12)
    other = CouncilFactory(free_text_retention_months=12)
    answered(council, datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC))
    answered(council, datetime.datetime(2024, 2, 1, tzinfo=datetime.UTC), comment="Second one")

    free_text_delete_old(now=NOW)

    event = AuditEvent.objects.get()
    assert event.council == council
    assert event.action == AUDIT_ACTION
    assert event.user is None
    assert event.changes["comments deleted"] == [None, "2"]
    assert event.changes["responses"] == [None, "2"]
    assert event.changes["kept for (months)"] == [None, "12"]
    stored = json.dumps(event.changes) + event.action
    assert "bus" not in stored and "Second" not in stored
    assert not AuditEvent.objects.filter(council=other).exists()


def test_running_again_deletes_nothing_more(content):
    council = CouncilFactory(free_text_retention_months=6)
    answered(council, datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC))
    first = free_text_delete_old(now=NOW)
    second = free_text_delete_old(now=NOW)
    assert (first[0].comments, second[0].comments, second[0].responses) == (1, 0, 0)
    assert AuditEvent.objects.count() == 1


def test_hidden_comments_are_deleted_too(content):
    council = CouncilFactory(free_text_retention_months=6)
    old = answered(council, datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC))
    comment_review(answer=comment_of(old), tag="", hidden=True)
    free_text_delete_old(now=NOW)
    answer = comment_of(old)
    assert (answer.comment, answer.comment_hidden) == ("", False)


def test_the_command_prints_one_line_per_council(content):
    old = timezone.now() - datetime.timedelta(days=365 * 3)
    council = CouncilFactory(name="Riverside Council")
    CouncilFactory(name="Hillside Council")
    response = answered(council, old)

    out = io.StringIO()
    call_command("delete_old_free_text", "--dry-run", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Hillside Council: would blank 0 comments in 0 responses")
    assert lines[1].startswith("Riverside Council: would blank 1 comment in 1 response from")
    assert lines[1].endswith("(kept for 24 months)")
    assert comment_of(response).comment != ""

    out = io.StringIO()
    call_command("delete_old_free_text", stdout=out)
    assert "Riverside Council: blanked 1 comment in 1 response" in out.getvalue()
    assert comment_of(response).comment == ""


def test_months_before_handles_short_months():
    moment = datetime.datetime(2026, 3, 31, 9, 30, tzinfo=datetime.UTC)
    assert months_before(moment, 1) == datetime.datetime(2026, 2, 28, 9, 30, tzinfo=datetime.UTC)
    assert months_before(moment, 24).date() == datetime.date(2024, 3, 31)
    assert months_before(moment, 3).date() == datetime.date(2025, 12, 31)


@pytest.mark.parametrize("months, valid", [(5, False), (6, True), (120, True), (121, False)])
def test_the_period_is_between_6_and_120_months(db, months, valid):
    council = CouncilFactory.build(name="Checked", slug="checked",
                                   free_text_retention_months=months)
    if valid:
        council.full_clean()
    else:
        with pytest.raises(ValidationError):
            council.full_clean()


def test_new_councils_keep_comments_for_24_months(db):
    assert CouncilFactory().free_text_retention_months == 24
