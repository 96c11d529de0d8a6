"""The pages that fail on purpose for the error page tests (this module is their URLconf:
the project's pages and error handlers, with a few more), each error page and how to reach it,
and helpers to read a page's heading and title and to ask in Welsh."""

import re
from html import unescape

from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db.utils import OperationalError
from django.http import HttpResponse
from django.test import Client
from django.urls import path
from django.utils import translation
from django.views import View
from django_otp.oath import totp

from betterlives import urls as project_urls
from betterlives.ratelimit import rate_limited


def bad_request(request):
    raise SuspiciousOperation("a request the service cannot use")


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise ValueError("a bug")


def database_gone(request):
    raise OperationalError("the database went away")


def form(request):
    return HttpResponse("sent")


class Limited(View):
    @rate_limited("code", methods=("GET",))
    def get(self, request):
        return HttpResponse("ok")


# The project's pages and error handlers, with a few pages that fail on purpose.
urlpatterns = [
    path("test/bad-request/", bad_request),
    path("test/forbidden/", forbidden),
    path("test/broken/", broken),
    path("test/database-gone/", database_gone),
    path("test/form/", form),
    path("test/limited/", Limited.as_view()),
    *project_urls.urlpatterns,
]
for _code in (400, 403, 404, 500):
    if hasattr(project_urls, f"handler{_code}"):
        globals()[f"handler{_code}"] = getattr(project_urls, f"handler{_code}")

def welsh(english):
    """The Welsh catalogue's words for `english` (the English while it has none)."""
    with translation.override("cy"):
        return translation.gettext(english)


def in_welsh(**kwargs):
    """A client whose visitor chose Cymraeg (the language cookie set by the switcher)."""
    client = Client(**kwargs)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    return client


def text_of(fragment):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def heading(page):
    [h1] = re.findall(r"<h1[^>]*>(.*?)</h1>", page, flags=re.DOTALL)
    return text_of(h1)


def title(page):
    [words] = re.findall(r"<title>(.*?)</title>", page, flags=re.DOTALL)
    return text_of(words)


def app_code(device):
    """The code the person's authenticator app shows now."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def with_rate_limit_zero(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "code": (0, 600)}


# Each error page: how to reach it, its status and its English heading.
ERROR_PAGES = {
    "400": ("/test/bad-request/", 400, "Sorry, there is a problem with this request"),
    "403": ("/test/forbidden/", 403, "You cannot do this"),
    "403 CSRF": ("/test/form/", 403, "This page was open for too long"),
    "404": ("/no-such-page/", 404, "Page not found"),
    "429": ("/test/limited/", 429, "Please wait a moment"),
    "500": ("/test/broken/", 500, "Sorry, there is a problem with the service"),
    "503": ("/test/database-gone/", 503, "Sorry, the service is unavailable"),
}


def error_page(client_for, name, settings):
    """The error page `name`, asked for with a client made by `client_for`."""
    url, status, _english = ERROR_PAGES[name]
    if name == "429":
        with_rate_limit_zero(settings)
    if name == "403 CSRF":
        reply = client_for(enforce_csrf_checks=True).post(url, {"anything": "at all"})
    else:
        reply = client_for(raise_request_exception=False).get(url)
    assert reply.status_code == status
    return reply
