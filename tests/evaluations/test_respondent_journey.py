"""The survey as a respondent sees it, through Django's test client."""

import re

import pytest
from django.urls import reverse

from evaluations.models import Answer, Response
from evaluations.respondent_session import STARTING_KEY
from evaluations.selectors.surveys import survey_items
from evaluations.services.surveys import survey_close

from .helpers import answer
from .helpers import public_url as url

pytestmark = pytest.mark.django_db


def begin(client, survey, language="en"):
    """Choose a language and press Start. Nothing is stored until the first answer:
    returns the key the first saved answer makes the response with."""
    assert client.post(url("start", survey), {"language": language}).status_code == 302
    reply = client.post(url("welcome", survey))
    assert reply.status_code == 302
    assert reply["Location"] == url("question", survey, number=1)
    assert not Response.objects.filter(survey=survey).exists()
    return client.session[STARTING_KEY][survey.token]


def saved(survey):
    """The one response in `survey`, made by its first saved answer."""
    return Response.objects.get(survey=survey)


def test_easy_read_question_page(client, lived_survey):
    begin(client, lived_survey)
    items = survey_items(lived_survey)
    page = client.get(url("question", lived_survey, number=1)).content.decode()
    assert f"Question 1 of {len(items)}" in page
    assert f'<h1 class="govuk-fieldset__heading" id="choice-heading">{items[0].text}</h1>' in page
    # The question's own picture, not its domain's (tests/domains/test_question_pictures.py).
    assert items[0].question.picture in page
    assert f'alt="{items[0].question.picture_alt}"' in page
    for label in ("Good", "Not sure", "Not good", "I don&#x27;t want to say"):
        assert label in page
    assert "images/faces/good.svg" in page
    assert "data-listen-button" in page and " hidden" in page
    assert "Tell us more" in page
    assert 'data-maxlength="500"' in page
    # Nothing is saved yet, so there is no code; there is one once something is saved.
    assert "Your code to carry on later:" not in page
    answer(client, lived_survey, 1, "good")
    page = client.get(url("question", lived_survey, number=2)).content.decode()
    assert "Your code to carry on later:" in page
    assert saved(lived_survey).resume_code_display in page


def test_carers_get_the_four_point_scale(client, carer_survey):
    begin(client, carer_survey)
    page = client.get(url("question", carer_survey, number=1)).content.decode()
    for label in ("Yes, all the time", "Mostly", "Sometimes", "Not yet", "Don&#x27;t know"):
        assert label in page
    assert "images/faces" not in page


def test_whole_journey_saves_page_by_page_and_sends_once(client, lived_survey):
    key = begin(client, lived_survey)
    items = survey_items(lived_survey)
    assert answer(client, lived_survey, 1, "good", "Staff listen to me").status_code == 302
    response = saved(lived_survey)
    assert str(response.submission_key) == key
    assert Answer.objects.get(response=response, item=items[0]).choice == "good"
    reply = answer(client, lived_survey, 2)  # skipped
    assert reply["Location"] == url("question", lived_survey, number=3)
    for number in range(3, len(items) + 1):
        answer(client, lived_survey, number, "not_sure")
    reply = client.post(url("helped", lived_survey), {"helped": "yes"})
    assert reply["Location"] == url("check", lived_survey)
    check = client.get(url("check", lived_survey)).content.decode()
    assert "Staff listen to me" in check
    assert "Skipped" in check
    assert f"{url('question', lived_survey, number=1)}?from=check" in check

    first = client.post(url("send", lived_survey))
    assert first["Location"] == url("sent", lived_survey)
    response.refresh_from_db()
    sent_at = response.submitted_at
    assert response.is_submitted and response.helped is True
    # A double click, a refresh or the back button: the same confirmation, nothing new.
    again = client.post(url("send", lived_survey))
    assert again["Location"] == url("sent", lived_survey)
    assert client.get(url("sent", lived_survey)).status_code == 200
    response.refresh_from_db()
    assert response.submitted_at == sent_at
    assert Response.objects.filter(survey=lived_survey).count() == 1
    # Going back to a question after sending shows the confirmation instead.
    assert answer(client, lived_survey, 1, "not_good")["Location"] == url("sent", lived_survey)
    assert Answer.objects.get(response=response, item=items[0]).choice == "good"


