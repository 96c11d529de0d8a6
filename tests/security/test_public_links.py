"""Public pages are public by design: surveys by link (/s/<token>/) and live votes by code
(/v/<code>/). A tampered link or code gives the plain "This link does not work" page (404,
no trace); a real one works. Also the password reset link and the published framework."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.security.urlmap import PUBLIC_NAMESPACES, PUBLIC_ROUTES, build_url

pytestmark = pytest.mark.django_db

SURVEY_ROUTES = [r for r in PUBLIC_ROUTES if r.namespace == "surveys"]
VOTE_ROUTES = [r for r in PUBLIC_ROUTES if r.namespace == "votes"]


def other_code(code):
    """A code of the same shape that is not this one."""
    return "".join("A" if ch != "A" else "C" for ch in code)


def tampered_tokens(world):
    token = world.survey.token
    return {
        "one character changed": token[:-1] + ("A" if token[-1] != "A" else "B"),
        "cut short": token[:-4],
        "upper case": token.upper() if token.upper() != token else token.lower(),
        "the short code": world.survey.short_code,
        "a resume code": world.unfinished.resume_code,
        "the vote code": world.live_vote.code,
        "with a slash": token[:5] + "%2F" + token[5:],
        "very long": token * 20,
    }


def tampered_codes(world):
    return {
        "another code": other_code(world.live_vote.code),
        "the survey's short code": world.survey.short_code,
        "a resume code": world.unfinished.resume_code,
        "the survey token": world.survey.token,
        "empty after normalising": "---",
        "very long": world.live_vote.code * 30,
    }


def assert_link_does_not_work(response, url):
    assert response.status_code == 404, (url, response.status_code)
    page = response.content.decode()
    assert "This link does not work" in page, url
    assert "Traceback" not in page and "Exception" not in page


def test_every_public_route_is_tested():
    names = {route.name for route in PUBLIC_ROUTES}
    assert {"surveys:start", "surveys:question", "surveys:send", "votes:join",
            "votes:vote", "votes:state"} <= names
    assert {route.name.split(":")[0] for route in PUBLIC_ROUTES} == PUBLIC_NAMESPACES
    for route in PUBLIC_ROUTES:
        assert set(route.kwargs) <= {"token", "code", "number"}, route


@pytest.mark.parametrize("route", SURVEY_ROUTES, ids=str)
def test_tampered_survey_link_does_not_work(client, world, route):
    for how, token in tampered_tokens(world).items():
        url = build_url(route, world, token=token) if "%2F" not in token else (
            build_url(route, world).replace(world.survey.token, token))
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert_link_does_not_work(response, f"{how}: {method} {url}")


def test_question_number_out_of_range_does_not_work(client, world):
    route = next(r for r in SURVEY_ROUTES if r.name == "surveys:question")
    client.post(reverse("surveys:welcome", args=[world.survey.token]))
    for number in (0, 99, 10**9):
        url = build_url(route, world, number=number)
        assert_link_does_not_work(client.get(url), url)
        assert_link_does_not_work(client.post(url, {"choice": "good"}), url)


@pytest.mark.parametrize("route", VOTE_ROUTES, ids=str)
def test_tampered_vote_code_does_not_work(client, world, route):
    for how, code in tampered_codes(world).items():
        url = build_url(route, world, code=code)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if route.name == "votes:state":
                assert response.status_code in (404, 405), (how, url)
                continue
            assert_link_does_not_work(response, f"{how}: {method} {url}")


def test_a_real_survey_link_works(client, world):
    start = reverse("surveys:start", args=[world.survey.token])
    assert client.get(start).status_code == 200
    reply = client.post(reverse("surveys:welcome", args=[world.survey.token]))
    assert reply.status_code == 302 and reply["Location"].startswith(start)
    for route in SURVEY_ROUTES:
        if route.name == "surveys:send":
            continue  # POST only: the journey tests send
        response = client.get(build_url(route, world))
        assert response.status_code in (200, 302), route
        if response.status_code == 302:
            assert response["Location"].startswith(f"/s/{world.survey.token}/"), route


def test_a_real_vote_code_works(client, world):
    code = world.live_vote.code
    assert client.get(reverse("votes:join", args=[code.lower()])).status_code == 200
    joined = client.post(reverse("votes:join", args=[code]), {"group": "staff"})
    assert joined.status_code == 302
    assert client.get(reverse("votes:vote", args=[code])).status_code == 200
    state = client.get(reverse("votes:state", args=[code]))
    assert state.status_code == 200 and state.json()["status"] == "open"


def test_password_reset_link(client, facilitator):
    uid = urlsafe_base64_encode(force_bytes(facilitator.pk))
    token = default_token_generator.make_token(facilitator)
    for bad_uid, bad_token in [(uid, token[:-1] + "x"), ("MTIzNDU2", token), ("!!", "x-y")]:
        url = reverse("password_reset_confirm", args=[bad_uid, bad_token])
        page = client.get(url).content.decode()
        assert "This link does not work" in page
        assert "new_password1" not in page
    reply = client.get(reverse("password_reset_confirm", args=[uid, token]))
    assert reply.status_code == 302
    assert "new_password1" in client.get(reply["Location"]).content.decode()


def test_the_framework_is_public(client, world):
    assert client.get(reverse("domains:detail", args=[1])).status_code == 200
    assert client.get(reverse("domains:detail", args=[99])).status_code == 404
