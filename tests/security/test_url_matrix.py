"""The access matrix, generated from the URL configuration.

Every URL pattern that names an object (it has arguments: council_slug, pk, audience, …) is
requested for a real object of council A, anonymously and as each role of council B, with GET
and POST. The answer is always 404 or a redirect to a sign-in page: never the page, and never
403 (which would say the object exists). A new URL is covered as soon as it is added; one
whose arguments the tests cannot fill fails `test_every_url_argument_can_be_filled`.
"""

import pytest
from django.urls import reverse

from tests.security.urlmap import (
    ADMIN_NAMESPACE,
    build_url,
    fill_message,
    is_public,
    object_routes,
    unfillable,
)

pytestmark = pytest.mark.django_db

ROUTES = object_routes()
COUNCIL_ROUTES = [r for r in ROUTES if not is_public(r) and r.namespace != ADMIN_NAMESPACE]
ADMIN_ROUTES = [r for r in ROUTES if r.namespace == ADMIN_NAMESPACE]
OUTSIDERS = ["anonymous", "B facilitator", "B contributor", "B board viewer"]


def sign_in_pages():
    return (reverse("login"), reverse("admin:login"))


def refused(response):
    """404, or a redirect to a sign-in page."""
    if response.status_code == 404:
        return True
    return (response.status_code == 302
            and response["Location"].startswith(sign_in_pages()))


def url_or_fail(route, world):
    try:
        return build_url(route, world)
    except LookupError as error:
        pytest.fail(str(error))


def outsiders_requests(client, people, url, secrets):
    """Every outsider, GET and POST: a list of what went wrong (empty when all refused)."""
    failures = []
    for who in OUTSIDERS:
        client.logout()
        if who != "anonymous":
            client.force_login(people[who])
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if not refused(response):
                failures.append(f"{who}: {method.upper()} {url} gave {response.status_code} "
                                f"{response.get('Location', '')}".rstrip())
            body = b"" if response.streaming else response.content
            leaked = [s for s in secrets if s.encode() in body]
            if leaked:
                failures.append(f"{who}: {method.upper()} {url} shows {leaked}")
    return failures


def test_every_url_argument_can_be_filled():
    problems = [fill_message(route) for route in ROUTES if unfillable(route)]
    assert not problems, "\n".join(problems)


def test_the_matrix_is_not_empty():
    names = {route.name for route in COUNCIL_ROUTES}
    assert {"council_home", "evaluations:detail", "evaluations:export",
            "evaluations:vote_screen", "actionplans:action",
            "actionplans:report_download"} <= names
    assert len(COUNCIL_ROUTES) >= 50


@pytest.mark.parametrize("route", COUNCIL_ROUTES, ids=str)
def test_outsiders_never_reach_council_a(client, world, council_b_people, route):
    url = url_or_fail(route, world)
    secrets = [world.evaluation.title, world.action.title, world.workshop.title]
    failures = outsiders_requests(client, council_b_people, url, secrets)
    assert not failures, "\n".join(failures)


def test_outsiders_never_reach_the_admin(client, world, council_b_people):
    """Django's admin: nobody without staff status gets in (its own sign-in page)."""
    failures = []
    for route in ADMIN_ROUTES:
        failures += outsiders_requests(client, council_b_people, url_or_fail(route, world),
                                       [world.evaluation.title])
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("route", COUNCIL_ROUTES, ids=str)
def test_council_a_facilitator_reaches_it(client, world, facilitator, monkeypatch, route):
    """The same addresses work for council A: the matrix above tests real objects."""
    monkeypatch.setattr("actionplans.reports.services.html_to_pdf",
                        lambda *a, **k: (b"%PDF-1.7", 1))
    client.force_login(facilitator)
    response = client.get(url_or_fail(route, world))
    # 405 for POST-only views: their objects were found before the method was checked.
    assert response.status_code in (200, 302, 405), response.status_code


# Arguments that name an object inside the evaluation of the URL.
CHILD_ARGUMENTS = {"item_pk", "workshop_pk", "vote_pk", "answer_pk", "action_pk", "report_pk"}
CHILD_ROUTES = [r for r in COUNCIL_ROUTES if CHILD_ARGUMENTS.intersection(r.kwargs)]


def test_child_routes_are_found():
    assert len(CHILD_ROUTES) >= 15
    assert {"evaluations:own_question_remove", "evaluations:vote_end",
            "evaluations:comment_review", "actionplans:progress_add",
            "actionplans:report_download"} <= {route.name for route in CHILD_ROUTES}


@pytest.mark.parametrize("route", CHILD_ROUTES, ids=str)
def test_council_a_objects_through_council_b_evaluation(client, world, other_world,
                                                        council_b_people, route):
    """A tampered address: council B's own evaluation, with council A's workshop, vote,
    answer, action, report or question in it. Council B's facilitator gets 404."""
    url = build_url(route, world, council_slug=other_world.council.slug,
                    pk=other_world.evaluation.pk)
    client.force_login(council_b_people["B facilitator"])
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        # 405 for a method the view does not take: it says nothing about the object.
        expected = (404,) if route.accepts(method) else (404, 405)
        assert response.status_code in expected, f"{method.upper()} {url}: {response.status_code}"
    # ...while the same page with council B's own objects is there.
    own = client.get(build_url(route, other_world))
    assert own.status_code in (200, 302, 405), own.status_code
