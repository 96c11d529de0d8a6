"""Live vote tallies never show small numbers (DESIGN §5).

A group's counts on a domain show only when at least the council's threshold of its people
gave a scored vote there (any face but "I don't want to say"); the room's only when that
many people in the room did. Shown groups never let a hidden one be worked out by taking
them away from the room's counts. The same holds on the projector page, in tally.json, in
the table of every domain, after the vote has ended, and for every role.
"""

import datetime
import re

import pytest

from betterlives.models import Role
from evaluations.models import Choice, Group, LiveVote
from evaluations.models.surveys import SCORES
from evaluations.selectors.live_votes import live_vote_summary, live_vote_tally
from evaluations.services.live_votes import (
    live_vote_end,
    live_vote_move,
    live_vote_start,
    participant_join,
    vote_cast,
)
from tests.factories import WorkshopFactory, member

from .helpers import vote_url as url

pytestmark = pytest.mark.django_db

FACES = ["good", "not_sure", "not_good", "no_say"]
CELL = re.compile(r'data-tally-(cell|face)="([^"]+)"( hidden)?>([^<]*)<')
NOTE = re.compile(r'data-tally-note="([^"]+)"( hidden)?>([^<]*)<')


def votes(live_vote, group, *choices, domain=None):
    """One new person of `group` for each choice, voting it on `domain` (the first). Votes
    count only for the domain on the screen, so the room moves there and back."""
    on_screen = LiveVote.objects.get(pk=live_vote.pk).current_domain
    domain = domain or on_screen
    if domain != on_screen:
        live_vote_move(live_vote=live_vote, domain=domain)
    for choice in choices:
        participant = participant_join(live_vote=live_vote, group=group)
        vote_cast(participant=participant, domain=domain, choice=choice)
    if domain != on_screen:
        live_vote_move(live_vote=live_vote, domain=on_screen)


def tally_of(client, live_vote):
    reply = client.get(url("vote_tally", live_vote))
    assert reply.status_code == 200
    return reply.json()


def screen_cells(html):
    """{"family_carers:good": "3", "good": "", ...} for every tally cell on the screen, with
    "hidden" for a hidden one, and {group: note} for the groups' notes that show."""
    cells = {key: ("hidden" if hidden else text.strip())
             for _, key, hidden, text in CELL.findall(html)}
    notes = {group: text.strip() for group, hidden, text in NOTE.findall(html) if not hidden}
    return cells, notes


def tally_section(html):
    start = html.index('<section class="bl-projector__tally"')
    return html[start:html.index("</section>", start)]


def assert_nothing_can_be_worked_out(data, threshold=5):
    """The room's counts minus every shown group's are the hidden groups' together: they
    must be nobody, or at least `threshold` people with a scored vote."""
    if not data["shown"]:
        assert "counts" not in data
        assert not any(group["shown"] for group in data["groups"].values())
        return
    left = dict(data["counts"])
    for group in data["groups"].values():
        if group["shown"]:
            for face in FACES:
                left[face] -= group[face]
    scored = sum(left[face] for face in FACES if SCORES[Choice(face)] is not None)
    assert sum(left.values()) == 0 or scored >= threshold, left


# How many people a group needs -----------------------------------------------------------------


@pytest.mark.parametrize("people, shown", [(1, False), (4, False), (5, True)])
def test_a_group_shows_only_with_five_people(client, facilitator, live_vote, people, shown):
    votes(live_vote, Group.FAMILY_CARERS, *[Choice.NOT_GOOD] * people)
    client.force_login(facilitator)
    data = tally_of(client, live_vote)
    carers = data["groups"]["family_carers"]
    assert carers["shown"] is shown and data["shown"] is shown
    assert data["voted"] == people and carers["joined"] == people
    html = client.get(url("vote_screen", live_vote)).content.decode()
    cells, notes = screen_cells(html)
    if shown:
        assert carers["not_good"] == 5 and carers["total"] == 5
        assert data["counts"] == {"good": 0, "not_sure": 0, "not_good": 5, "no_say": 0}
        assert cells["family_carers:not_good"] == "5" and cells["not_good"] == "5"
        assert "family_carers" not in notes
    else:
        assert carers == {"shown": False, "note": "Fewer than 5 people", "joined": people}
        assert "counts" not in data
        assert notes["family_carers"] == "Fewer than 5 people"
        assert cells["family_carers:not_good"] == cells["family_carers:total"] == "hidden"
        assert cells["not_good"] == ""  # the room's number: empty, the words show instead
        assert "Fewer than 5 people have voted Good, Not sure or Not good" in html
        assert cells["family_carers:joined"] == str(people)  # joining is not an answer
    assert_nothing_can_be_worked_out(data)


