"""No empty responses: a response is made by its first saved answer, not
by Start; Start is rate-limited per device and per address; the monitor counts a response as
started only once something in it was saved."""

from functools import partial

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from evaluations.models import Answer, Response
from evaluations.respondent_session import STARTING_KEY
from evaluations.selectors.evaluations import response_counts, response_monitor_tables
from evaluations.selectors.surveys import survey_items
from evaluations.services.responses import (
    answer_save,
    response_first_save,
    response_helped_set,
    response_start,
)
from tests.concurrency import needs_postgres, run_each

from .helpers import answer
from .helpers import public_url as url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_rate_limit_left_over():
    cache.clear()
    yield
    cache.clear()


def press_start(client, survey):
    return client.post(url("welcome", survey), {"action": "start"})


def test_four_hundred_posts_to_the_welcome_page_make_no_response(client, new_client,
                                                                 lived_survey):
    for number in range(400):
        one = client if number % 2 else new_client()  # one device, and devices without cookies
        assert press_start(one, lived_survey).status_code in (302, 429)
    assert not Response.objects.exists()
    counts = response_counts([lived_survey])[lived_survey.pk]
    assert (counts["sent"], counts["partial"]) == (0, 0)


def test_start_stores_nothing_and_the_first_answer_makes_the_response(client, lived_survey):
    assert press_start(client, lived_survey)["Location"] == url("question", lived_survey,
                                                                number=1)
    page = client.get(url("question", lived_survey, number=1)).content.decode()
    key = client.session[STARTING_KEY][lived_survey.token]
    assert f'name="response_key" value="{key}"' in page
    assert "Your code to carry on later:" not in page  # nothing to resume yet
    assert answer(client, lived_survey, 1)["Location"] == url("question", lived_survey, number=2)
    assert not Response.objects.exists()  # Continue without an answer saves nothing yet
    answer(client, lived_survey, 2, "good")
    response = Response.objects.get()
    assert str(response.submission_key) == key
    items = survey_items(lived_survey)
    saved = {a.item_id: a.choice for a in Answer.objects.filter(response=response)}
    assert saved == {items[0].pk: "", items[1].pk: "good"}  # 1 skipped, 2 answered
    page = client.get(url("question", lived_survey, number=3)).content.decode()
    assert "Your code to carry on later:" in page
    assert response.resume_code_display in page  # once there is something to resume
    check = client.get(url("check", lived_survey)).content.decode()
    assert "Skipped" in check and "Send my answers" in check


def test_someone_helped_is_enough_to_make_the_response(client, carer_survey):
    press_start(client, carer_survey)
    items = survey_items(carer_survey)
    for number in range(1, len(items) + 1):
        answer(client, carer_survey, number)
    assert not Response.objects.exists()
    client.post(url("helped", carer_survey), {"helped": "yes"})
    response = Response.objects.get()
    assert response.helped is True
    assert Answer.objects.filter(response=response, choice="").count() == len(items)


def test_nothing_chosen_anywhere_leaves_nothing_to_send(client, lived_survey):
    press_start(client, lived_survey)
    for number in range(1, len(survey_items(lived_survey)) + 1):
        answer(client, lived_survey, number)
    reply = client.post(url("helped", lived_survey), {"helped": ""})
    assert reply["Location"] == url("check", lived_survey)
    check = client.get(url("check", lived_survey)).content.decode()
    assert "You have not answered any questions yet." in check
    assert "There is nothing to send." in check
    assert "Send my answers" not in check
    assert "images/easy-read/question.svg" in check  # Easy Read
    assert not Response.objects.exists()


def test_stop_before_anything_is_saved_gives_no_code(client, lived_survey):
    press_start(client, lived_survey)
    answer(client, lived_survey, 1)
    reply = answer(client, lived_survey, 2, action="stop")
    assert reply["Location"] == url("stop", lived_survey)
    stop = client.get(url("stop", lived_survey)).content.decode()
    assert "You have not answered any questions yet" in stop
    assert "Nothing is saved, so you do not need a code." in stop
    assert "Your code to carry on later:" not in stop
    assert not Response.objects.exists()
    reply = client.post(url("stop", lived_survey), {"action": "carry_on"})
    assert reply["Location"] == url("question", lived_survey, number=1)
    answer(client, lived_survey, 1, "not_good")
    assert Response.objects.count() == 1


def test_the_same_first_answer_twice_makes_one_response(client, new_client, lived_survey):
    press_start(client, lived_survey)
    key = client.session[STARTING_KEY][lived_survey.token]
    twin = new_client()  # the same browser's second request, before the first one's reply
    twin.cookies.load({name: morsel.value for name, morsel in client.cookies.items()})
    for one in (client, twin, client):
        reply = answer(one, lived_survey, 1, "good", response_key=key)
        assert reply["Location"] == url("question", lived_survey, number=2)
    assert Response.objects.count() == 1
    assert Answer.objects.count() == 1


