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
    from evaluations.models import Answer, Evaluation, Response

    User = get_user_model()
    return (
        list(Evaluation.objects.values_list("pk", "title")),
        Response.objects.count(),
        Answer.objects.count(),
        list(Council.objects.values_list("slug", "name")),
        list(User.objects.order_by("username").values_list("username", "password", "is_staff")),
        list(Membership.objects.order_by("user__username").values_list("user__username", "role")),
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
    from evaluations.results import Voice, evaluation_results

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
