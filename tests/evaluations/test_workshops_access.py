"""Who may open the workshop and council's-own-check pages, and what a tampered link gets."""

import pytest
from django.urls import reverse

from evaluations.models import Workshop
from evaluations.services.evaluations import evaluation_archive
from tests.factories import (
    WorkshopFactory,
    evaluation_with_surveys,
)

pytestmark = pytest.mark.django_db

EVERY_ROLE = ["workshops", "workshop", "council_check", "council_check_domain"]
CONTRIBUTE = ["workshop_create", "workshop_edit", "workshop_rating"]
ALL = EVERY_ROLE + CONTRIBUTE


@pytest.fixture
def evaluation(council_check_evaluation):
    return council_check_evaluation


@pytest.fixture
def workshop(evaluation):
    return WorkshopFactory(evaluation=evaluation, title="Spring workshop")


def url_for(name, evaluation, workshop=None, **overrides):
    kwargs = {"council_slug": evaluation.council.slug, "pk": evaluation.pk}
    if name in {"workshop", "workshop_edit", "workshop_rating"}:
        kwargs["workshop_pk"] = workshop.pk
    if name in {"workshop_rating", "council_check_domain"}:
        kwargs["number"] = 1
    kwargs.update(overrides)
    return reverse(f"evaluations:{name}", kwargs=kwargs)


@pytest.mark.parametrize("role", ["facilitator", "contributor"])
@pytest.mark.parametrize("name", ALL)
def test_facilitators_and_contributors_see_every_page(client, request, workshop, name, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(url_for(name, workshop.evaluation, workshop))
    assert response.status_code == 200
    assert "<h1" in response.content.decode()


@pytest.mark.parametrize("name", EVERY_ROLE)
def test_board_viewer_reads(client, board_viewer, workshop, name):
    client.force_login(board_viewer)
    response = client.get(url_for(name, workshop.evaluation, workshop))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in page
    assert "Record a workshop" not in page
    assert 'name="q' not in page  # no council-check form
    assert "Rate<span" not in page


@pytest.mark.parametrize("name", CONTRIBUTE + ["council_check_domain"])
def test_board_viewer_cannot_change_anything(client, board_viewer, workshop, name):
    client.force_login(board_viewer)
    url = url_for(name, workshop.evaluation, workshop)
    if name != "council_check_domain":
        assert client.get(url).status_code == 403
    assert client.post(url, {"title": "Changed", "choice": "mostly"}).status_code == 403
    workshop.refresh_from_db()
    assert workshop.title == "Spring workshop"
    assert not workshop.ratings.exists()
    assert not workshop.evaluation.enabler_answers.exists()


@pytest.mark.parametrize("name", ALL)
def test_another_council_gets_404(client, outsider, workshop, name):
    client.force_login(outsider)
    url = url_for(name, workshop.evaluation, workshop)
    response = client.get(url)
    assert response.status_code == 404
    assert workshop.evaluation.title not in response.content.decode()
    assert "Spring workshop" not in response.content.decode()
    assert client.post(url).status_code == 404


@pytest.mark.parametrize("name", ALL)
def test_anonymous_is_sent_to_sign_in(client, workshop, name):
    response = client.get(url_for(name, workshop.evaluation, workshop))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["workshop", "workshop_edit", "workshop_rating"])
def test_workshop_of_another_evaluation_is_404(client, facilitator, council, workshop, name):
    other = WorkshopFactory(evaluation=evaluation_with_surveys(council, title="Other"))
    client.force_login(facilitator)
    url = url_for(name, workshop.evaluation, other)
    assert client.get(url).status_code == 404
    assert client.post(url, {"title": "Changed"}).status_code == 404
    other.refresh_from_db()
    assert other.title != "Changed"


@pytest.mark.parametrize("name", ["workshop", "workshop_edit", "workshop_rating"])
def test_another_councils_workshop_is_404(client, facilitator, other_council, workshop, name):
    theirs = WorkshopFactory(evaluation=evaluation_with_surveys(other_council))
    client.force_login(facilitator)
    # Their workshop under my evaluation, and their whole evaluation under my council.
    assert client.get(url_for(name, workshop.evaluation, theirs)).status_code == 404
    url = url_for(name, theirs.evaluation, theirs, council_slug=workshop.evaluation.council.slug)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("name", ["workshop", "workshop_edit", "workshop_rating"])
def test_unknown_workshop_is_404(client, facilitator, workshop, name):
    client.force_login(facilitator)
    missing = Workshop(pk=workshop.pk + 1000)
    assert client.get(url_for(name, workshop.evaluation, missing)).status_code == 404


@pytest.mark.parametrize("name", ["workshop_rating", "council_check_domain"])
@pytest.mark.parametrize("number", [0, 4, 7, 99])
def test_domain_that_does_not_exist_is_404(client, facilitator, workshop, name, number):
    client.force_login(facilitator)
    url = url_for(name, workshop.evaluation, workshop, number=number)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


@pytest.mark.parametrize("name", CONTRIBUTE)
def test_archived_evaluation_cannot_be_changed(client, facilitator, workshop, name):
    evaluation_archive(evaluation=workshop.evaluation)
    client.force_login(facilitator)
    url = url_for(name, workshop.evaluation, workshop)
    for response in (client.get(url), client.post(url, {"title": "Changed"})):
        assert response.status_code == 200
        assert "This evaluation is archived" in response.content.decode()
    workshop.refresh_from_db()
    assert workshop.title == "Spring workshop"
    assert Workshop.objects.count() == 1


def test_archived_evaluation_pages_are_read_only(client, facilitator, workshop):
    evaluation = workshop.evaluation
    evaluation_archive(evaluation=evaluation)
    client.force_login(facilitator)
    for name in EVERY_ROLE:
        page = client.get(url_for(name, evaluation, workshop)).content.decode()
        assert "This evaluation is archived. Nothing in it can be changed." in page, name
        assert "Record a workshop" not in page
        assert 'name="q' not in page
        assert url_for("workshop_edit", evaluation, workshop) not in page
    response = client.post(url_for("council_check_domain", evaluation, workshop), {})
    assert "You cannot change an archived evaluation" in response.content.decode()
    assert not evaluation.enabler_answers.exists()


def test_rating_a_domain_on_a_tampered_evaluation_pk_is_404(client, facilitator, council,
                                                            workshop):
    other = evaluation_with_surveys(council, title="Other")
    client.force_login(facilitator)
    url = url_for("workshop_rating", other, workshop)
    assert client.post(url, {"choice": "mostly"}).status_code == 404
    assert not workshop.ratings.exists()
