import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from betterlives.models import Role
from tests.factories import EvaluationFactory, member

pytestmark = pytest.mark.django_db


def council_url_names(resolver=None, namespace=""):
    """Every URL whose only argument is the council, so new council pages are covered here."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from council_url_names(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            if set(pattern.pattern.converters) == {"council_slug"}:
                yield f"{namespace}{pattern.name}"


COUNCIL_PAGES = sorted(set(council_url_names()))


def test_council_pages_are_found():
    assert "council_home" in COUNCIL_PAGES


@pytest.mark.parametrize("name", COUNCIL_PAGES)
@pytest.mark.parametrize("role", list(Role))
def test_every_role_sees_council_pages(client, council, name, role):
    client.force_login(member(role, council))
    assert client.get(reverse(name, kwargs={"council_slug": council.slug})).status_code == 200


@pytest.mark.parametrize("name", COUNCIL_PAGES)
def test_another_council_gets_404(client, council, outsider, name):
    client.force_login(outsider)
    response = client.get(reverse(name, kwargs={"council_slug": council.slug}))
    assert response.status_code == 404
    assert council.name not in response.content.decode()


@pytest.mark.parametrize("name", COUNCIL_PAGES)
def test_anonymous_is_sent_to_sign_in(client, council, name):
    url = reverse(name, kwargs={"council_slug": council.slug})
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_council_home_empty_state(client, council, facilitator):
    client.force_login(facilitator)
    response = client.get(council.get_absolute_url())
    assert "There are no evaluations yet." in response.content.decode()


def test_council_home_lists_only_its_evaluations(client, framework, council, other_council,
                                                  board_viewer):
    EvaluationFactory(council=council, title="Our 2026 review")
    EvaluationFactory(council=other_council, title="Their secret review")
    client.force_login(board_viewer)
    page = client.get(council.get_absolute_url()).content.decode()
    assert "Our 2026 review" in page
    assert "Their secret review" not in page


def test_council_list_shows_only_own_councils(client, council, other_council, facilitator):
    client.force_login(facilitator)
    page = client.get(reverse("councils")).content.decode()
    assert council.name in page
    assert other_council.name not in page


def test_council_list_empty_state(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    page = client.get(reverse("councils")).content.decode()
    assert "You are not part of any council yet." in page


def test_council_home_query_count_does_not_grow(client, framework, council, facilitator,
                                                django_assert_max_num_queries):
    client.force_login(facilitator)
    EvaluationFactory(council=council)
    with django_assert_max_num_queries(8) as few:
        client.get(council.get_absolute_url())
    EvaluationFactory.create_batch(20, council=council)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(council.get_absolute_url())
