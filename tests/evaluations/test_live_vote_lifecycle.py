"""Issue 14, point 5 (live votes): get a vote ready ahead (phones wait until Start), practice
votes that count nowhere and can be deleted, and deleting a vote nobody has voted in."""

import pytest
from django.urls import reverse

from evaluations.models import Group, LiveVote, Vote, VoteParticipant
from evaluations.scores import Voice
from evaluations.selectors.live_votes import live_vote_tally, protected_live_votes
from evaluations.selectors.results import count_rows
from evaluations.services.live_votes import (
    VoteEnded,
    VoteNotStarted,
    live_vote_end,
    live_vote_open,
    live_vote_start,
    participant_join,
    vote_cast,
)

from .helpers import cast, join, start_url
from .helpers import vote_url as url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vote_rate_limit")]


def crowd(live_vote, domain, count, choice="good", group=Group.STAFF):
    for _ in range(count):
        vote_cast(participant=participant_join(live_vote=live_vote, group=group),
                  domain=domain, choice=choice)


def workshop_url(workshop):
    return reverse("evaluations:workshop", kwargs={
        "council_slug": workshop.evaluation.council.slug, "pk": workshop.evaluation_id,
        "workshop_pk": workshop.pk})


# Ready ahead ----------------------------------------------------------------------------------


def test_a_vote_got_ready_ahead_waits_for_start(client, new_client, facilitator, workshop):
    client.force_login(facilitator)
    page = client.get(start_url(workshop)).content.decode()
    assert "Later: get it ready now" in page and "This is a practice vote" in page
    reply = client.post(start_url(workshop), {"when": "later"})
    ready = LiveVote.objects.get()
    assert reply.url == url("vote_screen", ready)
    assert ready.status == LiveVote.Status.READY and not ready.practice

    phone = new_client()
    join_url = reverse("votes:join", args=[ready.code])
    for page in (phone.get(join_url), phone.post(join_url, {"group": "staff"})):
        html = page.content.decode()
        assert page.status_code == 200 and "The vote has not started yet" in html
        assert 'data-status="ready"' in html and "js/vote_follow.js" in html
    assert not VoteParticipant.objects.exists()
    assert phone.post(reverse("surveys:code"), {"code": ready.code}).url == join_url

    screen = client.get(url("vote_screen", ready)).content.decode()
    assert "Phones cannot join until you start it" in screen and "Start the vote now" in screen
    assert "The vote starts soon." in client.get(url("vote_present", ready)).content.decode()
    assert client.post(url("vote_open", ready)).url == url("vote_screen", ready)
    ready.refresh_from_db()
    assert ready.is_open and ready.step == 1  # waiting phones follow
    join(phone, ready)
    assert cast(phone, ready, "good").status_code == 302
    assert Vote.objects.count() == 1


def test_the_start_button_on_the_workshop_page_still_starts_a_real_vote_now(
        client, facilitator, workshop):
    client.force_login(facilitator)
    client.post(start_url(workshop))
    vote = LiveVote.objects.get()
    assert vote.is_open and not vote.practice
    panel = client.get(workshop_url(workshop)).content.decode()
    assert "Get a vote ready for later, or start a practice vote" in panel


def test_ready_services(workshop, domains):
    ready = live_vote_start(workshop=workshop, ready=True)
    with pytest.raises(VoteNotStarted):
        participant_join(live_vote=ready, group=Group.STAFF)
    live_vote_open(live_vote=ready)
    live_vote_open(live_vote=ready)  # twice: no change
    ready.refresh_from_db()
    assert ready.is_open and ready.step == 1
    live_vote_end(live_vote=ready)
    with pytest.raises(VoteEnded):
        live_vote_open(live_vote=ready)


def test_board_viewer_cannot_start_a_ready_vote(client, board_viewer, workshop):
    ready = live_vote_start(workshop=workshop, ready=True)
    client.force_login(board_viewer)
    assert client.post(url("vote_open", ready)).status_code == 403
    assert LiveVote.objects.get().is_ready


def test_another_council_gets_404(client, outsider, workshop):
    ready = live_vote_start(workshop=workshop, ready=True, practice=True)
    client.force_login(outsider)
    assert client.post(url("vote_open", ready)).status_code == 404
    assert client.get(url("vote_delete", ready)).status_code == 404
    assert client.post(url("vote_delete", ready)).status_code == 404
    assert LiveVote.objects.get().is_ready


