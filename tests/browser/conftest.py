"""Browser tests: real Chromium, driven by Playwright, against pytest-django's live server.

Chromium comes from the system (Debian: `apt-get install chromium`), never from
`playwright install`. Set CHROMIUM_PATH to use another binary. A missing browser is
a test FAILURE, not a skip: the accessibility checks must not silently stop running
(CI also sets BETTERLIVES_REQUIRE_BROWSER=1; we fail whether or not it is set).

Everything here runs in one Chromium per test session and one fresh browser context
(no cookies, no cache) per test.
"""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client

from tests.factories import PASSWORD

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 640}
TIMEOUT_MS = 10_000
# Each browser test's time limit (other tests have the one in pyproject.toml). The slowest
# takes about 25 s on an idle machine.
BROWSER_TEST_SECONDS = 150

# axe-core 4.12.1, as bundled with axe-playwright-python 0.1.8 (axe_playwright_python/axe.min.js).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": AXE_TAGS},
    # Only report violations: the passes/incomplete lists are large and we do not use them.
    "resultTypes": ["violations"],
}

# Records Content-Security-Policy violations in the page. Init scripts are injected by
# the browser itself, so the page's CSP (script-src 'self') does not block this one.
CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"}` +
    ` (${event.sourceFile || "?"}:${event.lineNumber || "?"})`
  );
});
"""


def pytest_collection_modifyitems(config, items):
    """Mark browser tests, give each the browser tests' time limit, and run them after every
    other test.

    While Playwright's sync API is started, the main thread has a running asyncio event
    loop, so Django's async-safety check would reject ORM calls. Running the browser
    tests last keeps that check switched on for every non-browser test.
    """
    browser_dir = os.path.dirname(__file__) + os.sep
    browser_items, others = [], []
    for item in items:
        if str(item.path).startswith(browser_dir):
            item.add_marker(pytest.mark.browser)
            if item.get_closest_marker("timeout") is None:
                item.add_marker(pytest.mark.timeout(BROWSER_TEST_SECONDS))
            browser_items.append(item)
        else:
            others.append(item)
    items[:] = others + browser_items


def chromium_path():
    """The Chromium to use, or fail the test with what to install."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        if os.path.isfile(configured) and os.access(configured, os.X_OK):
            return configured
        pytest.fail(f"CHROMIUM_PATH={configured} is not an executable file.", pytrace=False)
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    pytest.fail(
        "Browser tests need Chromium: install it (Debian/Ubuntu: apt-get install chromium) "
        "or set CHROMIUM_PATH.",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def playwright():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio event loop running on the main thread, and
    # Django refuses ORM calls (test fixtures, factories) while a loop is running.
    # Switch that check off for the browser tests only: they run last (see
    # pytest_collection_modifyitems) and the setting is removed again on teardown. Under
    # `make test` (pytest-xdist) a process may take another module after a browser module:
    # the setting then stays on in that process until it ends.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    runner = sync_playwright().start()
    yield runner
    runner.stop()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(playwright):
    executable = chromium_path()
    browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def _new_page(browser, live_server, **context_options):
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, **context_options)
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(CSP_RECORDER)
    return context, context.new_page()


def close_context(context):
    """Close each page, then the context. Pages that poll the server (the vote screen, the
    phones) stop at once; closing a context with them still polling has hung on a busy
    machine."""
    for page in context.pages:
        page.close()
    context.close()


@pytest.fixture
def page(browser, live_server):
    """A page in a fresh browser context (1280×900) whose base URL is the live server."""
    context, page = _new_page(browser, live_server)
    yield page
    close_context(context)


@pytest.fixture
def page_nojs(browser, live_server):
    """Like `page`, with JavaScript switched off."""
    context, page = _new_page(browser, live_server, java_script_enabled=False)
    yield page
    close_context(context)


@pytest.fixture
def live_framework(framework):
    """The real framework content, for tests that use the live server.

    `framework` asks for `db`; because these tests also use `live_server`, pytest-django
    gives them a transactional database, so the live server's thread sees the content.
    """


@pytest.fixture
def welsh_data(live_server, live_framework):
    """A council in Wales whose data is all in Welsh (welsh_walk.welsh_council_data), for the
    tests of pages wholly in Welsh."""
    from django.core.cache import cache

    from .welsh_walk import welsh_council_data

    cache.clear()  # the code page's rate limit
    yield welsh_council_data()
    cache.clear()


def signed_in(page, live_server, user, *, via_form=False):
    """Sign `user` in within the page's browser context.

    With via_form=True, go through the real sign-in form (username and the factory
    PASSWORD). Otherwise set a session cookie made with Django's test client, which is
    quicker and leaves the page where it was.
    """
    if via_form:
        page.goto("/sign-in/")
        page.get_by_label("Username").fill(user.get_username())
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/councils/")
        return page
    client = Client()
    client.force_login(user)
    session_cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session_cookie.value,
          "url": live_server.url, "httpOnly": True, "sameSite": "Lax"}]
    )
    return page


def assert_no_axe_violations(page):
    """Run axe-core on the page as it is now (WCAG 2.0, 2.1 and 2.2 A and AA rules).

    A click on a link returns once the next page has started to load; axe run on a page
    still loading can find no document, so wait for the page to finish loading first.
    """
    page.wait_for_load_state("load")
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def watch_for_errors(page):
    """Collect console errors and uncaught exceptions from now on.

    Returns a function that gives everything collected, including CSP violations that
    the page's own listener (CSP_RECORDER) has seen.
    """
    errors = []

    def on_console(message):
        if message.type == "error":
            errors.append(f"console error: {message.text} ({message.location.get('url', '')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"uncaught exception: {error}"))

    def collected():
        csp = page.evaluate("window.__cspViolations || []")
        return errors + [f"CSP violation: {violation}" for violation in csp]

    return collected


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
    try:
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= NARROW["width"], (
            f"{page.url} is {scroll_width}px wide in a 320px window (WCAG 1.4.10 Reflow). "
            f"Too wide: {page.evaluate(OVERFLOWING)}"
        )
    finally:
        page.set_viewport_size(DESKTOP)


def check_pages(page, pages):
    """Visit each (name, path, action or None): every page answers 200 and passes axe and
    the reflow check. All failures are collected, each naming its page."""
    failures = []
    for name, path, act in pages:
        response = page.goto(path)
        assert response.status == 200, f"{name}: {page.url} answered {response.status}"
        if act:
            act(page)
        for check in (assert_no_axe_violations, assert_reflows):
            try:
                check(page)
            except AssertionError as failure:
                failures.append(f"[{name}] {failure}")
    assert not failures, "\n\n".join(failures)
