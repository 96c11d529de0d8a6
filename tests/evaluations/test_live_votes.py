"""Live votes in a workshop: the services, the facilitator's screen and controls, and how many
queries they cost (the phones' pages are in test_live_vote_phones.py)."""

import datetime

import pytest
from django.urls import reverse

from betterlives.models import Role
from evaluations.models import Choice, Group, LiveVote, Vote
from evaluations.selectors.live_votes import live_vote_list, live_vote_tally
from evaluations.services.live_votes import (
    DomainClosed,
    VoteEnded,
    live_vote_close_domain,
    live_vote_end,
    live_vote_move,
    live_vote_reopen_domain,
    live_vote_start,
    participant_join,
    vote_cast,
)
from tests.concurrency import needs_postgres, run_together
from tests.factories import EvaluationFactory, WorkshopFactory, member

from .helpers import cast, join, start_url, vote_kwargs
from .helpers import vote_url as url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vote_rate_limit")]


# Services -------------------------------------------------------------------------------------


def test_start_makes_an_open_vote_on_the_first_domain_with_a_friendly_code(workshop, domains):
    first = live_vote_start(workshop=workshop)
    second = live_vote_start(workshop=workshop)  # (a double click is one post: test_store_once)
    assert first.is_open and first.current_domain == domains[0] and first.step == 0
    assert len(first.code) == 6 and first.code != second.code
    assert not set(first.code) & set("0O1IL2Z5S8B")


def test_move_changes_the_domain_and_steps_on(live_vote, domains):
    live_vote_move(live_vote=live_vote, domain=domains[2])
    live_vote_move(live_vote=live_vote, domain=domains[1])  # back is fine too
    live_vote.refresh_from_db()
    assert (live_vote.current_domain, live_vote.step) == (domains[1], 2)


def test_closed_domain_takes_no_more_votes_and_keeps_the_old_ones(live_vote, domains):
    participant = participant_join(live_vote=live_vote, group=Group.STAFF)
    vote_cast(participant=participant, domain=domains[0], choice=Choice.GOOD)
    live_vote_close_domain(live_vote=live_vote, domain=domains[0])
    with pytest.raises(DomainClosed):
        vote_cast(participant=participant, domain=domains[0], choice=Choice.NOT_GOOD)
    assert Vote.objects.get().choice == Choice.GOOD
    live_vote_reopen_domain(live_vote=live_vote, domain=domains[0])
    vote_cast(participant=participant, domain=domains[0], choice=Choice.NOT_GOOD)
    assert Vote.objects.get(domain=domains[0]).choice == Choice.NOT_GOOD
    live_vote.refresh_from_db()
    assert live_vote.step == 2  # phones follow a close and a reopen


def test_end_stops_everything_and_is_idempotent(live_vote, domains):
    participant = participant_join(live_vote=live_vote, group=Group.STAFF)
    live_vote_end(live_vote=live_vote)
    ended_at = LiveVote.objects.get().ended_at
    live_vote_end(live_vote=live_vote)
    live_vote.refresh_from_db()
    assert live_vote.status == LiveVote.Status.ENDED and live_vote.ended_at == ended_at
    assert live_vote.step == 1
    with pytest.raises(VoteEnded):
        vote_cast(participant=participant, domain=domains[0], choice=Choice.GOOD)
    with pytest.raises(VoteEnded):
        live_vote_move(live_vote=live_vote, domain=domains[1])
    with pytest.raises(VoteEnded):
        participant_join(live_vote=live_vote, group=Group.STAFF)


def test_voting_again_replaces_the_vote(live_vote, domains):
    participant = participant_join(live_vote=live_vote, group=Group.FAMILY_CARERS)
    vote_cast(participant=participant, domain=domains[0], choice=Choice.GOOD)
    vote_cast(participant=participant, domain=domains[0], choice=Choice.NOT_GOOD)
    vote = Vote.objects.get()
    assert (vote.choice, vote.live_vote, vote.domain) == (Choice.NOT_GOOD, live_vote, domains[0])