# Practice -------------------------------------------------------------------------------------


def test_practice_votes_count_nowhere(client, facilitator, workshop, domains):
    from actionplans.reports.common import participation
    from actionplans.reports.services import data_version

    evaluation = workshop.evaluation
    before = data_version(evaluation)
    client.force_login(facilitator)
    client.post(start_url(workshop), {"when": "now", "practice": "on"})
    practice = LiveVote.objects.get()
    assert practice.practice and practice.is_open
    crowd(practice, domains[0], 6)
    # The rehearsal works: its own screen shows its votes, under the same rule.
    tally = live_vote_tally(practice)
    assert tally["shown"] and tally["voted"] == 6
    assert protected_live_votes(practice, 5) == {}
    # But nothing else counts them.
    counted = count_rows(evaluation)
    assert not any(key[1] == Voice.WORKSHOP_VOTES for key in counted.answers)
    assert participation(evaluation).live_votes == 0
    assert all(row.voted == 0 for row in participation(evaluation).groups)
    assert data_version(evaluation) == before
    screen = client.get(url("vote_screen", practice)).content.decode()
    assert "Practice" in screen and "not counted in any result" in screen
    panel = client.get(workshop_url(workshop)).content.decode()
    assert "Practice" in panel


def test_a_practice_vote_does_not_hide_or_show_a_real_one(workshop, domains):
    real = live_vote_start(workshop=workshop)
    practice = live_vote_start(workshop=workshop, practice=True)
    crowd(real, domains[0], 5)
    crowd(practice, domains[0], 2)  # would make the real one "protect" a small live vote
    assert protected_live_votes(real, 5) == {domains[0].pk: False}
    assert live_vote_tally(real, threshold=5)["shown"]
    counted = count_rows(workshop.evaluation)
    votes = counted.answers[(domains[0].pk, Voice.WORKSHOP_VOTES, None)]
    assert votes == {"good": 5}


# Delete ---------------------------------------------------------------------------------------


def test_a_practice_vote_with_votes_can_be_deleted(client, facilitator, workshop, domains):
    practice = live_vote_start(workshop=workshop, practice=True)
    crowd(practice, domains[0], 3)
    client.force_login(facilitator)
    screen = client.get(url("vote_screen", practice)).content.decode()
    assert url("vote_delete", practice) in screen
    page = client.get(url("vote_delete", practice)).content.decode()
    assert "Are you sure you want to delete this live vote?" in page
    assert "This is a practice vote" in page and "There is a problem" not in page
    reply = client.post(url("vote_delete", practice))
    assert reply.url == workshop_url(workshop)
    assert not LiveVote.objects.exists() and not Vote.objects.exists()
    assert not VoteParticipant.objects.exists()
    assert "The live vote has been deleted." in client.get(reply.url).content.decode()


def test_a_real_vote_can_be_deleted_only_while_nobody_has_voted(client, facilitator, live_vote,
                                                                domains):
    client.force_login(facilitator)
    participant_join(live_vote=live_vote, group=Group.STAFF)  # joined, not voted
    screen = client.get(url("vote_screen", live_vote)).content.decode()
    assert url("vote_delete", live_vote) in screen
    crowd(live_vote, domains[0], 1)
    assert url("vote_delete", live_vote) not in client.get(
        url("vote_screen", live_vote)).content.decode()
    for reply in (client.get(url("vote_delete", live_vote)),
                  client.post(url("vote_delete", live_vote))):
        assert reply.status_code == 200
        assert "People have voted in this live vote, so it cannot be deleted" in (
            reply.content.decode())
    assert LiveVote.objects.count() == 1 and Vote.objects.count() == 1


def test_an_empty_real_vote_is_deleted(client, facilitator, live_vote):
    client.force_login(facilitator)
    assert client.post(url("vote_delete", live_vote)).status_code == 302
    assert not LiveVote.objects.exists()


def test_board_viewer_cannot_delete(client, board_viewer, workshop):
    practice = live_vote_start(workshop=workshop, practice=True)
    client.force_login(board_viewer)
    assert client.post(url("vote_delete", practice)).status_code == 403
    assert LiveVote.objects.exists()
