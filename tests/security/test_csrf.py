"""CSRF on every form: every URL that takes POST (found from the resolver) refuses a POST
without the token, and accepts the same POST with it.

Council pages are posted by council A's facilitator (whose role allows everything, so a 403
can only come from the CSRF check); public pages anonymously. Survey and vote pages that keep
what was typed (`after_csrf_failure`) show the page again instead of the 403, saving nothing.
"""

import re

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.urls import reverse

from actionplans.models import Action, ProgressUpdate, SignOff
from evaluations.models import Answer, Evaluation, Response, Vote, VoteParticipant
from evaluations.services.responses import response_start
from tests.security.urlmap import ADMIN_NAMESPACE, all_routes, build_url

pytestmark = pytest.mark.django_db

CSRF_PAGE = "This page was open for too long"
POST_ROUTES = [r for r in all_routes() if r.accepts_post()]
APP_POST_ROUTES = [r for r in POST_ROUTES if r.namespace != ADMIN_NAMESPACE]
ADMIN_POST_ROUTES = [r for r in POST_ROUTES if r.namespace == ADMIN_NAMESPACE]
# Pages that show the form again, with what was typed, when the token has expired.
KEEPS_THE_ANSWER = {"surveys:question", "surveys:helped", "surveys:send", "votes:vote"}


def strict_client():
    return Client(enforce_csrf_checks=True)


def with_token(client):
    """Give the client a CSRF cookie; returns the matching form token."""
    secret = _get_new_csrf_string()
    client.cookies[settings.CSRF_COOKIE_NAME] = secret
    return secret


def sign_in_for(route, client, facilitator):
    if "council_slug" in route.kwargs:
        client.force_login(facilitator)


def counts():
    """What a POST could have saved."""
    return {model.__name__: model.objects.count() for model in (
        Answer, Response, Vote, VoteParticipant, Action, ProgressUpdate, SignOff, Evaluation)}


def start_survey(client, world):
    """A respondent part-way through the survey (the session remembers the response).

    Start stores nothing (the first saved answer makes the response), so the
    response is made here and the device picks it up with its resume code."""
    secret = with_token(client)
    response = response_start(survey=world.survey)
    client.post(reverse("surveys:code"), {"code": response.resume_code,
                                          "csrfmiddlewaretoken": secret})
    client.cookies.pop(settings.CSRF_COOKIE_NAME)
    return response


def join_vote(client, world):
    client.get(reverse("votes:join", args=[world.live_vote.code]))  # the device cookie
    secret = with_token(client)
    client.post(reverse("votes:join", args=[world.live_vote.code]),
                {"group": "staff", "csrfmiddlewaretoken": secret})
    client.cookies.pop(settings.CSRF_COOKIE_NAME)


def test_the_forms_are_found():
    names = {route.name for route in APP_POST_ROUTES}
    assert {"login", "surveys:question", "surveys:code", "votes:join", "votes:vote",
            "evaluations:edit", "actionplans:report_make", "actionplans:sign_off_create",
            "evaluations:comment_review"} <= names
    assert "evaluations:vote_tally" not in names  # GET only


def test_every_page_that_keeps_the_answer_is_tested_on_its_own():
    keeps = {route.name for route in APP_POST_ROUTES
             if hasattr(route.view_class, "after_csrf_failure")}
    assert keeps == KEEPS_THE_ANSWER


@pytest.mark.parametrize("route", [r for r in APP_POST_ROUTES if r.name not in KEEPS_THE_ANSWER],
                         ids=str)
def test_post_without_token_is_refused(world, facilitator, route):
    client = strict_client()
    sign_in_for(route, client, facilitator)
    url = build_url(route, world)
    before = counts()
    response = client.post(url, {"choice": "good", "comment": "Typed", "title": "Changed",
                                 "group": "staff", "kind": "board", "language": "cy"})
    assert response.status_code == 403, response.status_code
    assert CSRF_PAGE in response.content.decode()
    assert counts() == before


def token_cases():
    for route in APP_POST_ROUTES:
        if route.name in KEEPS_THE_ANSWER:
            continue
        yield pytest.param(route, id=str(route))


@pytest.mark.parametrize("route", list(token_cases()))
def test_post_with_token_is_not_refused(world, facilitator, route):
    client = strict_client()
    sign_in_for(route, client, facilitator)
    secret = with_token(client)
    response = client.post(build_url(route, world), {"csrfmiddlewaretoken": secret})
    assert response.status_code != 403, response.status_code
    assert CSRF_PAGE not in response.content.decode()


