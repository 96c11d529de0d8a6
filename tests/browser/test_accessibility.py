"""Every page passes axe-core's WCAG 2.2 AA rules and reflows at 320 CSS pixels."""

import pytest

from domains.models import GoodLivesTheme
from tests.factories import EvaluationFactory

from .conftest import assert_no_axe_violations, signed_in

# name: (path, needs framework content, needs a signed-in facilitator)
PAGES = {
    "home": ("/", False, False),
    "sign-in": ("/sign-in/", False, False),
    "sign-in-with-errors": ("/sign-in/", False, False),
    "password-reset": ("/password-reset/", False, False),
    "password-reset-with-errors": ("/password-reset/", False, False),
    "framework-overview": ("/framework/", True, False),
    "domain-3": ("/framework/domains/3/", True, False),
    "domain-6-provisional": ("/framework/domains/6/", True, False),
    "good-lives": ("/framework/good-lives/", True, False),
    "good-lives-filtered": ("/framework/good-lives/?theme={theme}", True, False),
    "good-lives-no-results": ("/framework/good-lives/?q=no+such+words+anywhere", True, False),
    "accessibility-statement": ("/accessibility/", False, False),
    "privacy": ("/privacy/", False, False),
    "privacy-easy-read": ("/privacy/easy-read/", False, False),
    "cookies": ("/cookies/", False, False),
    "not-found": ("/no-such-page/", False, False),
    "councils": ("/councils/", False, True),
    "council-home": ("/councils/riverside/", True, True),
}
NARROW = {"width": 320, "height": 640}


def open_page(name, page, live_server, request):
    """Go to the page called `name`, in the state the test should check."""
    path, needs_framework, needs_user = PAGES[name]
    if needs_framework:
        request.getfixturevalue("live_framework")
    if needs_user:
        signed_in(page, live_server, request.getfixturevalue("facilitator"))
        if name == "council-home":
            EvaluationFactory(council=request.getfixturevalue("council"))
    if "{theme}" in path:
        path = path.format(theme=GoodLivesTheme.objects.order_by("code").first().code)

    response = page.goto(path)
    assert response.status == (404 if name == "not-found" else 200), name

    if name.endswith("-with-errors"):
        page.locator("main form").get_by_role("button").click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", name="There is a problem").is_visible()
    if name == "good-lives-filtered":
        assert page.get_by_role("link", name="Clear filters").is_visible()
    if name == "council-home":
        assert page.get_by_role("table").is_visible()


OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > width + 1)
    .slice(0, 8)
    .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}` +
                 ` (right edge at ${Math.round(el.getBoundingClientRect().right)}px)`);
}"""


def assert_reflows(page):
    """WCAG 1.4.10 Reflow: nothing scrolls sideways at 320 CSS px (1280px at 400% zoom)."""
    page.set_viewport_size(NARROW)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= NARROW["width"], (
        f"{page.url} is {scroll_width}px wide in a 320px window (WCAG 1.4.10 Reflow). "
        f"Too wide: {page.evaluate(OVERFLOWING)}"
    )


@pytest.mark.parametrize("name", PAGES)
def test_page_is_accessible(name, page, live_server, request):
    """No axe-core WCAG 2.2 A/AA violations at 1280px, and no sideways scrolling at 320px.

    Both checks share one page load (the 320px check resizes the window); both are
    reported if both fail.
    """
    open_page(name, page, live_server, request)
    failures = []
    for check in (assert_no_axe_violations, assert_reflows):
        try:
            check(page)
        except AssertionError as failure:
            failures.append(str(failure))
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("name", ["home", "good-lives", "council-home"])
def test_no_axe_violations_on_a_small_screen(name, page, live_server, request):
    """At 320px the layout changes (the navigation collapses behind a Menu button)."""
    page.set_viewport_size(NARROW)
    open_page(name, page, live_server, request)
    assert page.get_by_role("button", name="Menu").is_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Menu").click()
    menu = page.get_by_role("navigation", name="Menu")
    assert menu.get_by_role("link", name="Good Lives", exact=True).is_visible()
    assert_no_axe_violations(page)