def test_change_link_returns_to_check(client, lived_survey):
    begin(client, lived_survey)
    reply = client.post(url("question", lived_survey, number=2) + "?from=check",
                        {"choice": "good", "comment": ""})
    assert reply["Location"] == url("check", lived_survey)


def test_stop_and_resume_on_another_device(client, new_client, lived_survey):
    begin(client, lived_survey)
    answer(client, lived_survey, 1, "good")
    response = saved(lived_survey)
    reply = answer(client, lived_survey, 2, "not_good", action="stop")
    assert reply["Location"] == url("stop", lived_survey)
    page = client.get(url("stop", lived_survey)).content.decode()
    assert response.resume_code_display in page

    other = new_client()  # a new browser: no session
    typed = response.resume_code_display.lower().replace("-", " ")
    reply = other.post(reverse("surveys:code"), {"code": typed})
    assert reply["Location"] == url("question", lived_survey, number=3)
    answer(other, lived_survey, 3, "good")
    assert Answer.objects.filter(response=response).count() == 3


def test_short_code_leads_to_the_survey(client, lived_survey):
    reply = client.post(reverse("surveys:code"), {"code": lived_survey.short_code.lower()})
    assert reply["Location"] == url("start", lived_survey)


@pytest.mark.parametrize("code", ["ZZZZZZ", "ZZZZ-ZZZZ", "NOPE12"])
def test_wrong_code_is_a_plain_not_found(client, lived_survey, code):
    reply = client.post(reverse("surveys:code"), {"code": code})
    assert reply.status_code == 404
    assert "This link does not work" in reply.content.decode()


def test_empty_code_is_explained(client, db):
    reply = client.post(reverse("surveys:code"), {"code": ""})
    assert reply.status_code == 200
    assert "Enter the code you were given" in reply.content.decode()


@pytest.mark.parametrize("path", [
    "/s/not-a-real-token/",
    "/s/not-a-real-token/q/1/",
    "/s/not-a-real-token/check/",
])
def test_tampered_links_are_not_found(client, lived_survey, path):
    reply = client.get(path)
    assert reply.status_code == 404
    assert "Traceback" not in reply.content.decode()


def test_question_number_out_of_range(client, lived_survey):
    begin(client, lived_survey)
    assert client.get(url("question", lived_survey, number=999)).status_code == 404
    assert client.get(url("question", lived_survey, number=0)).status_code == 404


@pytest.mark.parametrize("data, message", [
    ({"choice": "excellent"}, "Choose one of the answers"),
    ({"choice": "good", "comment": "x" * 501}, "You can write up to 500 letters"),
    ({"choice": "good", "comment": "hello\x00there"}, "hidden character"),
    ({"choice": "good", "comment": "bell\x07"}, "hidden character"),
])
def test_bad_input_is_explained_and_nothing_saved(client, lived_survey, data, message):
    begin(client, lived_survey)
    reply = client.post(url("question", lived_survey, number=1), {"comment": "", **data})
    assert reply.status_code == 200
    page = reply.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert page.count("<title>Error: ") == 1
    assert not Response.objects.exists()


def test_expired_session_keeps_the_answer(client, new_client, lived_survey):
    begin(client, lived_survey)
    answer(client, lived_survey, 1, "not_sure")
    response = saved(lived_survey)
    fresh = new_client()  # the session has gone
    reply = fresh.post(url("question", lived_survey, number=2),
                       {"choice": "good", "comment": "", "response_key": response.submission_key})
    assert reply.status_code == 302
    assert Answer.objects.get(response=response, item=survey_items(lived_survey)[1]).choice \
        == "good"


