"""Every page passes axe-core's WCAG 2.2 A/AA rules and reflows at 320 CSS pixels.

Pages that need the same data are checked in one test (one database set-up, one browser
context), to keep the suite fast. Every page state in a test is checked even if an
earlier one fails, and each failure names its page.
"""

import pytest

from domains.models import GoodLivesTheme
from tests.factories import EvaluationFactory

from .conftest import NARROW, assert_no_axe_violations, assert_reflows, signed_in
from .helpers import submit_empty_form


def first_theme():
    return GoodLivesTheme.objects.order_by("code").first().code


# Page state: (path, what to do once there). A path may be a function (run once the
# database is ready). Pages must answer 200 unless they are in NOT_FOUND.
STATES = {
    "home": ("/", None),
    "sign-in": ("/sign-in/", None),
    "sign-in-with-errors": ("/sign-in/", submit_empty_form),
    "password-reset": ("/password-reset/", None),
    "password-reset-with-errors": ("/password-reset/", submit_empty_form),
    "framework-overview": ("/framework/", None),
    "domain-3": ("/framework/domains/3/", None),
    "domain-6-provisional": ("/framework/domains/6/", None),
    "good-lives": ("/framework/good-lives/", None),
    "good-lives-filtered": (
        lambda: f"/framework/good-lives/?theme={first_theme()}",
        lambda page: page.get_by_role("link", name="Clear filters").wait_for(),
    ),
    "good-lives-no-results": (
        "/framework/good-lives/?q=no+such+words+anywhere",
        lambda page: page.get_by_text("No actions match these filters.").wait_for(),
    ),
    "accessibility-statement": ("/accessibility/", None),
    "privacy": ("/privacy/", None),
    "privacy-easy-read": ("/privacy/easy-read/", None),
    "cookies": ("/cookies/", None),
    "not-found": ("/no-such-page/", None),
    "councils": ("/councils/", None),
    "council-home": ("/councils/riverside/", lambda page: page.get_by_role("table").wait_for()),
}
NOT_FOUND = {"not-found"}

# Test id: (page states, needs the framework content, needs a signed-in facilitator)
GROUPS = {
    "home": (["home"], False, False),
    "sign-in": (["sign-in", "sign-in-with-errors"], False, False),
    "password-reset": (["password-reset", "password-reset-with-errors"], False, False),
    "framework-overview": (["framework-overview"], True, False),
    "domains": (["domain-3", "domain-6-provisional"], True, False),
    "good-lives": (["good-lives", "good-lives-filtered", "good-lives-no-results"], True, False),
    "accessibility-statement": (["accessibility-statement"], False, False),
    "privacy": (["privacy", "privacy-easy-read"], False, False),
    "cookies": (["cookies"], False, False),
    "not-found": (["not-found"], False, False),
    "councils": (["councils", "council-home"], True, True),
}


def prepare(group, page, live_server, request):
    """Set up the data (and the signed-in person) the group's pages need."""
    _, needs_framework, needs_user = GROUPS[group]
    if needs_framework:
        request.getfixturevalue("live_framework")
    if needs_user:
        signed_in(page, live_server, request.getfixturevalue("facilitator"))
        EvaluationFactory(council=request.getfixturevalue("council"))


def go_to(state, page):
    path, then = STATES[state]
    response = page.goto(path() if callable(path) else path)
    expected = 404 if state in NOT_FOUND else 200
    assert response.status == expected, f"{state}: {page.url} answered {response.status}"
    if then:
        then(page)


@pytest.mark.parametrize("group", GROUPS)
def test_pages_are_accessible(group, page, live_server, request):
    """For each page: no axe-core violations at 1280px, no sideways scrolling at 320px."""
    prepare(group, page, live_server, request)
    failures = []
    for state in GROUPS[group][0]:
        go_to(state, page)
        for check in (assert_no_axe_violations, assert_reflows):
            try:
                check(page)
            except AssertionError as failure:
                failures.append(f"[{state}] {failure}")
    assert not failures, "\n\n".join(failures)


def test_small_screen_navigation_is_accessible(page, live_server, facilitator):
    """At 320px the navigation collapses behind a Menu button: check it closed and open,
    signed out and signed in (when the council's name is shown too)."""
    page.set_viewport_size(NARROW)
    for path in ("/", "/councils/riverside/"):
        if path.startswith("/councils/"):
            signed_in(page, live_server, facilitator)
        page.goto(path)
        menu_button = page.get_by_role("button", name="Menu")
        assert menu_button.is_visible()
        assert menu_button.get_attribute("aria-expanded") == "false"
        assert_no_axe_violations(page)
        menu_button.click()
        assert menu_button.get_attribute("aria-expanded") == "true"
        navigation = page.get_by_role("navigation", name="Menu")
        assert navigation.get_by_role("link", name="Good Lives", exact=True).is_visible()
        assert_no_axe_violations(page)
