"""One phone or tablet, several people: nobody sees the answers of the person before them.

Each test uses one test client as the one device, and the same survey link, as people do
when a tablet is passed round a workshop.
"""

import pytest
from django.urls import reverse

from evaluations.models import Answer, Response
from evaluations.respondent_session import SESSION_KEY, STARTING_KEY
from tests.factories import evaluation_with_surveys, small_framework

from .helpers import public_url as url

pytestmark = pytest.mark.django_db

SECRET = "My support worker shouts at me"


@pytest.fixture
def survey(council):
    small_framework()
    return evaluation_with_surveys(council).surveys.get(audience="lived_experience")


def open_link(client, survey, *, shared=False):
    """Open the link (or the shared-device link) and choose English. Returns the welcome page."""
    start = url("shared" if shared else "start", survey)
    assert client.get(start).status_code == 200
    reply = client.post(start, {"language": "en"})
    assert reply.status_code == 302 and reply["Location"] == url("welcome", survey)
    page = client.get(url("welcome", survey))
    assert page.status_code == 200
    return page.content.decode()


class Starting:
    """Start pressed: nothing is stored until the first answer makes the response with this
    key."""

    def __init__(self, key):
        self.submission_key = key

    def saved(self):
        return Response.objects.get(submission_key=self.submission_key)


def press_start(client, survey):
    reply = client.post(url("welcome", survey), {"action": "start"})
    assert reply["Location"] == url("question", survey, number=1), reply.get("Location")
    return Starting(client.session[STARTING_KEY][survey.token])


def answer(client, survey, number, response, choice="", comment="", **extra):
    """Post a question page as the browser does: the form carries the response's key."""
    return client.post(url("question", survey, number=number),
                       {"choice": choice, "comment": comment,
                        "response_key": str(response.submission_key), **extra})


def person_a_stops(client, survey, *, shared=False):
    open_link(client, survey, shared=shared)
    first = press_start(client, survey)
    assert answer(client, survey, 1, first, "not_good", SECRET).status_code == 302
    reply = answer(client, survey, 2, first, "good", action="stop")
    assert reply["Location"] == url("stop", survey)
    return first.saved()


def send(client, survey, response):
    return client.post(url("send", survey), {"response_key": str(response.submission_key)})


def person_a_sends(client, survey, *, shared=False):
    open_link(client, survey, shared=shared)
    first = press_start(client, survey)
    answer(client, survey, 1, first, "not_good", SECRET)
    first = first.saved()
    client.post(url("helped", survey), {"helped": "no",
                                        "response_key": str(first.submission_key)})
    reply = send(client, survey, first)
    assert reply["Location"] == url("sent", survey)
    sent = client.get(url("sent", survey))
    assert sent.status_code == 200 and "Your answers have been sent" in sent.content.decode()
    return first


def shows_nothing_of(page, response):
    for private in (SECRET, response.resume_code, response.resume_code_display,
                    str(response.submission_key)):
        assert private not in page, private
    assert " checked" not in page


def fresh_start(page):
    """The welcome page offers Start, and no choice about someone else's answers."""
    return 'name="action" value="start"' in page and "I am someone new" not in page


def held(client, survey):
    return client.session.get(SESSION_KEY, {}).get(survey.token)


# A stops (or walks away), B picks up the same tablet ----------------------------------------


def test_after_stop_the_next_person_sees_none_of_the_answers(client, survey):
    first = person_a_stops(client, survey)
    page = open_link(client, survey)  # person B, same device, same link
    shows_nothing_of(page, first)
    assert "Carry on with my answers" in page
    assert "I am someone new" in page
    assert "Carry on where you stopped" not in page