def test_i_dont_want_to_say_does_not_count_towards_five(client, facilitator, live_vote):
    votes(live_vote, Group.FAMILY_CARERS, *[Choice.NOT_GOOD] * 4, Choice.NO_SAY)
    client.force_login(facilitator)
    data = tally_of(client, live_vote)
    assert data["voted"] == 5
    assert data["shown"] is False and "counts" not in data
    assert data["groups"]["family_carers"] == {"shown": False, "note": "Fewer than 5 people",
                                               "joined": 5}
    votes(live_vote, Group.FAMILY_CARERS, Choice.GOOD)  # a fifth scored vote
    data = tally_of(client, live_vote)
    assert data["counts"] == {"good": 1, "not_sure": 0, "not_good": 4, "no_say": 1}
    assert data["groups"]["family_carers"]["total"] == 6


def test_the_room_is_hidden_until_five_people_scored(client, facilitator, live_vote):
    votes(live_vote, Group.STAFF, Choice.GOOD, Choice.GOOD)
    votes(live_vote, Group.PARTNERS, Choice.NOT_SURE, Choice.NO_SAY, Choice.NO_SAY)
    client.force_login(facilitator)
    data = tally_of(client, live_vote)
    assert (data["shown"], data["voted"]) == (False, 5) and "counts" not in data
    votes(live_vote, Group.LIVED_EXPERIENCE, Choice.NOT_GOOD, Choice.NOT_GOOD)
    data = tally_of(client, live_vote)
    assert data["counts"] == {"good": 2, "not_sure": 1, "not_good": 2, "no_say": 2}
    # Every group has fewer than five: all hidden, though the room shows.
    assert not any(group["shown"] for group in data["groups"].values())
    assert_nothing_can_be_worked_out(data)


def test_a_big_group_hides_to_protect_a_small_one(client, facilitator, live_vote):
    votes(live_vote, Group.STAFF, *[Choice.GOOD] * 6)
    votes(live_vote, Group.FAMILY_CARERS, Choice.NOT_GOOD)
    client.force_login(facilitator)
    data = tally_of(client, live_vote)
    # The room shows; if staff showed too, the carer's vote would be the room minus staff.
    assert data["counts"] == {"good": 6, "not_sure": 0, "not_good": 1, "no_say": 0}
    assert data["groups"]["staff"] == {
        "shown": False, "note": "Not shown, to keep a smaller group’s votes private",
        "joined": 6}
    assert data["groups"]["family_carers"]["note"] == "Fewer than 5 people"
    assert_nothing_can_be_worked_out(data)
    html = client.get(url("vote_screen", live_vote)).content.decode()
    cells, notes = screen_cells(html)
    assert cells["staff:good"] == "hidden" and cells["good"] == "6"
    assert notes["staff"] == "Not shown, to keep a smaller group’s votes private"


def test_with_three_groups_the_smallest_big_one_hides(client, facilitator, live_vote):
    votes(live_vote, Group.STAFF, *[Choice.GOOD] * 7)
    votes(live_vote, Group.LIVED_EXPERIENCE, *[Choice.NOT_SURE] * 5)
    votes(live_vote, Group.FAMILY_CARERS, Choice.NOT_GOOD)
    client.force_login(facilitator)
    data = tally_of(client, live_vote)
    shown = {group for group, row in data["groups"].items() if row["shown"]}
    assert shown == {"staff"} and data["groups"]["staff"]["good"] == 7
    assert_nothing_can_be_worked_out(data)


