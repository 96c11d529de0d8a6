"""Who may open the facilitator pages: every URL in the `evaluations:` namespace."""

import pytest
from django.urls import URLPattern, get_resolver, reverse

from evaluations.services.surveys import survey_own_question_add
from tests.factories import evaluation_with_surveys, small_framework

pytestmark = pytest.mark.django_db


def evaluation_url_names():
    resolver = get_resolver()
    for pattern in resolver.url_patterns:
        if getattr(pattern, "namespace", None) == "evaluations":
            for inner in pattern.url_patterns:
                if isinstance(inner, URLPattern) and inner.name:
                    yield inner.name


ALL_NAMES = sorted(set(evaluation_url_names()))
EVERY_ROLE = {"detail", "monitor"}
FACILITATOR_ONLY = {
    "create", "edit", "archive", "unarchive", "survey", "survey_dates", "own_question_add",
    "own_question_remove", "newer_wording", "survey_close", "survey_reopen", "share", "poster",
}
# Pages whose roles are tested beside their own code: only the 404 and sign-in cases here.
OTHERS = {
    "paper_pdf", "paper_pdf_status", "paper_pdf_download", "paper_entry", "survey_try",
    "practice_delete", "workshops", "workshop_create", "workshop", "workshop_edit",
    "workshop_rating", "workshop_pack", "workshop_pack_status", "workshop_pack_download",
    "vote_start", "vote_screen", "vote_tally", "vote_move", "vote_close_domain", "vote_end",
    "vote_reveal", "vote_open", "vote_delete", "vote_present", "vote_present_state",
    "council_check", "council_check_domain",
    "results", "results_domain", "comments", "comment_review", "export",
    "choose_domains", "reviews", "review", "review_evidence_add", "history",
}


@pytest.fixture
def evaluation(small_evaluation):
    return small_evaluation


@pytest.fixture
def workshop_and_vote(evaluation):
    from evaluations.services.live_votes import live_vote_start
    from tests.factories import WorkshopFactory

    workshop = WorkshopFactory(evaluation=evaluation)
    return workshop, live_vote_start(workshop=workshop)


@pytest.fixture
def own_item(evaluation, workshop_and_vote):
    survey = evaluation.surveys.get(audience="family_carers")
    from domains.models import Domain

    return survey_own_question_add(survey=survey, domain=Domain.objects.get(number=2),
                                   text="Do you know who to call at night?")


def url_for(name, evaluation, own_item=None, **overrides):
    kwargs = {"council_slug": evaluation.council.slug}
    if name != "create":
        kwargs["pk"] = evaluation.pk
    if name in {"survey", "survey_dates", "own_question_add", "own_question_remove",
                "newer_wording", "survey_close", "survey_reopen", "share", "poster",
                "paper_pdf", "paper_pdf_status", "paper_pdf_download", "paper_entry",
                "survey_try", "practice_delete"}:
        kwargs["audience"] = "family_carers"
    if name.endswith(("_status", "_download")):
        kwargs["report_pk"] = 1  # refused before the file is looked for
    if name == "own_question_remove":
        kwargs["item_pk"] = own_item.pk
    if name == "newer_wording":
        kwargs["item_pk"] = evaluation.surveys.get(audience="family_carers").items.filter(
            question__isnull=False).first().pk
    if name.startswith(("workshop", "vote_")) and name not in {"workshops", "workshop_create"}:
        from evaluations.models import LiveVote

        vote = LiveVote.objects.get(workshop__evaluation=evaluation)
        kwargs["workshop_pk"] = vote.workshop_id
        if name.startswith("vote_") and name != "vote_start":
            kwargs["vote_pk"] = vote.pk
    if name in {"workshop_rating", "council_check_domain", "results_domain", "review",
                "review_evidence_add"}:
        kwargs["number"] = 1
    if name == "comment_review":
        kwargs["answer_pk"] = 1
    if name == "export":
        kwargs.update(table="results", file_format="csv")
    kwargs.update(overrides)
    return reverse(f"evaluations:{name}", kwargs=kwargs)


def test_every_url_is_covered():
    assert set(ALL_NAMES) == EVERY_ROLE | FACILITATOR_ONLY | OTHERS


@pytest.mark.parametrize("name", sorted(EVERY_ROLE | FACILITATOR_ONLY - {"unarchive"}))
def test_facilitator_sees_every_page(client, facilitator, evaluation, own_item, name):
    client.force_login(facilitator)
    response = client.get(url_for(name, evaluation, own_item))
    assert response.status_code == 200
    assert "<h1" in response.content.decode()


def test_unarchive_page_for_an_archived_evaluation(client, facilitator, evaluation):
    from evaluations.services.evaluations import evaluation_archive

    evaluation_archive(evaluation=evaluation)
    client.force_login(facilitator)
    assert client.get(url_for("unarchive", evaluation)).status_code == 200


@pytest.mark.parametrize("role", ["board_viewer", "contributor"])
@pytest.mark.parametrize("name", sorted(EVERY_ROLE))
def test_readers_see_task_list_and_monitor(client, request, evaluation, name, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(url_for(name, evaluation))
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["board_viewer", "contributor"])
@pytest.mark.parametrize("name", sorted(FACILITATOR_ONLY))
def test_readers_are_refused_facilitator_pages(client, request, evaluation, own_item, name,
                                               role):
    client.force_login(request.getfixturevalue(role))
    url = url_for(name, evaluation, own_item)
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403


@pytest.mark.parametrize("name", ALL_NAMES)
def test_another_council_gets_404(client, outsider, evaluation, own_item, name):
    client.force_login(outsider)
    url = url_for(name, evaluation, own_item)
    response = client.get(url)
    assert response.status_code == 404
    assert evaluation.title not in response.content.decode()
    assert client.post(url).status_code == 404


@pytest.mark.parametrize("name", ALL_NAMES)
def test_anonymous_is_sent_to_sign_in(client, evaluation, own_item, name):
    url = url_for(name, evaluation, own_item)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_another_councils_evaluation_under_my_council_is_404(client, evaluation, council,
                                                               facilitator, other_council):
    """A tampered pk: an evaluation of another council, reached through my council's URL."""
    theirs = evaluation_with_surveys(other_council)
    client.force_login(facilitator)
    for name in ["detail", "monitor", "edit", "survey", "share"]:
        url = url_for(name, theirs, council_slug=council.slug)
        assert client.get(url).status_code == 404, name


@pytest.mark.parametrize("name", ["survey", "share", "poster", "survey_dates"])
def test_unknown_audience_is_404(client, facilitator, evaluation, name):
    client.force_login(facilitator)
    assert client.get(url_for(name, evaluation, audience="aliens")).status_code == 404


def test_survey_not_in_the_evaluation_is_404(client, council, facilitator):
    small_framework()
    evaluation = evaluation_with_surveys(council, audiences=["family_carers"])
    client.force_login(facilitator)
    assert client.get(url_for("survey", evaluation, audience="staff_partners")).status_code == 404


def test_own_question_of_another_survey_is_404(client, facilitator, evaluation, own_item):
    client.force_login(facilitator)
    url = url_for("own_question_remove", evaluation, own_item, audience="staff_partners")
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


def test_framework_question_cannot_be_removed(client, facilitator, evaluation):
    item = evaluation.surveys.get(audience="family_carers").items.first()
    client.force_login(facilitator)
    url = url_for("own_question_remove", evaluation, item, item_pk=item.pk)
    assert client.post(url).status_code == 404
    item.refresh_from_db()
    assert item.enabled
