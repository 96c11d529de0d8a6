"""Issue 14, point 3: one person, one vote per domain. A phone can change its vote while the
domain is open; a phone that joins again is the same participant; a phone without cookies is
not counted again at every join; a vote counts only for the domain on the screen; a closed
domain, an ended vote and an archived evaluation get an Easy Read page."""

import pytest
from django.test import Client
from django.urls import reverse

from evaluations.models import Evaluation, Group, LiveVote, Vote, VoteParticipant
from evaluations.services.evaluations import evaluation_archive
from evaluations.services.live_votes import live_vote_start, participant_join
from evaluations.views.live_vote_phones import COOKIE_PREFIX
from tests.concurrency import needs_postgres, run_together

from .helpers import cast, join
from .helpers import vote_url as url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vote_rate_limit")]


def test_a_phone_changes_its_vote_and_it_stays_one_vote(client, live_vote):
    join(client, live_vote)
    for choice in ("good", "not_good", "not_sure"):
        assert cast(client, live_vote, choice).status_code == 302
    assert Vote.objects.get().choice == "not_sure"


def test_a_phone_that_joins_again_is_the_same_participant(client, live_vote):
    join(client, live_vote, Group.STAFF)
    # The participant's cookie and the session are gone; the phone's device cookie is not.
    client.cookies.pop(COOKIE_PREFIX + live_vote.code)
    client.cookies.pop("sessionid", None)
    join(client, live_vote, Group.PARTNERS)
    cast(client, live_vote, "good")
    participant = VoteParticipant.objects.get()
    assert participant.group == Group.STAFF and Vote.objects.count() == 1
    assert len(participant.device) == 64  # a keyed hash, never the cookie itself


def test_a_phone_without_cookies_is_never_counted(live_vote):
    phone = Client()
    for _ in range(40):
        phone.cookies.clear()  # keeps no cookies at all
        reply = phone.post(reverse("votes:join", args=[live_vote.code]), {"group": "staff"})
        assert reply.status_code == 200
    html = reply.content.decode()
    assert "Your phone needs cookies to vote" in html and "Try again" in html
    assert not VoteParticipant.objects.exists()


def test_the_same_device_in_two_votes_cannot_be_linked(client, workshop, live_vote):
    other = live_vote_start(workshop=workshop, practice=True)
    join(client, live_vote)
    join(client, other)
    first, second = VoteParticipant.objects.order_by("pk")
    assert first.device and second.device and first.device != second.device


@pytest.mark.parametrize("number", ["2", "3", "99", "abc", None])
def test_only_the_domain_on_the_screen_takes_votes(client, live_vote, number):
    join(client, live_vote)
    data = {"choice": "good"} if number is None else {"choice": "good", "domain": number}
    reply = client.post(reverse("votes:vote", args=[live_vote.code]), data)
    html = reply.content.decode()
    assert reply.status_code == 200
    assert "This question is not on the big screen now" in html
    assert "Your vote was not counted." in html
    assert not Vote.objects.exists()


def test_the_service_refuses_another_domain(live_vote, domains):
    from evaluations.services.live_votes import NotOnScreen, vote_cast

    participant = participant_join(live_vote=live_vote, group=Group.STAFF)
    with pytest.raises(NotOnScreen):
        vote_cast(participant=participant, domain=domains[1], choice="good")
    assert not Vote.objects.exists()


def test_archiving_ends_open_and_ready_votes(client, workshop, live_vote):
    ready = live_vote_start(workshop=workshop, ready=True)
    join(client, live_vote)
    evaluation_archive(evaluation=workshop.evaluation)
    for vote in (live_vote, ready):
        vote.refresh_from_db()
        assert vote.status == LiveVote.Status.ENDED and vote.ended_at is not None
    assert live_vote.step == 1  # phones follow
    page = client.get(reverse("votes:vote", args=[live_vote.code]))
    assert "This vote has ended" in page.content.decode()
    assert "This vote has ended" in cast(client, live_vote, "good").content.decode()
    assert not Vote.objects.exists()


def test_a_vote_left_open_on_an_archived_evaluation_takes_no_votes(client, live_vote):
    join(client, live_vote)
    Evaluation.objects.filter(pk=live_vote.workshop.evaluation_id).update(
        status=Evaluation.Status.ARCHIVED)  # archived before archiving ended live votes
    assert "This vote has ended" in cast(client, live_vote, "good").content.decode()
    assert not Vote.objects.exists()


def test_end_on_an_archived_evaluation_shows_the_ended_screen(client, facilitator, live_vote):
    evaluation_archive(evaluation=live_vote.workshop.evaluation)
    client.force_login(facilitator)
    screen = url("vote_screen", live_vote)
    assert client.get(url("vote_end", live_vote)).url == screen
    reply = client.post(url("vote_end", live_vote), follow=True)
    html = reply.content.decode()
    assert reply.status_code == 200 and "This vote has ended." in html
    assert "This vote has already ended." in html


def test_end_still_works_on_a_vote_left_open_on_an_archived_evaluation(client, facilitator,
                                                                      live_vote):
    Evaluation.objects.filter(pk=live_vote.workshop.evaluation_id).update(
        status=Evaluation.Status.ARCHIVED)
    client.force_login(facilitator)
    assert client.post(url("vote_end", live_vote)).url == url("vote_screen", live_vote)
    assert not LiveVote.objects.get().is_open


def test_another_council_gets_404_on_end(client, outsider, live_vote):
    client.force_login(outsider)
    assert client.post(url("vote_end", live_vote)).status_code == 404
    assert LiveVote.objects.get().is_open


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_one_phone_joining_twice_at_once_is_one_participant(live_vote):
    results = run_together(5, lambda: participant_join(
        live_vote=live_vote, group=Group.STAFF, device="a" * 64).pk)
    assert len(set(results)) == 1 and VoteParticipant.objects.count() == 1