def test_someone_new_gets_a_fresh_response_and_the_first_can_still_resume(
        client, new_client, survey):
    first = person_a_stops(client, survey)
    open_link(client, survey)
    reply = client.post(url("welcome", survey), {"action": "new"})
    assert reply["Location"] == url("question", survey, number=1)
    assert Response.objects.count() == 1  # nothing stored for the new person yet
    assert held(client, survey) is None
    for page in (url("question", survey, number=1), url("question", survey, number=2),
                 url("check", survey), url("stop", survey)):
        html = client.get(page).content.decode()
        shows_nothing_of(html, first)
        assert "Your code to carry on later:" not in html
    second = Starting(client.session[STARTING_KEY][survey.token])
    assert answer(client, survey, 1, second, "good").status_code == 302
    second = second.saved()
    assert second != first and second.answers.count() == 1
    assert held(client, survey) == str(second.submission_key)
    for page in (url("question", survey, number=2), url("check", survey)):
        html = client.get(page).content.decode()
        shows_nothing_of(html, first)
        assert second.resume_code_display in html
    # The first person's answers are kept, and their code still finds them.
    assert Response.objects.filter(pk=first.pk).exists()
    assert Answer.objects.filter(response=first).count() == 2
    other = new_client()
    reply = other.post(reverse("surveys:code"), {"code": first.resume_code})
    assert reply["Location"] == url("question", survey, number=3)
    assert SECRET in other.get(url("check", survey)).content.decode()


def test_carry_on_with_my_answers(client, survey):
    first = person_a_stops(client, survey)
    open_link(client, survey)
    reply = client.post(url("welcome", survey), {"action": "carry_on"})
    assert reply["Location"] == url("question", survey, number=3)
    assert Response.objects.count() == 1
    assert SECRET in client.get(url("check", survey)).content.decode()
    assert held(client, survey) == str(first.submission_key)


def test_start_without_a_choice_does_not_carry_on(client, survey):
    """A Start button pressed in another tab, or a form without the choice: ask again."""
    first = person_a_stops(client, survey)
    page = client.post(url("welcome", survey), {"action": "start"})
    assert page.status_code == 200
    shows_nothing_of(page.content.decode(), first)
    assert "I am someone new" in page.content.decode()
    assert Response.objects.count() == 1


def test_a_page_of_the_person_before_saves_nothing_into_the_next_response(client, survey):
    """A's question page left open (or found again with Back) after B said they are new:
    its form names A's response, which this device let go of. Nothing is saved to B's."""
    first = person_a_stops(client, survey)
    client.post(url("welcome", survey), {"action": "new"})
    reply = answer(client, survey, 3, first, "good", "A's late answer")
    assert reply["Location"] == url("welcome", survey)
    assert Response.objects.count() == 1  # nothing made for B out of A's page
    assert not Answer.objects.filter(comment="A's late answer").exists()


def test_an_old_tab_never_writes_into_a_response_resumed_by_code(client, survey, new_client):
    """A answers in one tab; in another tab C's resume code is typed on the same device. A's
    old tab then sends a page: nothing goes into C's response, and A's tab sees none of C's."""
    other = new_client()
    open_link(other, survey)
    third = press_start(other, survey)
    assert answer(other, survey, 1, third, "good", SECRET).status_code == 302
    third = third.saved()
    open_link(client, survey)
    first = press_start(client, survey)
    assert answer(client, survey, 1, first, "not_good").status_code == 302
    first = first.saved()
    assert client.post(reverse("surveys:code"), {"code": third.resume_code}).status_code == 302
    assert held(client, survey) == str(third.submission_key)
    reply = answer(client, survey, 2, first, "good", "A's answer from the old tab")
    assert reply["Location"] == url("welcome", survey)
    assert not third.answers.filter(comment="A's answer from the old tab").exists()
    assert third.answers.count() == 1
    # A's response is let go of for good on this device: its pages find nothing.
    assert answer(client, survey, 2, first, "good")["Location"] == url("welcome", survey)
    assert held(client, survey) == str(third.submission_key)


# A sends, B picks up the same tablet --------------------------------------------------------


