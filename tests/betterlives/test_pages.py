import pytest
from django.core import mail
from django.db.utils import OperationalError
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    ("home", "Check how well your council supports adults with a learning disability"),
    ("pages:accessibility", "Accessibility statement"),
    ("pages:privacy", "Privacy notice"),
    ("pages:privacy_easy_read", "anonymous"),
    ("pages:cookies", "csrftoken"),
    ("login", "Sign in"),
    ("password_reset", "Reset your password"),
]


@pytest.mark.parametrize("name, text", PUBLIC_PAGES)
def test_public_pages(client, name, text):
    response = client.get(reverse(name))
    assert response.status_code == 200
    page = response.content.decode()
    assert text in page
    assert 'href="#main-content"' in page
    assert 'id="main-content"' in page
    assert reverse("pages:accessibility") in page  # footer links
    assert reverse("pages:privacy_easy_read") in page
    assert reverse("pages:cookies") in page


def test_page_title_says_where_you_are(client):
    page = client.get(reverse("login")).content.decode()
    assert "<title>Sign in – Better Lives</title>" in page


def test_error_pages_title_is_prefixed(client, db):
    page = client.post(reverse("login"), {"username": "", "password": ""}).content.decode()
    assert "<title>Error: Sign in – Better Lives</title>" in page
    assert "There is a problem" in page
    assert "Enter your username" in page
    assert "Enter your password" in page


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_database_down(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_sign_in_and_out(client, facilitator):
    response = client.post(reverse("login"), {"username": "fay", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("councils")
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_wrong_password_is_explained(client, facilitator):
    page = client.post(reverse("login"), {"username": "fay", "password": "nope"}).content.decode()
    assert "Enter a correct username and password" in page


def test_lockout_after_repeated_failures(client, facilitator, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "fay", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "fay", "password": PASSWORD})
    assert response.status_code == 429
    assert "You cannot sign in for now" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_link(client, facilitator):
    response = client.post(reverse("password_reset"), {"email": facilitator.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/password-reset/" in mail.outbox[0].body


def test_password_reset_bad_link(client, facilitator):
    response = client.get("/password-reset/MQ/not-a-token/", follow=True)
    assert "This link does not work" in response.content.decode()


def test_tampered_link_gives_plain_not_found(client):
    response = client.get("/councils/../../etc/passwd")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_language_switch_to_welsh(client):
    response = client.post(reverse("set_language"), {"language": "cy", "next": "/"}, follow=True)
    assert '<html lang="cy"' in response.content.decode()
    assert 'lang="en"' in response.content.decode()  # the way back to English


def test_security_headers(client):
    response = client.get(reverse("home"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
