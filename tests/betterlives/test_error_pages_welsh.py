"""Error pages and the password reset email in the visitor's language, with the real Welsh
catalogue: each error page (400, 403, 403 CSRF, 404, 429, 500, 503) says <html lang="cy"> and
its heading and title are the catalogue's Welsh for the English (until the Welsh is added this
is the English; test_welsh_catalogue then fails instead). Every word of these pages going
through the catalogue is checked in test_pages_marked_for_translation.py.
"""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from betterlives.db_unavailable import unavailable_response

from .error_pages import ERROR_PAGES, error_page, heading, in_welsh, title, welsh

pytestmark = pytest.mark.urls("tests.betterlives.error_pages")


# With the real Welsh catalogue ---------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("name", ERROR_PAGES)
def test_each_error_page_is_in_welsh_for_a_welsh_visitor(name, settings):
    page = error_page(in_welsh, name, settings).content.decode()
    english = ERROR_PAGES[name][2]
    assert '<html lang="cy"' in page
    assert heading(page) == welsh(english)
    assert title(page).startswith(welsh(english) + " – ")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ERROR_PAGES)
def test_each_error_page_is_in_english_for_everyone_else(name, settings):
    page = error_page(Client, name, settings).content.decode()
    assert '<html lang="en"' in page
    assert heading(page) == ERROR_PAGES[name][2]


def test_the_503_page_follows_the_browser_language_before_the_language_is_chosen(rf):
    """The database can fail before LocaleMiddleware has chosen the language: the 503 page
    still reads the visitor's Accept-Language header (and asks nothing of the database)."""
    request = rf.get("/anything/", HTTP_ACCEPT_LANGUAGE="cy")
    assert not hasattr(request, "LANGUAGE_CODE") and translation.get_language() == "en"
    reply = unavailable_response(request)
    page = reply.content.decode()
    assert reply.status_code == 503 and reply["Content-Language"] == "cy"
    assert '<html lang="cy"' in page
    assert heading(page) == welsh("Sorry, the service is unavailable")


def test_the_503_fallback_is_in_the_visitor_language(monkeypatch):
    """If even templates/503.html cannot be rendered, the bare page is in Welsh too."""
    monkeypatch.setattr("betterlives.db_unavailable.render_to_string",
                        lambda *args, **kwargs: 1 / 0)
    page = in_welsh(raise_request_exception=False).get("/test/database-gone/").content.decode()
    assert '<html lang="cy"' in page
    assert heading(page) == welsh("Sorry, the service is unavailable")


@pytest.mark.django_db
def test_the_password_reset_email_is_in_the_visitor_language(facilitator):
    in_welsh().post(reverse("password_reset"), {"email": facilitator.email})
    [email] = mail.outbox
    assert email.subject == welsh("Reset your Better Lives password")
    assert welsh("Choose a new password here:") in email.body