def test_only_faces_are_votes(live_vote, domains):
    participant = participant_join(live_vote=live_vote, group=Group.STAFF)
    with pytest.raises(ValueError):
        vote_cast(participant=participant, domain=domains[0], choice=Choice.MOSTLY)
    with pytest.raises(ValueError):
        participant_join(live_vote=live_vote, group="visitors")


def test_tally_counts_by_face_and_group(live_vote, domains):
    votes = ([(Group.LIVED_EXPERIENCE, Choice.GOOD)] * 5 + [(Group.LIVED_EXPERIENCE, Choice.NO_SAY)]
             + [(Group.STAFF, Choice.NOT_GOOD)] * 5)
    people = [participant_join(live_vote=live_vote, group=group) for group, _choice in votes]
    for participant, (_group, choice) in zip(people, votes, strict=True):
        vote_cast(participant=participant, domain=domains[0], choice=choice)
    live_vote_move(live_vote=live_vote, domain=domains[1])
    for participant in people:
        vote_cast(participant=participant, domain=domains[1], choice=Choice.NOT_SURE)
    live_vote_move(live_vote=live_vote, domain=domains[0])
    participant_join(live_vote=live_vote, group=Group.FAMILY_CARERS)  # joined, not voted
    tally = live_vote_tally(live_vote)
    assert tally["shown"] and tally["threshold"] == 5
    assert [(choice, n) for choice, _, n in tally["faces"]] == [
        ("good", 5), ("not_sure", 0), ("not_good", 5), ("no_say", 1)]
    rows = {row["group"]: row for row in tally["groups"]}
    assert rows["lived_experience"]["counts"] == [5, 0, 0, 1]
    assert rows["lived_experience"]["total"] == 6 and rows["staff"]["total"] == 5
    # Groups nobody in voted are hidden too: their counts are not numbers.
    assert not rows["partners"]["shown"] and rows["partners"]["counts"] is None
    assert rows["family_carers"]["joined"] == 1 and rows["family_carers"]["total"] is None
    assert (tally["joined"], tally["voted"]) == (12, 11)
    listed = live_vote_list(workshop=live_vote.workshop)
    assert (listed[0].participant_count, listed[0].vote_count) == (12, 22)


# Twenty at once (PostgreSQL) -------------------------------------------------------------------


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_participants_voting_at_once_give_twenty_votes(live_vote, domains):
    import queue

    participants = queue.SimpleQueue()
    for n in range(20):
        participants.put(participant_join(live_vote=live_vote, group=Group.values[n % 4]))

    def vote():
        participant = participants.get_nowait()  # each thread its own participant
        vote_cast(participant=participant, domain=domains[0], choice=Choice.GOOD)
        return participant.pk

    results = run_together(20, vote)
    assert len(set(results)) == 20
    assert Vote.objects.filter(domain=domains[0]).count() == 20
    assert live_vote_tally(live_vote)["voted"] == 20


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_one_participant_voting_twice_at_once_gives_one_vote(live_vote, domains):
    participant = participant_join(live_vote=live_vote, group=Group.STAFF)
    choices = iter([Choice.GOOD, Choice.NOT_GOOD] * 5)
    run_together(10, lambda: vote_cast(participant=participant, domain=domains[0],
                                       choice=next(choices)))
    assert Vote.objects.count() == 1


# The facilitator's side -----------------------------------------------------------------------


def test_facilitator_starts_a_vote_and_sees_the_screen(client, facilitator, workshop, domains):
    client.force_login(facilitator)
    assert client.get(start_url(workshop)).status_code == 200  # "Start a live vote" page
    reply = client.post(start_url(workshop))
    live_vote = LiveVote.objects.get()
    assert reply.url == url("vote_screen", live_vote)
    page = client.get(reply.url)
    html = page.content.decode()
    assert page.status_code == 200
    assert " ".join([live_vote.code[:3], live_vote.code[3:]]) in html
    assert "/s/" in html and "How well are we doing on Domain title 1?" in html
    assert "Refresh the tally" in html and "Next domain" in html and "End the vote" in html
    assert "<svg" in html  # the QR code
    assert 'aria-live="polite"' in html