def test_after_send_the_next_person_can_answer(client, survey):
    first = person_a_sends(client, survey)
    assert held(client, survey) is None  # the device let go at once
    start = client.get(url("start", survey)).content.decode()
    assert "Your answers have been sent" not in start
    page = open_link(client, survey)
    shows_nothing_of(page, first)
    assert "already sent" not in page and fresh_start(page)
    second = press_start(client, survey)
    assert answer(client, survey, 1, second, "good").status_code == 302
    second = second.saved()
    assert second != first
    assert send(client, survey, second)["Location"] == url("sent", survey)
    assert Response.objects.filter(status=Response.Status.SUBMITTED).count() == 2
    assert Answer.objects.get(response=first).comment == SECRET


def test_the_short_code_starts_afresh_after_send(client, survey):
    person_a_sends(client, survey)
    reply = client.post(reverse("surveys:code"), {"code": survey.short_code})
    assert reply["Location"] == url("start", survey)
    assert fresh_start(open_link(client, survey))


def test_double_click_and_back_after_send_show_the_same_confirmation(client, survey):
    first = person_a_sends(client, survey)
    sent_at = Response.objects.get(pk=first.pk).submitted_at
    for _ in range(2):  # a double click, then Back and Send again
        assert send(client, survey, first)["Location"] == url("sent", survey)
        assert "Your answers have been sent" in client.get(url("sent", survey)).content.decode()
    assert Response.objects.count() == 1
    assert Response.objects.get(pk=first.pk).submitted_at == sent_at
    # Back to a question page: the confirmation, never the answers.
    assert answer(client, survey, 1, first, "good")["Location"] == url("sent", survey)
    assert Answer.objects.get(response=first).choice == "not_good"


def test_resending_the_first_persons_page_does_not_show_the_next_persons_answers(
        client, survey):
    first = person_a_sends(client, survey)
    open_link(client, survey)
    second = press_start(client, survey)
    answer(client, survey, 1, second, "good", "Words of the second person")
    second = second.saved()
    assert send(client, survey, first)["Location"] == url("sent", survey)
    page = client.get(url("sent", survey)).content.decode()
    assert "Your answers have been sent" in page and "Words of the second person" not in page
    second.refresh_from_db()
    assert not second.is_submitted  # B carries on
    assert "Words of the second person" in client.get(url("check", survey)).content.decode()


@pytest.mark.parametrize("name", ["check", "helped", "stop"])
def test_pages_after_send_show_no_answers(client, survey, name):
    first = person_a_sends(client, survey)
    reply = client.get(url(name, survey))
    assert reply.status_code == 302
    assert reply["Location"] == url("sent", survey)
    shows_nothing_of(client.get(reply["Location"]).content.decode(), first)


# The shared-device link ---------------------------------------------------------------------


def test_shared_link_explains_itself(client, survey):
    page = client.get(url("shared", survey)).content.decode()
    assert "Choose your language" in page
    assert "Other people will use this screen after you." in page
    assert "They will not see your answers." in page


def test_shared_link_forgets_after_stop(client, new_client, survey):
    first = person_a_stops(client, survey, shared=True)
    assert held(client, survey) is None
    stop = client.get(url("stop", survey)).content.decode()
    assert first.resume_code_display in stop  # the person sees their code
    assert "Other people will use this screen after you." in stop
    assert 'value="finish"' in stop
    reply = client.post(url("stop", survey), {"action": "finish"})
    assert reply["Location"] == url("shared", survey)
    # A clean screen: nothing of A's anywhere, even going back.
    for name in ("check", "helped", "stop"):
        assert client.get(url(name, survey))["Location"] == url("welcome", survey)
    assert client.get(url("question", survey, number=1))["Location"] == url("welcome", survey)
    page = open_link(client, survey, shared=True)
    shows_nothing_of(page, first)
    assert fresh_start(page)  # nothing kept
    second = press_start(client, survey)
    assert second.submission_key != str(first.submission_key)
    # A carries on later with the code.
    other = new_client()
    assert other.post(reverse("surveys:code"), {"code": first.resume_code})["Location"] == \
        url("question", survey, number=3)


