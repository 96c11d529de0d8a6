"""Who may open each action plan page: every URL in the `actionplans:` namespace, for each
role, for a contributor who leads an action, and for another council."""

import pytest
from django.urls import URLPattern, get_resolver, reverse

from actionplans.models import Action, ProgressUpdate, SignOff
from betterlives.models import Role
from tests.factories import (
    add_action,
    evaluation_with_surveys,
    member,
)

pytestmark = pytest.mark.django_db


def plan_url_names():
    for pattern in get_resolver().url_patterns:
        if getattr(pattern, "namespace", None) == "actionplans":
            for inner in pattern.url_patterns:
                if isinstance(inner, URLPattern) and inner.name:
                    yield inner.name


ALL_NAMES = sorted(set(plan_url_names()))
READ = {"plan", "good_lives", "action", "sign_off", "you_said"}
MANAGE = {"action_create", "action_edit", "action_delete", "sign_off_create",
          "you_said_publish", "you_said_unpublish"}
LEAD = {"progress_add"}
# Making and downloading reports changes no data: open to the whole council, tested with
# their own roles in test_reports.py; here only the other-council and signed-out cases.
REPORTS = {"reports", "report_make", "report_download"}


@pytest.fixture
def evaluation(evaluation_with_domain_one_chosen):
    return evaluation_with_domain_one_chosen


@pytest.fixture
def action(evaluation):
    return add_action(evaluation)


def url_for(name, evaluation, action):
    kwargs = {"council_slug": evaluation.council.slug, "pk": evaluation.pk}
    if name.startswith(("action", "progress")) and name != "action_create":
        kwargs["action_pk"] = action.pk
    if name == "action_create":
        kwargs["number"] = 1
    if name == "report_download":
        from actionplans.models import Report

        kwargs["report_pk"] = Report.objects.get_or_create(
            evaluation=evaluation, kind="board", language="en",
            defaults={"state": "ready", "fingerprint": "x", "pdf": b"%PDF-1.7"})[0].pk
    return reverse(f"actionplans:{name}", kwargs=kwargs)


def test_every_url_is_covered():
    assert set(ALL_NAMES) == READ | MANAGE | LEAD | REPORTS


@pytest.mark.parametrize("role", ["facilitator", "contributor", "board_viewer"])
@pytest.mark.parametrize("name", sorted(READ))
def test_everyone_in_the_council_reads(client, request, evaluation, action, role, name):
    client.force_login(request.getfixturevalue(role))
    response = client.get(url_for(name, evaluation, action))
    assert response.status_code == 200
    assert "<h1" in response.content.decode()


@pytest.mark.parametrize("name", sorted(MANAGE | LEAD))
def test_facilitator_opens_every_form(client, facilitator, evaluation, action, name):
    client.force_login(facilitator)
    assert client.get(url_for(name, evaluation, action)).status_code == 200


@pytest.mark.parametrize("role", ["contributor", "board_viewer"])
@pytest.mark.parametrize("name", sorted(MANAGE | LEAD))
def test_readers_cannot_change_the_plan(client, request, evaluation, action, role, name):
    """A contributor who does not lead the action, and a board viewer, get 403."""
    client.force_login(request.getfixturevalue(role))
    url = url_for(name, evaluation, action)
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "Changed", "text": "Done", "status": "done",
                             "meeting": "Board"}).status_code == 403
    assert Action.objects.get(pk=action.pk).title == action.title
    assert not ProgressUpdate.objects.exists()
    assert not SignOff.objects.exists()


def test_a_contributor_records_progress_on_an_action_they_lead(client, council, contributor,
                                                              evaluation):
    led = add_action(evaluation, lead_user=contributor)
    client.force_login(contributor)
    url = url_for("progress_add", evaluation, led)
    assert client.get(url).status_code == 200
    response = client.post(url, {"happened_on_0": str(evaluation.period_start.day),
                                 "happened_on_1": str(evaluation.period_start.month),
                                 "happened_on_2": str(evaluation.period_start.year),
                                 "text": "First session held.", "status": "on_track"})
    assert response.status_code == 302
    led.refresh_from_db()
    assert led.status == "on_track"
    # ...but cannot change or remove it.
    for name in ("action_edit", "action_delete"):
        assert client.get(url_for(name, evaluation, led)).status_code == 403


def test_a_board_viewer_named_as_lead_still_cannot_record_progress(client, council,
                                                                   evaluation):
    viewer = member(Role.BOARD_VIEWER, council)
    led = add_action(evaluation, lead_user=viewer)
    client.force_login(viewer)
    assert client.get(url_for("progress_add", evaluation, led)).status_code == 403


@pytest.mark.parametrize("name", ALL_NAMES)
def test_another_council_gets_404(client, outsider, evaluation, action, name):
    client.force_login(outsider)
    url = url_for(name, evaluation, action)
    response = client.get(url)
    assert response.status_code == 404
    assert evaluation.title not in response.content.decode()
    assert action.title not in response.content.decode()
    assert client.post(url).status_code == 404


@pytest.mark.parametrize("name", ALL_NAMES)
def test_anonymous_is_sent_to_sign_in(client, evaluation, action, name):
    response = client.get(url_for(name, evaluation, action))
    if name == "report_download":  # a report's address says nothing to someone signed out
        assert response.status_code == 404
        return
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_action_of_another_evaluation_is_not_found(client, council, facilitator,
                                                      evaluation, action):
    """A tampered action number: another evaluation's action through this evaluation's URL."""
    second = evaluation_with_surveys(council)
    client.force_login(facilitator)
    for name in ("action", "action_edit", "action_delete", "progress_add"):
        url = reverse(f"actionplans:{name}", kwargs={
            "council_slug": council.slug, "pk": second.pk, "action_pk": action.pk})
        assert client.get(url).status_code == 404


def test_another_councils_evaluation_under_my_council_is_404(client, facilitator, evaluation,
                                                               other_council):
    theirs = evaluation_with_surveys(other_council)
    client.force_login(facilitator)
    url = reverse("actionplans:plan", kwargs={"council_slug": evaluation.council.slug,
                                              "pk": theirs.pk})
    assert client.get(url).status_code == 404


def test_a_domain_that_is_not_chosen_is_not_found(client, facilitator, evaluation):
    client.force_login(facilitator)
    url = reverse("actionplans:action_create", kwargs={
        "council_slug": evaluation.council.slug, "pk": evaluation.pk, "number": 2})
    assert client.get(url).status_code == 404


def test_an_unknown_good_lives_action_to_start_from_is_not_found(client, facilitator,
                                                                 evaluation, action):
    client.force_login(facilitator)
    url = url_for("action_create", evaluation, action)
    assert client.get(url + "?from=NOT-A-CODE").status_code == 404
    assert client.get(url + "?from=GL-1").status_code == 200


def test_archived_evaluation_shows_the_archived_page_on_forms(client, facilitator, evaluation,
                                                              action):
    from evaluations.services.evaluations import evaluation_archive

    evaluation_archive(evaluation=evaluation)
    client.force_login(facilitator)
    for name in sorted(MANAGE | LEAD):
        response = client.get(url_for(name, evaluation, action))
        assert response.status_code == 200
        assert "archived" in response.content.decode()
    assert client.get(url_for("plan", evaluation, action)).status_code == 200