def test_a_group_of_people_who_did_not_want_to_say_is_protected(live_vote):
    """Five partners who all chose "I don't want to say" gave no scored vote: taking two
    shown groups from the room would show that they all did."""
    votes(live_vote, Group.LIVED_EXPERIENCE, *[Choice.GOOD] * 5)
    votes(live_vote, Group.STAFF, *[Choice.NOT_GOOD] * 6)
    votes(live_vote, Group.PARTNERS, *[Choice.NO_SAY] * 5)
    tally = live_vote_tally(live_vote)
    shown = {row["group"] for row in tally["groups"] if row["shown"]}
    assert tally["shown"] and shown == {"staff"}


def test_tally_json_has_no_numbers_for_a_hidden_group(client, facilitator, live_vote):
    votes(live_vote, Group.STAFF, *[Choice.GOOD] * 5, Choice.NOT_SURE, Choice.NOT_GOOD)
    votes(live_vote, Group.LIVED_EXPERIENCE, *[Choice.NOT_GOOD] * 5)
    votes(live_vote, Group.FAMILY_CARERS, *[Choice.NOT_SURE] * 2, *[Choice.GOOD] * 3)
    votes(live_vote, Group.PARTNERS, Choice.NOT_GOOD)
    client.force_login(facilitator)
    data = tally_of(client, live_vote)
    for name, group in data["groups"].items():
        if group["shown"]:
            assert set(group) == {"shown", *FACES, "total", "joined"}, name
        else:
            assert set(group) == {"shown", "note", "joined"}, name
    assert data["groups"]["lived_experience"]["shown"] and data["groups"]["staff"]["shown"]
    assert not data["groups"]["partners"]["shown"]
    assert not data["groups"]["family_carers"]["shown"]  # hidden with the partner
    assert_nothing_can_be_worked_out(data)


def test_the_councils_threshold_is_used(client, facilitator, live_vote, council):
    council.small_number_threshold = 3
    council.save(update_fields=["small_number_threshold"])
    votes(live_vote, Group.STAFF, Choice.GOOD, Choice.GOOD)
    client.force_login(facilitator)
    assert tally_of(client, live_vote)["groups"]["staff"]["note"] == "Fewer than 3 people"
    votes(live_vote, Group.STAFF, Choice.GOOD)
    data = tally_of(client, live_vote)
    assert data["threshold"] == 3 and data["groups"]["staff"]["good"] == 3


# The table of every domain -------------------------------------------------------------------


def test_every_domain_table_hides_small_numbers(client, facilitator, live_vote, domains):
    votes(live_vote, Group.STAFF, *[Choice.GOOD] * 5, domain=domains[0])
    votes(live_vote, Group.STAFF, *[Choice.NOT_GOOD] * 4, Choice.NO_SAY, domain=domains[1])
    summary = live_vote_summary(live_vote, domains)
    assert [(row["shown"], row["counts"], row["total"]) for row in summary] == [
        (True, [5, 0, 0, 0], 5), (False, None, 5), (False, None, 0)]
    client.force_login(facilitator)
    html = client.get(url("vote_screen", live_vote)).content.decode()
    table = html[html.index('id="summary-caption"'):]
    row_two = table[table.index("2. Domain title 2"):table.index("3. Domain title 3")]
    assert "Fewer than 5 people" in row_two and ">4<" not in row_two and ">1<" not in row_two


# After the end, and for everyone ---------------------------------------------------------------


def test_after_the_vote_ends_the_tally_still_hides_small_numbers(client, facilitator,
                                                                   live_vote):
    votes(live_vote, Group.STAFF, *[Choice.GOOD] * 6)
    votes(live_vote, Group.FAMILY_CARERS, Choice.NOT_GOOD)
    live_vote_end(live_vote=live_vote)
    client.force_login(facilitator)
    html = client.get(url("vote_screen", live_vote)).content.decode()
    assert "This vote has ended." in html
    cells, notes = screen_cells(html)
    assert notes == {"lived_experience": "Fewer than 5 people",
                     "family_carers": "Fewer than 5 people",
                     "staff": "Not shown, to keep a smaller group’s votes private",
                     "partners": "Fewer than 5 people"}
    assert cells["family_carers:not_good"] == cells["staff:good"] == "hidden"
    data = tally_of(client, live_vote)
    assert data["status"] == "ended"
    assert not data["groups"]["family_carers"]["shown"] and not data["groups"]["staff"]["shown"]


