"""Response headers on every kind of page: a Content-Security-Policy without inline code,
nosniff and a referrer policy; survey and vote pages are never stored; HSTS in production."""

import runpy

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from betterlives.models import Role
from tests.factories import member
from tests.security.urlmap import PUBLIC_ROUTES, build_url

pytestmark = pytest.mark.django_db


def council_url(world, name, **kwargs):
    prefix = "actionplans" if name in {"plan", "report_download"} else "evaluations"
    return reverse(f"{prefix}:{name}", kwargs={
        "council_slug": world.council.slug, "pk": world.evaluation.pk, **kwargs})


def page_types(client, world, facilitator, council):
    """One response of each kind of page, by name."""
    pages = {
        "home": client.get("/"),
        "information page": client.get(reverse("pages:privacy")),
        "sign-in": client.get(reverse("login")),
        "not found": client.get("/no-such-page/"),
        "survey code": client.get(reverse("surveys:code")),
        "survey start": client.get(reverse("surveys:start", args=[world.survey.token])),
        "survey link that does not work": client.get("/s/not-a-token/"),
        "vote join": client.get(reverse("votes:join", args=[world.live_vote.code])),
        "vote state (JSON)": client.get(reverse("votes:state", args=[world.live_vote.code])),
        "health check": client.get(reverse("healthz")),
        "admin sign-in": client.get(reverse("admin:login")),
        "form without its security token": Client(enforce_csrf_checks=True).post(
            reverse("login"), {"username": "x"}),
    }
    client.force_login(facilitator)
    pages.update({
        "task list": client.get(world.evaluation.get_absolute_url()),
        "results": client.get(council_url(world, "results")),
        "action plan": client.get(council_url(world, "plan")),
        "tally (JSON)": client.get(council_url(world, "vote_tally", workshop_pk=world.workshop.pk,
                                               vote_pk=world.live_vote.pk)),
        "CSV export": client.get(council_url(world, "export", table="results",
                                             file_format="csv")),
        "report PDF": client.get(council_url(world, "report_download",
                                             report_pk=world.report.pk)),
    })
    client.force_login(member(Role.BOARD_VIEWER, council))
    pages["forbidden"] = client.get(council_url(world, "edit"))
    return pages


def test_every_kind_of_page_has_the_security_headers(client, world, facilitator, council):
    pages = page_types(client, world, facilitator, council)
    assert pages["forbidden"].status_code == 403
    assert pages["form without its security token"].status_code == 403
    for name, response in pages.items():
        csp = response.get("Content-Security-Policy", "")
        assert csp, f"{name}: no Content-Security-Policy"
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, name
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
        assert directives["script-src"] == "'self'", name
        assert directives["object-src"] == "'none'", name
        assert directives["frame-ancestors"] == "'none'", name
        assert response.get("X-Content-Type-Options") == "nosniff", name
        assert response.get("Referrer-Policy") in ("same-origin", "no-referrer",
                                                   "strict-origin-when-cross-origin"), name
        assert response.get("X-Frame-Options") == "DENY", name


def test_static_files_are_not_sniffed(client):
    response = client.get(settings.STATIC_URL + "css/reports.css")
    assert response.status_code == 200
    assert response.get("X-Content-Type-Options") == "nosniff"


def assert_not_stored(response, what):
    cache_control = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    assert "no-store" in cache_control or {"private", "no-cache"} <= cache_control, (
        f"{what}: Cache-Control is {response.get('Cache-Control')!r}")


def test_survey_and_vote_pages_are_never_stored(client, world):
    client.post(reverse("surveys:welcome", args=[world.survey.token]))
    client.post(reverse("votes:join", args=[world.live_vote.code]), {"group": "staff"})
    assert_not_stored(client.get(reverse("surveys:code")), "code page")
    for route in PUBLIC_ROUTES:
        for method in ("get", "post"):
            url = build_url(route, world)
            assert_not_stored(getattr(client, method)(url), f"{method} {url}")
            bad = build_url(route, world, **{arg: "ZZZZ9999" for arg in ("token", "code")
                                             if arg in route.kwargs})
            assert_not_stored(getattr(client, method)(bad), f"{method} {bad}")


def test_a_survey_page_shown_again_after_its_token_expired_is_never_stored(world):
    """The page shown again keeps the person's answer: it must not be kept in a cache."""
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.CSRF_COOKIE_NAME] = "x" * 32
    client.post(reverse("surveys:welcome", args=[world.survey.token]),
                {"csrfmiddlewaretoken": "x" * 32})
    del client.cookies[settings.CSRF_COOKIE_NAME]
    page = client.post(reverse("surveys:question", args=[world.survey.token, 1]),
                       {"choice": "good", "comment": "Something private"})
    assert page.status_code == 200 and "Something private" in page.content.decode()
    assert_not_stored(page, "question page after an expired token")
    client.get(reverse("votes:join", args=[world.live_vote.code]))
    refused = client.post(reverse("votes:join", args=[world.live_vote.code]), {"group": "staff"})
    assert refused.status_code == 403
    assert_not_stored(refused, "vote page after an expired token")


PROD_SECURITY = (
    "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE", "LANGUAGE_COOKIE_SECURE", "SECURE_REDIRECT_EXEMPT",
)


@pytest.fixture
def prod_security(monkeypatch):
    """The security settings of betterlives.settings.prod, read from the module itself."""
    monkeypatch.setenv("SECRET_KEY", "p" * 60)
    monkeypatch.setenv("ALLOWED_HOSTS", "testserver")
    for name in ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_PRELOAD"):
        monkeypatch.delenv(name, raising=False)
    prod = runpy.run_module("betterlives.settings.prod", run_name="prod_settings_probe")
    with override_settings(**{name: prod[name] for name in PROD_SECURITY}):
        yield prod


def test_production_sends_hsts_over_https(prod_security, world):
    client = Client()
    assert prod_security["SECURE_HSTS_SECONDS"] >= 60 * 60 * 24 * 365
    for url in ("/", reverse("surveys:start", args=[world.survey.token]), reverse("login")):
        response = client.get(url, secure=True)
        assert response.status_code == 200, url
        hsts = response.get("Strict-Transport-Security", "")
        assert f"max-age={prod_security['SECURE_HSTS_SECONDS']}" in hsts, url
        assert "includeSubDomains" in hsts and "preload" in hsts, url


def test_production_redirects_plain_http_except_the_health_check(prod_security):
    client = Client()
    response = client.get("/privacy/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/privacy/"
    assert "Strict-Transport-Security" not in response
    assert client.get(reverse("healthz")).status_code == 200


def test_production_cookies_are_secure(prod_security, world):
    client = Client()
    client.get(reverse("login"), secure=True)
    assert client.cookies[settings.CSRF_COOKIE_NAME]["secure"]
    client.post(reverse("surveys:start", args=[world.survey.token]), {"language": "cy"},
                secure=True)
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME]["secure"]
    client.post(reverse("surveys:welcome", args=[world.survey.token]), secure=True)
    assert client.cookies[settings.SESSION_COOKIE_NAME]["secure"]
    assert client.cookies[settings.SESSION_COOKIE_NAME]["httponly"]