def test_survey_answer_is_kept_but_not_saved_without_token(world):
    client = strict_client()
    response = start_survey(client, world)
    url = reverse("surveys:question", args=[world.survey.token, 1])
    page = client.post(url, {"choice": "not_good", "comment": "Words I typed",
                             "response_key": str(response.submission_key)})
    assert page.status_code == 200
    html = page.content.decode()
    assert "we could not save it yet" in html
    assert "Words I typed" in html and 'value="not_good" checked' in html
    assert not Answer.objects.filter(response=response).exists()
    secret = with_token(client)
    saved = client.post(url, {"choice": "not_good", "comment": "Words I typed",
                              "csrfmiddlewaretoken": secret})
    assert saved.status_code == 302
    assert Answer.objects.get(response=response).comment == "Words I typed"


def test_helped_is_not_saved_without_token(world):
    client = strict_client()
    response = start_survey(client, world)
    url = reverse("surveys:helped", args=[world.survey.token])
    page = client.post(url, {"helped": "yes"})
    assert page.status_code == 200
    response.refresh_from_db()
    assert response.helped is None
    secret = with_token(client)
    assert client.post(url, {"helped": "yes", "csrfmiddlewaretoken": secret}).status_code == 302
    response.refresh_from_db()
    assert response.helped is True


def test_send_is_not_done_without_token(world):
    client = strict_client()
    response = start_survey(client, world)
    url = reverse("surveys:send", args=[world.survey.token])
    reply = client.post(url)
    assert reply.status_code == 302 and reply["Location"].endswith("?expired=1")
    response.refresh_from_db()
    assert not response.is_submitted
    secret = with_token(client)
    assert client.post(url, {"csrfmiddlewaretoken": secret}).status_code == 302
    response.refresh_from_db()
    assert response.is_submitted