def test_every_role_sees_the_same_hidden_tally(new_client, council, live_vote):
    votes(live_vote, Group.STAFF, *[Choice.GOOD] * 6)
    votes(live_vote, Group.FAMILY_CARERS, Choice.NOT_GOOD)
    seen = []
    for role in Role:
        client = new_client()
        client.force_login(member(role, council, username=f"someone-{role}"))
        html = client.get(url("vote_screen", live_vote)).content.decode()
        seen.append((tally_section(html), tally_of(client, live_vote)))
    assert all(view == seen[0] for view in seen)
    section, data = seen[0]
    assert "Fewer than 5 people" in section and not data["groups"]["family_carers"]["shown"]


def test_another_council_gets_404_on_an_ended_vote(client, outsider, live_vote):
    votes(live_vote, Group.STAFF, *[Choice.GOOD] * 5)
    live_vote_end(live_vote=live_vote)
    client.force_login(outsider)
    for name in ("vote_screen", "vote_tally"):
        assert client.get(url(name, live_vote)).status_code == 404


# Live votes of one evaluation: the results add them up ----------------------------------------


def second_live_vote(live_vote, title="Summer workshop"):
    workshop = WorkshopFactory(evaluation=live_vote.workshop.evaluation, title=title,
                               held_on=datetime.date(2026, 6, 1), place="",
                               attended_lived_experience=0, attended_family_carers=0,
                               attended_staff=0, attended_partners=0)
    return live_vote_start(workshop=workshop)


def workshop_votes(live_vote):
    from evaluations.scores import Voice
    from evaluations.selectors.results import evaluation_results

    evaluation = live_vote.workshop.evaluation
    return evaluation_results(evaluation)[0].voice(Voice.WORKSHOP_VOTES)


def test_a_big_live_vote_is_hidden_when_the_total_would_give_a_small_one_away(
        client, facilitator, live_vote):
    """Six people voted "Good" in the spring, two "Not good" in the summer. The results
    show all eight votes; if the spring screen showed its six, the summer's two would be the
    difference."""
    votes(live_vote, Group.STAFF, *[Choice.GOOD] * 6)
    summer = second_live_vote(live_vote)
    votes(summer, Group.STAFF, Choice.NOT_GOOD, Choice.NOT_GOOD,
          domain=live_vote.current_domain)
    client.force_login(facilitator)
    spring = tally_of(client, live_vote)
    assert spring["shown"] is False and "counts" not in spring
    assert spring["note"].startswith("Not shown, to keep the votes of a smaller live vote")
    assert spring["groups"]["staff"] == {
        "shown": False, "joined": 6,
        "note": "Not shown, to keep the votes of a smaller live vote in this evaluation private"}
    html = client.get(url("vote_screen", live_vote)).content.decode()
    assert "Not shown, to keep the votes of a smaller live vote" in html
    cells, _notes = screen_cells(html)
    assert cells["good"] == ""
    [first, *_rest] = live_vote_summary(live_vote, [live_vote.current_domain])
    assert first["counts"] is None and first["note"].startswith("Not shown")
    assert tally_of(client, summer)["shown"] is False
    total = workshop_votes(live_vote)
    assert not total.suppressed and total.answered == 8


def test_two_big_live_votes_are_both_shown(client, facilitator, live_vote):
    votes(live_vote, Group.STAFF, *[Choice.GOOD] * 6)
    summer = second_live_vote(live_vote)
    votes(summer, Group.STAFF, *[Choice.NOT_GOOD] * 5, domain=live_vote.current_domain)
    client.force_login(facilitator)
    assert tally_of(client, live_vote)["counts"]["good"] == 6
    assert tally_of(client, summer)["counts"]["not_good"] == 5
    assert workshop_votes(live_vote).answered == 11


def test_workshop_votes_need_one_live_vote_with_enough_people(live_vote):
    """Three people voting in the spring and perhaps the same three in the summer: six votes,
    but maybe only three people. Not shown."""
    votes(live_vote, Group.STAFF, *[Choice.GOOD] * 3)
    summer = second_live_vote(live_vote)
    votes(summer, Group.STAFF, *[Choice.GOOD] * 3, domain=live_vote.current_domain)
    total = workshop_votes(live_vote)
    assert total.suppressed and total.score is None and total.answered == 0