def test_the_service_makes_one_response_for_one_key(lived_survey):
    """The request that loses the race finds the key taken, and saves into the same one."""
    import uuid

    key = uuid.uuid4()
    item = survey_items(lived_survey)[0]
    first = response_first_save(survey=lived_survey, submission_key=key, language="en",
                                item=item, choice="good")
    again = response_first_save(survey=lived_survey, submission_key=key, language="en",
                                item=item, choice="good")
    assert first.pk == again.pk
    assert Response.objects.count() == 1 and Answer.objects.count() == 1


def test_a_page_from_before_start_was_pressed_again_makes_nothing(client, lived_survey):
    press_start(client, lived_survey)
    old_key = client.session[STARTING_KEY][lived_survey.token]
    press_start(client, lived_survey)  # someone new on the same device
    reply = answer(client, lived_survey, 1, "good", response_key=old_key)
    assert reply["Location"] == url("welcome", lived_survey)
    assert not Response.objects.exists()


def test_question_pages_without_start_go_to_the_welcome_page(client, lived_survey):
    reply = answer(client, lived_survey, 1, "good")
    assert reply["Location"] == url("welcome", lived_survey)
    assert client.get(url("question", lived_survey, number=1))["Location"] == \
        url("welcome", lived_survey)
    assert not Response.objects.exists()


def test_start_is_rate_limited_per_device_but_not_for_the_next_device(
        client, new_client, lived_survey, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "survey_start_device": (3, 600),
                            "survey_start": (50, 600)}
    statuses = [press_start(client, lived_survey).status_code for _ in range(6)]
    assert 429 in statuses and statuses[:3] == [302, 302, 302]
    reply = press_start(client, lived_survey)
    assert reply.status_code == 429
    assert "Please wait a moment" in reply.content.decode()
    # Another tablet on the same Wi-Fi is not held up by this one.
    assert press_start(new_client(), lived_survey).status_code == 302


def test_start_is_rate_limited_per_address(new_client, lived_survey, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "survey_start": (5, 600)}
    statuses = [press_start(new_client(), lived_survey).status_code for _ in range(7)]
    assert statuses == [302] * 5 + [429] * 2


def test_the_default_limits_let_a_shared_tablet_through_a_workshop(client, lived_survey):
    """Thirty people, one after another on one tablet, each pressing Start twice."""
    for _ in range(60):
        assert press_start(client, lived_survey).status_code == 302


# The response monitor -----------------------------------------------------------------------

def test_the_monitor_counts_only_responses_with_something_saved(
        client, facilitator, outsider, lived_survey):
    empty = response_start(survey=lived_survey)  # made by Start in an earlier version
    only_skipped = response_start(survey=lived_survey)
    answer_save(response=only_skipped, item=survey_items(lived_survey)[0], choice="",
                comment="")
    helped = response_start(survey=lived_survey)
    response_helped_set(response=helped, helped=False)
    response_first_save(survey=lived_survey, submission_key=None, language="en",
                        item=survey_items(lived_survey)[0], choice="", comment="Words")
    counts = response_counts([lived_survey])[lived_survey.pk]
    assert counts["partial"] == 2
    assert Response.objects.filter(pk__in=[empty.pk, only_skipped.pk]).count() == 2  # kept
    evaluation = lived_survey.evaluation
    monitor = reverse("evaluations:monitor", kwargs={"council_slug": evaluation.council.slug,
                                                     "pk": evaluation.pk})
    client.force_login(facilitator)
    assert client.get(monitor).status_code == 200
    client.force_login(outsider)
    assert client.get(monitor).status_code == 404


def test_a_day_of_only_empty_responses_shows_no_row(carer_survey):
    response_start(survey=carer_survey)  # made by Start in an earlier version: nothing in it
    tables = {t["survey"].audience: t for t in
              response_monitor_tables(evaluation=carer_survey.evaluation)}
    assert tables["family_carers"]["days"] == []
    assert tables["family_carers"]["totals"]["partial"] == 0


def test_the_service_never_makes_an_empty_response(lived_survey):
    item = survey_items(lived_survey)[0]
    for page in ({"item": item, "choice": "", "comment": ""}, {"helped": None}):
        with pytest.raises(ValueError):
            response_first_save(survey=lived_survey, submission_key=None, language="en",
                                **page)
    assert not Response.objects.exists()


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_first_answers_at_once_make_one_response(client, lived_survey):
    press_start(client, lived_survey)
    key = client.session[STARTING_KEY][lived_survey.token]
    clients = []
    for _ in range(20):
        one = Client()  # the same device (its cookies): a double, or twentyfold, click
        one.cookies.load({name: morsel.value for name, morsel in client.cookies.items()})
        clients.append(one)
    statuses = run_each([partial(answer, one, lived_survey, 1, "good", response_key=key)
                         for one in clients])
    statuses = [reply.status_code for reply in statuses]
    assert statuses == [302] * 20
    assert Response.objects.count() == 1
    assert Answer.objects.count() == 1
