"""Every "not found" a respondent can meet is the Easy Read "This link does not work" page,
with a way to type the code, and never the staff "Page not found"."""

import pytest
from django.urls import reverse

from evaluations.selectors.surveys import survey_items

pytestmark = pytest.mark.django_db

CODE_FORM = f'<form method="post" action="{reverse("surveys:code")}"'


def assert_survey_not_found(reply, heading="This link does not work"):
    assert reply.status_code == 404
    page = reply.content.decode()
    assert heading in page
    assert "Page not found" not in page
    assert CODE_FORM in page and 'name="code"' in page
    main = page.split('id="main-content"', 1)[1]
    assert 'href="/"' not in main, "no way to the staff start page"
    assert "Go to the start page" not in page
    assert 'class="govuk-service-navigation__list"' not in page  # no staff menu
    return page


@pytest.mark.parametrize("path", [
    "/s/not-a-real-token/",
    "/s/not-a-real-token/welcome/",
    "/s/not-a-real-token/q/1/",
    "/s/not-a-real-token/check/",
    "/s/not-a-real-token/sent/",
    "/s/not-a-real-token/nonsense/",
    "/v/NOPE99/",
    "/v/NOPE99/nonsense/",
])
def test_a_mistyped_link(client, lived_survey, path):
    assert_survey_not_found(client.get(path))


def test_a_bad_question_number(client, lived_survey):
    token = lived_survey.token
    client.post(reverse("surveys:start", args=[token]), {"language": "en"})
    client.post(reverse("surveys:welcome", args=[token]))
    too_far = len(survey_items(lived_survey)) + 1
    for number in (0, too_far, 999):
        assert_survey_not_found(client.get(f"/s/{token}/q/{number}/"))
    assert_survey_not_found(client.get(f"/s/{token}/q/one/"))


@pytest.mark.parametrize("code", ["ZZZZ-ZZZZ", "NOPE12"])
def test_an_unknown_code(client, lived_survey, code):
    assert_survey_not_found(client.post(reverse("surveys:code"), {"code": code}))


def test_staff_pages_keep_the_staff_not_found(client, db):
    reply = client.get("/councils/no-such-council/nonsense/")
    assert reply.status_code == 404
    assert "Page not found" in reply.content.decode()
    assert "This link does not work" not in reply.content.decode().split("<h1", 1)[1][:80]


def test_in_welsh(client, lived_survey):
    client.post(reverse("set_language"), {"language": "cy", "next": "/"})
    page = assert_survey_not_found(client.get("/s/not-a-real-token/q/1/"),
                                   heading="Dydy’r ddolen hon ddim yn gweithio")
    assert '<html lang="cy"' in page
    assert "This link does not work" not in page