def test_contributor_can_start_too(client, contributor, workshop):
    client.force_login(contributor)
    assert client.post(start_url(workshop)).status_code == 302
    assert LiveVote.objects.count() == 1


def test_tally_json(client, facilitator, live_vote, domains):
    for _ in range(5):
        participant = participant_join(live_vote=live_vote, group=Group.STAFF)
        vote_cast(participant=participant, domain=domains[0], choice=Choice.NOT_SURE)
    client.force_login(facilitator)
    data = client.get(url("vote_tally", live_vote)).json()
    assert data["step"] == 0 and data["status"] == "open"
    assert data["domain"] == {"number": 1, "title": "Domain title 1"}
    assert data["shown"] is True and data["threshold"] == 5
    assert data["counts"] == {"good": 0, "not_sure": 5, "not_good": 0, "no_say": 0}
    assert data["groups"]["staff"] == {"shown": True, "good": 0, "not_sure": 5, "not_good": 0,
                                       "no_say": 0, "total": 5, "joined": 5}
    assert data["groups"]["partners"] == {"shown": False, "note": "Fewer than 5 people",
                                          "joined": 0}
    assert (data["joined"], data["voted"], data["domain_closed"]) == (5, 5, False)


def test_move_close_and_end_from_the_screen(client, facilitator, live_vote, domains):
    client.force_login(facilitator)
    screen = url("vote_screen", live_vote)
    assert client.post(url("vote_move", live_vote), {"number": 3}).url == screen
    live_vote.refresh_from_db()
    assert live_vote.current_domain == domains[2]
    client.post(url("vote_move", live_vote), {"number": 99})  # tampered: nothing happens
    live_vote.refresh_from_db()
    assert (live_vote.current_domain, live_vote.step) == (domains[2], 1)
    client.post(url("vote_close_domain", live_vote), {"number": 3, "action": "close"})
    assert list(live_vote.closed_domains.all()) == [domains[2]]
    assert "Voting on this domain is closed" in client.get(screen).content.decode()
    client.post(url("vote_close_domain", live_vote), {"number": 3, "action": "reopen"})
    assert not live_vote.closed_domains.exists()
    confirm = client.get(url("vote_end", live_vote))
    assert "Are you sure you want to end the vote?" in confirm.content.decode()
    assert LiveVote.objects.get().is_open
    assert client.post(url("vote_end", live_vote)).url == screen
    assert not LiveVote.objects.get().is_open
    html = client.get(screen).content.decode()
    assert "This vote has ended." in html and "Next domain" not in html
    assert client.get(url("vote_end", live_vote)).url == screen  # nothing left to confirm


def test_board_viewer_sees_the_screen_but_not_the_controls(client, board_viewer, live_vote):
    client.force_login(board_viewer)
    page = client.get(url("vote_screen", live_vote))
    assert page.status_code == 200
    assert "Next domain" not in page.content.decode()
    assert client.get(url("vote_tally", live_vote)).status_code == 200
    for name in ("vote_move", "vote_close_domain", "vote_end"):
        assert client.post(url(name, live_vote), {"number": 2}).status_code == 403
    assert client.post(start_url(live_vote.workshop)).status_code == 403
    live_vote.refresh_from_db()
    assert live_vote.step == 0 and live_vote.is_open


def test_another_council_gets_404(client, outsider, live_vote):
    client.force_login(outsider)
    for name in ("vote_screen", "vote_tally"):
        assert client.get(url(name, live_vote)).status_code == 404
    for name in ("vote_move", "vote_close_domain", "vote_end"):
        assert client.post(url(name, live_vote), {"number": 2}).status_code == 404
    assert client.post(start_url(live_vote.workshop)).status_code == 404
    assert LiveVote.objects.count() == 1