def test_vote_is_kept_but_not_cast_without_token(world):
    client = strict_client()
    join_vote(client, world)
    before = Vote.objects.count()
    url = reverse("votes:vote", args=[world.live_vote.code])
    page = client.post(url, {"choice": "not_good", "domain": "1"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Your vote is not sent yet" in html and 'value="not_good" checked' in html
    assert Vote.objects.count() == before
    secret = with_token(client)
    reply = client.post(url, {"choice": "not_good", "domain": "1", "csrfmiddlewaretoken": secret})
    assert reply.status_code == 302
    assert Vote.objects.count() == before + 1


def test_admin_forms_refuse_post_without_token(world, facilitator):
    client = strict_client()
    refused = [build_url(route, world) for route in ADMIN_POST_ROUTES]
    failures = []
    for url in refused:
        response = client.post(url, {"username": "fay", "password": "x"})
        if response.status_code != 403:
            failures.append(f"POST {url} gave {response.status_code}")
    assert not failures, "\n".join(failures)


# A failed check writes nothing: no session made or changed, no response bound -------------

QUESTION_DATA = {"choice": "not_good", "comment": "Words I typed"}


def session_state(client):
    return dict(client.session.items()) if settings.SESSION_COOKIE_NAME in client.cookies else {}


def sets_no_cookie_but_the_token(reply):
    """The reply may give a fresh CSRF token (to press Continue again), and nothing else."""
    assert set(reply.cookies) <= {settings.CSRF_COOKIE_NAME}, reply.cookies.output()


def form_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_a_failed_check_writes_no_session_and_binds_no_other_response(world):
    """The person's own page, with an expired token: shown again with their answer, nothing
    written. A form naming another response than the one held: back to the welcome page,
    nothing written or bound."""
    client = strict_client()
    own = start_survey(client, world)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    before = session_state(client)
    url = reverse("surveys:question", args=[world.survey.token, 1])
    other = response_start(survey=world.survey)  # named in the form by someone else
    refused = client.post(url, {**QUESTION_DATA, "response_key": str(other.submission_key)})
    assert refused.status_code == 302
    assert refused["Location"] == reverse("surveys:welcome", args=[world.survey.token])
    sets_no_cookie_but_the_token(refused)
    assert session_state(client) == before
    page = client.post(url, {**QUESTION_DATA, "response_key": str(own.submission_key)})
    assert page.status_code == 200
    sets_no_cookie_but_the_token(page)
    assert client.cookies[settings.SESSION_COOKIE_NAME].value == cookie
    assert session_state(client) == before
    html = page.content.decode()
    assert "Words I typed" in html and 'value="not_good" checked' in html
    assert str(own.submission_key) in html and str(other.submission_key) not in html
    assert not own.answers.exists() and not other.answers.exists()
    saved = client.post(url, {**QUESTION_DATA, "response_key": str(own.submission_key),
                              "csrfmiddlewaretoken": form_token(html)})
    assert saved.status_code == 302
    assert own.answers.get().comment == "Words I typed"
    assert not other.answers.exists()


def test_a_failed_check_without_a_session_makes_none(world):
    """The session and the token both expired (or an old browser that sends no Origin): the
    page is shown again from the form alone, and no session is made. Continue then saves."""
    client = strict_client()
    response = response_start(survey=world.survey)
    sessions = Session.objects.count()
    url = reverse("surveys:question", args=[world.survey.token, 1])
    page = client.post(url, {**QUESTION_DATA, "response_key": str(response.submission_key)})
    assert page.status_code == 200
    sets_no_cookie_but_the_token(page)
    assert settings.SESSION_COOKIE_NAME not in client.cookies
    assert Session.objects.count() == sessions
    html = page.content.decode()
    assert "Your answer is still here" in html
    assert "Words I typed" in html and 'value="not_good" checked' in html
    assert not response.answers.exists()
    saved = client.post(url, {**QUESTION_DATA, "response_key": str(response.submission_key),
                              "csrfmiddlewaretoken": form_token(html)})
    assert saved.status_code == 302
    assert Answer.objects.get(response=response).comment == "Words I typed"


def test_helped_failed_check_writes_no_session(world):
    client = strict_client()
    own = start_survey(client, world)
    before = session_state(client)
    other = response_start(survey=world.survey)
    helped = reverse("surveys:helped", args=[world.survey.token])
    refused = client.post(helped, {"helped": "yes", "response_key": str(other.submission_key)})
    assert refused.status_code == 302
    assert session_state(client) == before
    page = client.post(helped, {"helped": "yes", "response_key": str(own.submission_key)})
    assert page.status_code == 200
    sets_no_cookie_but_the_token(page)
    assert session_state(client) == before
    html = page.content.decode()
    assert 'value="yes" checked' in html and str(own.submission_key) in html
    assert str(other.submission_key) not in html


LURED = [("surveys:question", {**QUESTION_DATA}), ("surveys:helped", {"helped": "yes"}),
         ("surveys:send", {})]


@pytest.mark.parametrize("name, data", LURED, ids=[name for name, _ in LURED])
def test_a_post_from_another_site_is_refused_and_changes_nothing(world, facilitator, name,
                                                                 data):
    """A page on another site that posts a survey form with a response it started: the
    visitor's session (and a staff sign-in) is left as it was, and nothing is bound."""
    client = strict_client()
    client.force_login(facilitator)
    own = start_survey(client, world)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    before = session_state(client)
    lure = response_start(survey=world.survey)
    args = [world.survey.token, 1] if name == "surveys:question" else [world.survey.token]
    page = client.post(reverse(name, args=args),
                       {**data, "response_key": str(lure.submission_key)},
                       HTTP_ORIGIN="https://lure.example")
    assert page.status_code == 403
    html = page.content.decode()
    assert CSRF_PAGE in html
    assert str(lure.submission_key) not in html and lure.resume_code_display not in html
    sets_no_cookie_but_the_token(page)  # the sign-out button's token, as on any page
    assert client.cookies[settings.SESSION_COOKIE_NAME].value == cookie
    assert session_state(client) == before
    assert not lure.answers.exists() and not own.answers.exists()
    lure.refresh_from_db()
    assert lure.helped is None and not lure.is_submitted
    assert client.get(reverse("councils")).status_code == 200  # still signed in


def test_a_failed_vote_check_writes_no_session(world):
    client = strict_client()
    join_vote(client, world)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    before = session_state(client)
    page = client.post(reverse("votes:vote", args=[world.live_vote.code]),
                       {"choice": "good", "domain": "1"})
    assert page.status_code == 200
    sets_no_cookie_but_the_token(page)
    assert client.cookies[settings.SESSION_COOKIE_NAME].value == cookie
    assert session_state(client) == before


def test_a_vote_posted_from_another_site_is_refused(world):
    client = strict_client()
    join_vote(client, world)
    before = Vote.objects.count()
    page = client.post(reverse("votes:vote", args=[world.live_vote.code]),
                       {"choice": "good", "domain": "1"}, HTTP_ORIGIN="https://lure.example")
    assert page.status_code == 403 and CSRF_PAGE in page.content.decode()
    sets_no_cookie_but_the_token(page)
    assert Vote.objects.count() == before
