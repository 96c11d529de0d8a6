import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from betterlives.models import Council, Membership, Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("framework")]


def run():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def snapshot():
    from actionplans.models import Action, ProgressUpdate, SignOff
    from betterlives.models import AuditEvent
    from evaluations.models import Answer, ChosenDomain, Evaluation, Response

    User = get_user_model()
    return (
        list(Evaluation.objects.values_list("pk", "title")),
        Response.objects.count(),
        Answer.objects.count(),
        list(Council.objects.values_list("slug", "name")),
        list(User.objects.order_by("username").values_list("username", "password", "is_staff")),
        list(Membership.objects.order_by("user__username").values_list("user__username", "role")),
        list(ChosenDomain.objects.values_list("domain__number", "reason")),
        list(Action.objects.order_by("pk").values_list("pk", "status")),
        ProgressUpdate.objects.count(),
        SignOff.objects.count(),
        AuditEvent.objects.count(),
    )


def test_seed_demo_makes_one_person_per_role_and_prints_sign_ins():
    output = run()
    council = Council.objects.get()
    roles = set(Membership.objects.filter(council=council).values_list("role", flat=True))
    assert roles == set(Role.values)
    for username in ("demo-facilitator", "demo-contributor", "demo-board", "demo-admin"):
        assert username in output
    assert "password for all: better-lives-demo" in output
    assert get_user_model().objects.get(username="demo-admin").is_superuser


def test_seed_demo_twice_changes_nothing():
    run()
    first = snapshot()
    run()
    assert snapshot() == first


def test_demo_sign_in_works(client):
    run()
    response = client.post(
        "/sign-in/", {"username": "demo-facilitator", "password": "better-lives-demo"}
    )
    assert response.status_code == 302


def test_demo_evaluation_has_varied_responses():
    from django.db.models import Count

    from evaluations.models import Evaluation, Response

    run()
    evaluation = Evaluation.objects.get()
    assert evaluation.status == Evaluation.Status.IN_PROGRESS
    responses = Response.objects.filter(survey__evaluation=evaluation)
    assert responses.count() >= 40
    by_audience = dict(responses.values_list("survey__audience").annotate(n=Count("pk")))
    assert set(by_audience) == {"lived_experience", "family_carers", "staff_partners"}
    assert responses.filter(status=Response.Status.IN_PROGRESS).exists()
    assert responses.filter(helped=True).exists()
    assert responses.filter(channel=Response.Channel.PAPER).exists()
    assert all(survey.is_open() for survey in evaluation.surveys.all())


def test_demo_evaluation_has_full_step_one_results():
    from evaluations.models import EnablerAnswer, LiveVote, Vote, Workshop, WorkshopRating
    from evaluations.scores import Voice
    from evaluations.selectors.results import evaluation_results

    run()
    assert Workshop.objects.count() == 1
    assert WorkshopRating.objects.count() == 6
    assert LiveVote.objects.get().status == LiveVote.Status.ENDED
    assert Vote.objects.count() >= 6 * 5
    assert EnablerAnswer.objects.exists()
    results = evaluation_results(Workshop.objects.get().evaluation)
    for result in results:
        for voice in (Voice.WORKSHOP_VOTES, Voice.WORKSHOP_RATINGS, Voice.COUNCIL_CHECK):
            assert result.voice(voice).score is not None, (result.domain, voice)


def test_demo_comments_are_themed_by_what_they_say():
    from evaluations.models import Answer

    run()
    tagged = dict(Answer.objects.exclude(comment_tag="").values_list("comment", "comment_tag"))
    assert tagged["My support worker listens to me."] == "working"
    assert tagged["The bus pass time limit stops me getting to college."] == "not_working"
    assert tagged["I would like to go out more in the evenings."] == "idea"


def test_demo_evaluation_has_a_review_and_an_action_plan():
    from django.utils import timezone

    from actionplans.models import Action, ProgressUpdate, SignOff, Status
    from betterlives.models import AuditEvent
    from domains.models import CrossReference
    from evaluations.models import (
        ChosenDomain,
        DomainDecision,
        DomainReview,
        Evaluation,
        InDepthAnswer,
        ReviewEvidence,
        StatementRating,
    )

    output = run()
    evaluation = Evaluation.objects.get()
    today = timezone.localdate()
    contributor = get_user_model().objects.get(username="demo-contributor")
    assert "2 domains looked at in depth" in output

    chosen = list(ChosenDomain.objects.filter(evaluation=evaluation))
    assert len(chosen) == 2
    assert {c.reason for c in chosen} == {"improve", "strength"}
    assert all(c.rationale for c in chosen if c.reason == "improve")
    decision = DomainDecision.objects.get(evaluation=evaluation)
    assert decision.took_part_lived_experience > 0
    reviews = DomainReview.objects.filter(evaluation=evaluation)
    assert reviews.count() == 2
    assert all(review.key_findings for review in reviews)
    assert StatementRating.objects.filter(review__in=reviews).exclude(evidence="").exists()
    assert InDepthAnswer.objects.filter(review__in=reviews).count() >= 2
    assert ReviewEvidence.objects.filter(review__in=reviews, added_by=contributor).exists()

    actions = Action.objects.filter(evaluation=evaluation).prefetch_related(
        "good_lives_actions")
    assert actions.count() >= 8
    for number in [c.domain.number for c in chosen]:
        assert actions.filter(domain__number=number).count() >= 4
    for action in actions:
        linked = list(action.good_lives_actions.all())
        assert 1 <= len(linked) <= 2, action
        assert all(CrossReference.objects.filter(domain=action.domain, action=gl).exists()
                   for gl in linked), action
        assert action.due_on >= evaluation.period_start
    assert set(actions.values_list("status", flat=True)) == set(Status.values)
    assert any(action.is_overdue() for action in actions)
    assert actions.filter(lead_user=contributor).exists()

    updates = ProgressUpdate.objects.filter(action__evaluation=evaluation)
    assert updates.count() >= 8
    assert all(evaluation.period_start <= u.happened_on <= today for u in updates)
    for action in actions.exclude(status=Status.NOT_STARTED):
        assert updates.filter(action=action).latest("recorded_at").status_after == action.status
    sign_off = SignOff.objects.get(evaluation=evaluation)
    assert sign_off.meeting == "Learning Disability Partnership Board"
    assert sign_off.decision == SignOff.Decision.APPROVED_WITH_CHANGES
    assert sign_off.comments
    assert evaluation.period_start <= sign_off.met_on <= today
    assert AuditEvent.objects.filter(object_type="actionplans.action").count() >= 8 + 8


def test_demo_plan_seed_leaves_an_evaluation_with_actions_alone():
    from actionplans.demo import demo_plan_seed
    from actionplans.models import Action
    from evaluations.models import Evaluation

    run()
    count = Action.objects.count()
    assert demo_plan_seed(evaluation=Evaluation.objects.get()) is False
    assert Action.objects.count() == count
