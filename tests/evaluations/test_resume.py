""""Stop for now" records nothing that was not chosen, and the resume code comes back to the
question where the person stopped."""

import pytest
from django.urls import reverse

from evaluations.models import Answer, Response
from evaluations.selectors.surveys import survey_items

from .helpers import answer
from .helpers import public_url as url

pytestmark = pytest.mark.django_db


def begin(client, survey):
    client.post(url("start", survey), {"language": "en"})
    reply = client.post(url("welcome", survey))
    assert reply["Location"] == url("question", survey, number=1)


def resume(client, response):
    return client.post(reverse("surveys:code"), {"code": response.resume_code})


def stopped_on_question_3(client, survey):
    """The case in the issue: answer 1, Continue on 2 without answering, Stop on 3 without
    answering."""
    begin(client, survey)
    answer(client, survey, 1, "good")
    assert answer(client, survey, 2)["Location"] == url("question", survey, number=3)
    reply = answer(client, survey, 3, action="stop")
    assert reply["Location"] == url("stop", survey)
    return Response.objects.get(survey=survey)


def test_stop_without_answering_records_nothing_for_that_question(client, lived_survey):
    response = stopped_on_question_3(client, lived_survey)
    items = survey_items(lived_survey)
    saved = {a.item_id: a.choice for a in Answer.objects.filter(response=response)}
    assert saved == {items[0].pk: "good", items[1].pk: ""}  # 2 skipped, 3 not reached


def test_resuming_lands_on_the_question_where_the_person_stopped(
        client, new_client, lived_survey):
    response = stopped_on_question_3(client, lived_survey)
    other = new_client()
    assert resume(other, response)["Location"] == url("question", lived_survey, number=3)
    # On the same device, "Carry on now" from the stop page goes there too.
    reply = client.post(url("stop", lived_survey), {"action": "carry_on"})
    assert reply["Location"] == url("question", lived_survey, number=3)


def test_the_check_page_shows_only_continued_questions_as_skipped(client, lived_survey):
    stopped_on_question_3(client, lived_survey)
    rows = client.get(url("check", lived_survey)).content.decode().split('class="bl-answer"')
    question_2, question_3 = rows[2], rows[3]
    assert "Skipped" in question_2
    assert "Skipped" not in question_3
    assert "Not answered yet" in question_3
    assert "Answer<span" in question_3


def test_stop_with_an_answer_saves_it_and_resumes_after_it(client, new_client, lived_survey):
    begin(client, lived_survey)
    answer(client, lived_survey, 1, "good")
    answer(client, lived_survey, 2, "", "Only words", action="stop")
    response = Response.objects.get(survey=lived_survey)
    assert Answer.objects.get(response=response, item=survey_items(lived_survey)[1]).comment \
        == "Only words"
    assert resume(new_client(), response)["Location"] == url("question", lived_survey, number=3)


def test_stop_on_a_question_answered_before_keeps_the_answer(client, lived_survey):
    begin(client, lived_survey)
    answer(client, lived_survey, 1, "good")
    answer(client, lived_survey, 1, "not_good", action="stop")  # Back, changed, Stop
    response = Response.objects.get(survey=lived_survey)
    assert Answer.objects.get(response=response).choice == "not_good"


def test_stop_on_the_helped_page_without_choosing_saves_nothing(client, new_client,
                                                               carer_survey):
    begin(client, carer_survey)
    items = survey_items(carer_survey)
    for number in range(1, len(items) + 1):
        answer(client, carer_survey, number, "mostly")
    reply = client.post(url("helped", carer_survey), {"helped": "", "action": "stop"})
    assert reply["Location"] == url("stop", carer_survey)
    response = Response.objects.get(survey=carer_survey)
    assert response.helped is None
    assert resume(new_client(), response)["Location"] == url("helped", carer_survey)


def test_stop_on_the_helped_page_with_an_answer_saves_it(client, carer_survey):
    begin(client, carer_survey)
    answer(client, carer_survey, 1, "mostly")
    client.post(url("helped", carer_survey), {"helped": "no", "action": "stop"})
    assert Response.objects.get(survey=carer_survey).helped is False


def test_resumed_and_finished_sends_once(client, new_client, lived_survey):
    response = stopped_on_question_3(client, lived_survey)
    other = new_client()
    resume(other, response)
    for number in range(3, len(survey_items(lived_survey)) + 1):
        answer(other, lived_survey, number, "not_sure")
    other.post(url("helped", lived_survey), {"helped": "yes"})
    for _ in range(3):
        assert other.post(url("send", lived_survey))["Location"] == url("sent", lived_survey)
    response.refresh_from_db()
    assert response.is_submitted
    assert Response.objects.count() == 1
    assert Answer.objects.filter(response=response).count() == len(survey_items(lived_survey))
