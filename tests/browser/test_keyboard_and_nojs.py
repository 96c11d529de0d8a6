"""Keyboard use, the service without JavaScript, and a clean start with JavaScript."""

import pytest

from domains.models import GoodLivesAction, GoodLivesTheme
from tests.factories import PASSWORD

from .conftest import signed_in, watch_for_errors

ACTIVE_ELEMENT = """() => {
  const el = document.activeElement;
  return {id: el.id, tag: el.tagName.toLowerCase(), text: el.textContent.trim(),
          width: el.getBoundingClientRect().width, height: el.getBoundingClientRect().height};
}"""


def focused(page):
    return page.evaluate(ACTIVE_ELEMENT)


def tab_to(page, element_id, most=40):
    """Press Tab until the element with `element_id` has focus (fail after `most` presses)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if focused(page)["id"] == element_id:
            return
    pytest.fail(f"#{element_id} never got focus after {most} presses of Tab")


@pytest.mark.parametrize("javascript", ["js", "nojs"])
def test_skip_link_is_first_and_moves_focus_to_main_content(javascript, live_server, request):
    # live_server must be a named argument: pytest-django only gives the live server a
    # database for tests that ask for it by name.
    page = request.getfixturevalue("page" if javascript == "js" else "page_nojs")
    page.goto("/")
    page.keyboard.press("Tab")
    skip_link = focused(page)
    assert skip_link["tag"] == "a"
    assert skip_link["text"] == "Skip to main content"
    # Visually hidden until focused (WCAG 2.4.7 Focus Visible).
    assert skip_link["width"] > 10 and skip_link["height"] > 10, skip_link

    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.id === 'main-content'", timeout=2_000)
    assert page.evaluate("document.activeElement.id") == "main-content"
    assert page.url.endswith("#main-content")


def test_sign_in_with_the_keyboard_only(page, facilitator):
    page.goto("/sign-in/")
    tab_to(page, "id_username")
    page.keyboard.type(facilitator.username)
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/councils/")
    assert page.get_by_role("heading", level=1).inner_text() == "Your councils"
    assert page.get_by_role("link", name="Riverside Council").is_visible()


def test_sign_in_button_submits_the_form_with_a_click(page, live_server, facilitator):
    signed_in(page, live_server, facilitator, via_form=True)
    assert page.get_by_role("heading", level=1).inner_text() == "Your councils"


# Without JavaScript -----------------------------------------------------------------------


def test_sign_in_without_javascript(page_nojs, live_server, facilitator):
    page = page_nojs
    signed_in(page, live_server, facilitator, via_form=True)
    assert page.get_by_role("heading", level=1).inner_text() == "Your councils"
    # Signing out is a form too.
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("link", name="Sign in", exact=True).first.is_visible()


def test_framework_pages_without_javascript(page_nojs, live_framework):
    page = page_nojs
    page.goto("/framework/")
    assert page.get_by_role("heading", level=1).inner_text() == "The Better Lives framework"
    domain_links = page.locator("main").get_by_role("link", name="Domain ")
    assert domain_links.count() == 6
    assert page.get_by_text("Domain 6 is provisional.").is_visible()  # said once, plainly

    domain_links.nth(2).click()
    page.wait_for_url("**/framework/domains/3/")
    assert page.locator(".govuk-caption-l").inner_text() == "Domain 3"
    for heading in ("What good looks like", "Survey questions",
                    "Ideas for action linked to Good Lives"):
        assert page.get_by_role("heading", name=heading).is_visible()

    page.goto("/framework/good-lives/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Ideas for action linked to Good Lives")
    total = GoodLivesAction.objects.filter(is_current=True).count()
    assert page.get_by_role("heading", name=f"{total} actions").is_visible()
    assert page.locator(".govuk-summary-card").count() == min(total, 25)


def test_good_lives_filter_without_javascript(page_nojs, live_framework):
    page = page_nojs
    theme = GoodLivesTheme.objects.order_by("code").first()
    expected = GoodLivesAction.objects.filter(is_current=True, theme=theme).count()
    assert 0 < expected < GoodLivesAction.objects.filter(is_current=True).count()

    page.goto("/framework/good-lives/")
    page.get_by_label("Theme").select_option(label=theme.title)
    page.get_by_role("button", name="Show actions").click()
    page.wait_for_url(f"**/framework/good-lives/?*theme={theme.code}*")

    noun = "action" if expected == 1 else "actions"
    assert page.get_by_role("heading", name=f"{expected} {noun}").is_visible()
    titles = page.locator(".govuk-summary-card__title").all_inner_texts()
    assert [title.startswith(theme.title) for title in titles] == [True] * expected
    assert page.get_by_label("Theme").input_value() == theme.code  # the choice is kept
    assert page.get_by_role("link", name="Clear filters").is_visible()


def test_language_switcher_without_javascript(page_nojs):
    page = page_nojs
    page.goto("/cookies/")
    assert page.get_attribute("html", "lang") == "en"

    page.get_by_role("button", name="Cymraeg").click()
    page.wait_for_function("document.documentElement.lang === 'cy'")
    assert page.url.endswith("/cookies/")  # back on the same page
    assert page.locator(".bl-language-switcher [aria-current]").get_attribute("lang") == "cy"

    page.locator(".bl-language-switcher button[value='en']").click()
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert page.url.endswith("/cookies/")


# With JavaScript --------------------------------------------------------------------------

JS_PAGES = [
    "/",
    "/sign-in/",
    "/password-reset/",
    "/framework/",
    "/framework/domains/6/",
    "/framework/good-lives/",
    "/accessibility/",
    "/privacy/",
    "/privacy/easy-read/",
    "/cookies/",
    "/councils/",
    "/councils/riverside/",
]


def test_govuk_frontend_starts_without_errors(page, live_server, live_framework, facilitator):
    """GOV.UK Frontend initialises, and nothing is blocked by the Content-Security-Policy
    or fails in the console (including failed loads of scripts, styles and images)."""
    errors = watch_for_errors(page)
    signed_in(page, live_server, facilitator)
    for path in JS_PAGES:
        page.goto(path)
        page.wait_for_load_state("load")
        assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')"), path
        # initAll() marks each component it starts with data-<module>-init.
        assert page.locator("[data-module='govuk-skip-link'][data-govuk-skip-link-init]").count() \
            == 1, f"{path}: GOV.UK Frontend's initAll() did not run"
        assert page.locator(
            "[data-module='govuk-service-navigation'][data-govuk-service-navigation-init]"
        ).count() == 1, path
        assert errors() == [], f"{path}: {errors()}"


def test_error_summary_takes_focus_with_javascript(page):
    """GOV.UK Frontend moves focus to the error summary, so screen readers announce it."""
    errors = watch_for_errors(page)
    page.goto("/sign-in/")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    page.wait_for_function(
        "document.activeElement.classList.contains('govuk-error-summary')", timeout=2_000
    )
    page.get_by_role("link", name="Enter your username").click()
    assert focused(page)["id"] == "id_username"
    assert errors() == []
