"""While the database cannot be reached, people get a plain 503 page, never an error trace."""

from unittest import mock

import pytest
from django.db import connection
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from betterlives.db_unavailable import RETRY_AFTER_SECONDS

SECRET_DETAIL = 'connection to server at "db.internal" (10.0.0.5), port 5432 failed'


def database_gone(request):
    raise OperationalError(SECRET_DETAIL)


def connection_closed(request):
    raise InterfaceError("connection already closed")


def other_bug(request):
    raise ValueError("a bug that is not the database")


def saves_session(request):
    request.session["seen"] = True  # saved by SessionMiddleware after the view returns
    return HttpResponse("ok")


urlpatterns = [
    path("database-gone/", database_gone),
    path("connection-closed/", connection_closed),
    path("other-bug/", other_bug),
    path("saves-session/", saves_session),
]


def assert_friendly_503(reply):
    assert reply.status_code == 503
    assert reply["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "no-store" in reply["Cache-Control"]
    body = reply.content.decode()
    assert "Sorry, the service is unavailable" in body
    assert "try again in a few minutes" in body
    assert "Nothing you saved has been lost" in body
    for leak in ("Traceback", "OperationalError", "InterfaceError", "db.internal", "10.0.0.5"):
        assert leak not in body


# No django_db mark: pytest-django refuses any query, so these also prove the 503 page is made
# without touching the database.
@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", ["/database-gone/", "/connection-closed/"])
def test_a_database_error_in_a_view_gives_the_friendly_503(client, url):
    assert_friendly_503(client.get(url))


@pytest.mark.urls(__name__)
def test_the_503_page_is_a_whole_accessible_page(client):
    body = client.get("/database-gone/").content.decode()
    assert '<html lang="en"' in body
    assert "<title>Sorry, the service is unavailable – Better Lives</title>" in body
    assert 'class="govuk-skip-link"' in body and 'id="main-content"' in body
    assert body.count("<h1") == 1
    assert 'alt=""' not in body and body.count("<img") == body.count('alt="')
    assert "govuk-generic-header" in body and "crown" not in body.lower()


@pytest.mark.urls(__name__)
def test_a_post_gets_the_same_page(client):
    assert_friendly_503(client.post("/database-gone/", {"choice": "good"}))


@pytest.mark.urls(__name__)
def test_a_database_error_after_the_view_gives_the_503_too():
    """Saving the session fails after the view ran: still the 503, not the 500 page."""
    client = Client(raise_request_exception=False)
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.save",
                    side_effect=OperationalError(SECRET_DETAIL)):
        assert_friendly_503(client.get("/saves-session/"))


@pytest.mark.urls(__name__)
def test_other_errors_are_left_to_the_500_page():
    reply = Client(raise_request_exception=False).get("/other-bug/")
    assert reply.status_code == 500
    assert "Retry-After" not in reply


@pytest.mark.django_db
def test_a_survey_page_while_every_query_fails(client, evaluation):
    survey = evaluation.surveys.first()

    def refuse(execute, sql, params, many, context):
        raise OperationalError("server closed the connection unexpectedly")

    with connection.execute_wrapper(refuse):
        assert_friendly_503(client.get(survey.get_public_url()))
    assert client.get(survey.get_public_url()).status_code == 200