def test_vote_of_another_workshop_or_evaluation_is_404(client, facilitator, live_vote, council):
    other_evaluation = EvaluationFactory(council=council)
    other = WorkshopFactory(evaluation=other_evaluation, title="Other",
                            held_on=datetime.date(2026, 6, 1), place="",
                            attended_lived_experience=0, attended_family_carers=0,
                            attended_staff=0, attended_partners=0)
    client.force_login(facilitator)
    wrong_workshop = reverse("evaluations:vote_screen", kwargs=vote_kwargs(
        live_vote, workshop_pk=other.pk))
    assert client.get(wrong_workshop).status_code == 404
    wrong_evaluation = reverse("evaluations:vote_screen", kwargs=vote_kwargs(
        live_vote, pk=other_evaluation.pk))
    assert client.get(wrong_evaluation).status_code == 404
    assert client.get(reverse("evaluations:vote_screen", kwargs=vote_kwargs(
        live_vote, vote_pk=live_vote.pk + 100))).status_code == 404


def test_signed_out_facilitator_urls_go_to_sign_in(client, live_vote):
    for name in ("vote_screen", "vote_tally", "vote_move", "vote_close_domain", "vote_end"):
        reply = client.post(url(name, live_vote)) if name in ("vote_move",) else (
            client.get(url(name, live_vote)))
        assert reply.status_code == 302 and reply.url.startswith(reverse("login")), name
    assert client.post(start_url(live_vote.workshop)).url.startswith(reverse("login"))


def test_archived_evaluation_shows_the_screen_but_takes_no_controls(client, facilitator,
                                                                   live_vote):
    from evaluations.models import Evaluation

    Evaluation.objects.filter(pk=live_vote.workshop.evaluation_id).update(
        status=Evaluation.Status.ARCHIVED)
    client.force_login(facilitator)
    assert "Next domain" not in client.get(url("vote_screen", live_vote)).content.decode()
    client.post(url("vote_move", live_vote), {"number": 2})
    live_vote.refresh_from_db()
    assert live_vote.step == 0


# Query counts --------------------------------------------------------------------------------


def crowd(live_vote, domain, count):
    for n in range(count):
        participant = participant_join(live_vote=live_vote, group=Group.values[n % 4])
        vote_cast(participant=participant, domain=domain, choice=Choice.values[n % 4])


def test_tally_and_screen_queries_do_not_grow(client, facilitator, live_vote, domains,
                                              django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(facilitator)

    def measure(name):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(name, live_vote)).status_code == 200
        return len(queries)

    crowd(live_vote, domains[0], 3)
    few = {name: measure(name) for name in ("vote_tally", "vote_screen")}
    crowd(live_vote, domains[0], 57)
    many = {name: measure(name) for name in ("vote_tally", "vote_screen")}
    assert few == many
    assert live_vote_tally(live_vote)["voted"] == 60


def test_vote_post_queries_do_not_grow(client, new_client, live_vote, domains):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def measure():
        phone = new_client()
        join(phone, live_vote)
        with CaptureQueriesContext(connection) as queries:
            assert cast(phone, live_vote, "good").status_code == 302
        return len(queries)

    crowd(live_vote, domains[0], 2)
    few = measure()
    crowd(live_vote, domains[0], 57)
    many = measure()
    assert few == many <= 8
    assert Vote.objects.count() == 61


@pytest.mark.parametrize("role", [Role.FACILITATOR])
def test_workshop_panel_lists_votes_and_starts_one(rf, live_vote, council, role):
    from django.template.loader import render_to_string

    user = member(role, council, username="panel")
    membership = user.memberships.get()
    participant_join(live_vote=live_vote, group=Group.STAFF)
    workshop = live_vote.workshop
    context = {"workshop": workshop, "evaluation": workshop.evaluation, "council": council,
               "membership": membership}
    request = rf.get("/")
    request.user = user
    for extra in ({}, {"live_votes": live_vote_list(workshop=workshop)}):
        html = render_to_string("evaluations/live_votes/_workshop_panel.html",
                                {**context, **extra}, request=request)
        assert "Start a live vote" in html and "1 person joined" in html and "0 votes" in html
        assert url("vote_screen", live_vote) in html and "Open" in html
    membership.role = Role.BOARD_VIEWER
    html = render_to_string("evaluations/live_votes/_workshop_panel.html", context,
                            request=request)
    assert "Start a live vote" not in html