def test_expired_csrf_token_shows_the_page_again_with_the_answer(new_client, lived_survey):
    strict = new_client(enforce_csrf_checks=True)
    strict.get(url("start", lived_survey))
    token = strict.cookies["csrftoken"].value
    strict.post(url("start", lived_survey), {"language": "en", "csrfmiddlewaretoken": token})
    strict.post(url("welcome", lived_survey), {"csrfmiddlewaretoken": token})
    strict.cookies.pop("csrftoken")  # the token expired
    reply = strict.post(url("question", lived_survey, number=1),
                        {"choice": "not_good", "comment": "The bus is late"})
    assert reply.status_code == 200
    page = reply.content.decode()
    assert "Your answer is still here" in page
    assert "The bus is late" in page
    assert re.search(r'value="not_good" checked', page)
    assert not Response.objects.exists()
    key = re.search(r'name="response_key" value="([^"]+)"', page).group(1)
    token = strict.cookies["csrftoken"].value  # a fresh token came with the page
    reply = strict.post(url("question", lived_survey, number=1),
                        {"choice": "not_good", "comment": "The bus is late",
                         "response_key": key, "csrfmiddlewaretoken": token})
    assert reply.status_code == 302
    assert Answer.objects.get(response=saved(lived_survey)).comment == "The bus is late"


def test_expired_csrf_on_send_keeps_answers_and_asks_again(new_client, lived_survey):
    strict = new_client(enforce_csrf_checks=True)
    strict.get(url("start", lived_survey))
    token = strict.cookies["csrftoken"].value
    strict.post(url("start", lived_survey), {"language": "en", "csrfmiddlewaretoken": token})
    strict.post(url("welcome", lived_survey), {"csrfmiddlewaretoken": token})
    strict.post(url("question", lived_survey, number=1),
                {"choice": "good", "comment": "", "csrfmiddlewaretoken": token})
    strict.cookies.pop("csrftoken")
    reply = strict.post(url("send", lived_survey), follow=True)
    assert reply.status_code == 200
    assert "Press Send my answers again" in reply.content.decode()
    assert not Response.objects.get().is_submitted


def test_closed_survey_keeps_what_was_saved(client, lived_survey):
    begin(client, lived_survey)
    answer(client, lived_survey, 1, "good")
    response = saved(lived_survey)
    survey_close(survey=lived_survey)
    reply = answer(client, lived_survey, 2, "not_good")
    assert reply.status_code == 200
    assert "This survey is closed" in reply.content.decode()
    reply = client.post(url("send", lived_survey))
    assert "This survey is closed" in reply.content.decode()
    response.refresh_from_db()
    assert not response.is_submitted
    assert list(Answer.objects.filter(response=response).values_list("choice", flat=True)) == [
        "good"
    ]


def test_closed_survey_cannot_be_started(client, lived_survey):
    survey_close(survey=lived_survey)
    client.post(url("start", lived_survey), {"language": "en"})
    reply = client.post(url("welcome", lived_survey))
    assert "This survey is closed" in reply.content.decode()
    assert not Response.objects.exists()


def test_code_page_is_rate_limited(client, lived_survey, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "code": (3, 600)}
    from django.core.cache import cache

    cache.clear()
    for _ in range(3):
        client.post(reverse("surveys:code"), {"code": "ZZZZZZ"})
    reply = client.post(reverse("surveys:code"), {"code": lived_survey.short_code})
    assert reply.status_code == 429
    assert "Please wait a moment" in reply.content.decode()
    cache.clear()


def test_sending_is_rate_limited(client, lived_survey, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "send": (1, 600)}
    from django.core.cache import cache

    cache.clear()
    begin(client, lived_survey)
    answer(client, lived_survey, 1, "good")
    client.post(url("send", lived_survey))
    assert client.post(url("send", lived_survey)).status_code == 429
    cache.clear()


def test_nothing_identifying_is_stored():
    names = {field.name for field in Response._meta.get_fields()}
    for forbidden in ("ip", "ip_address", "user_agent", "user", "account", "email", "name"):
        assert forbidden not in names
    assert not any("ip" in name.split("_") for name in names)


def test_welsh_can_be_chosen(client, lived_survey):
    client.post(url("start", lived_survey), {"language": "cy"})
    page = client.get(url("welcome", lived_survey)).content.decode()
    assert '<html lang="cy"' in page


def test_survey_pages_are_not_cached(client, lived_survey):
    begin(client, lived_survey)
    reply = client.get(url("question", lived_survey, number=1))
    assert "no-store" in reply["Cache-Control"]