def test_shared_link_stop_page_goes_when_the_next_person_starts(client, survey):
    """A walks away from the stop page; B opens the link and starts."""
    first = person_a_stops(client, survey, shared=True)
    page = open_link(client, survey, shared=True)
    shows_nothing_of(page, first)
    second = press_start(client, survey)
    stop = client.get(url("stop", survey)).content.decode()
    assert first.resume_code_display not in stop
    assert "You have not answered any questions yet" in stop  # no code: nothing saved
    answer(client, survey, 1, second, "good", action="stop")
    stop = client.get(url("stop", survey)).content.decode()
    assert first.resume_code_display not in stop
    assert second.saved().resume_code_display in stop


def test_shared_link_stop_page_can_carry_on(client, survey):
    first = person_a_stops(client, survey, shared=True)
    reply = client.post(url("stop", survey), {"action": "carry_on"})
    assert reply["Location"] == url("question", survey, number=3)
    assert held(client, survey) == str(first.submission_key)


def test_shared_link_forgets_after_send(client, survey):
    first = person_a_sends(client, survey, shared=True)
    assert held(client, survey) is None
    sent = client.get(url("sent", survey)).content.decode()
    assert url("shared", survey) in sent  # "Next person"
    page = open_link(client, survey, shared=True)
    shows_nothing_of(page, first)
    second = press_start(client, survey)
    assert second.submission_key != str(first.submission_key)
    assert Response.objects.count() == 1


def test_shared_link_lets_go_of_a_response_left_behind(client, survey):
    """Someone answered with the ordinary link and walked off without stopping."""
    first = person_a_stops(client, survey)
    page = open_link(client, survey, shared=True)
    shows_nothing_of(page, first)
    assert fresh_start(page)
    assert held(client, survey) is None
    assert Answer.objects.filter(response=first).count() == 2


def test_resume_code_on_a_shared_device_is_forgotten_after_stop(client, new_client, survey):
    phone = new_client()
    first = person_a_stops(phone, survey)  # started on their own phone
    open_link(client, survey, shared=True)  # the workshop tablet
    reply = client.post(reverse("surveys:code"), {"code": first.resume_code_display})
    assert reply["Location"] == url("question", survey, number=3)
    assert held(client, survey) == str(first.submission_key)
    answer(client, survey, 3, first, "good", action="stop")
    assert held(client, survey) is None
    assert first.resume_code_display in client.get(url("stop", survey)).content.decode()
    client.post(url("stop", survey), {"action": "finish"})
    shows_nothing_of(open_link(client, survey, shared=True), first)


def test_resume_code_on_a_shared_device_is_forgotten_after_send(client, new_client, survey):
    phone = new_client()
    first = person_a_stops(phone, survey)
    open_link(client, survey, shared=True)
    client.post(reverse("surveys:code"), {"code": first.resume_code})
    assert send(client, survey, first)["Location"] == url("sent", survey)
    assert held(client, survey) is None
    shows_nothing_of(open_link(client, survey, shared=True), first)


def test_code_of_a_sent_response_shows_the_confirmation_and_binds_nothing(client, survey):
    first = person_a_sends(client, survey)
    reply = client.post(reverse("surveys:code"), {"code": first.resume_code})
    assert reply["Location"] == url("sent", survey)
    assert held(client, survey) is None
    assert fresh_start(open_link(client, survey))


# The facilitator's share page ---------------------------------------------------------------


def test_share_page_offers_the_shared_device_link(client, facilitator, survey):
    client.force_login(facilitator)
    share = reverse("evaluations:share", kwargs={
        "council_slug": survey.evaluation.council.slug, "pk": survey.evaluation_id,
        "audience": survey.audience})
    page = client.get(share).content.decode()
    assert f"http://testserver{url('shared', survey)}" in page
    assert "pass round" in page
    assert page.count('role="img"') >= 2  # a QR code for each link
