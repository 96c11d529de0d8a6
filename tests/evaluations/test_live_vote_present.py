"""Issue 14, point 1: presentation mode. A full-screen page with no site chrome: join
address, QR code and code, the domain's Easy Read title, picture and question, and the
faces. While people vote it shows only how many voted; the tally by group (small numbers
hidden) shows once the facilitator reveals it, from the control page or by key."""

import pytest

from evaluations.models import Group, LiveVote
from evaluations.selectors.live_votes import live_vote_tally
from evaluations.services.live_votes import (
    live_vote_end,
    live_vote_reveal,
    participant_join,
    vote_cast,
)

from .helpers import vote_url as url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vote_rate_limit")]


def crowd(live_vote, domain, people):
    for group, choice in people:
        vote_cast(participant=participant_join(live_vote=live_vote, group=group),
                  domain=domain, choice=choice)


SIX = [(Group.STAFF, "good")] * 5 + [(Group.FAMILY_CARERS, "not_good")]


def test_presentation_mode_has_no_site_chrome_and_asks_in_easy_read(client, facilitator,
                                                                    live_vote, domains):
    client.force_login(facilitator)
    page = client.get(url("vote_present", live_vote))
    html = page.content.decode()
    assert page.status_code == 200
    assert "govuk-header" not in html and "govuk-breadcrumbs" not in html
    assert "govuk-footer" not in html and "Your councils" not in html
    assert "css/presentation.css" in html and "js/presentation.js" in html
    assert f"{live_vote.code[:3]} {live_vote.code[3:]}" in html and "/s/" in html
    assert "<svg" in html and "QR code that opens the live vote" in html
    assert "This part is about thing 1." in html and "How is it going?" in html
    assert f"/static/{domains[0].picture}" in html
    for face in ("good.svg", "not-sure.svg", "not-good.svg", "dont-want-to-say.svg"):
        assert face in html


def test_while_voting_only_how_many_voted_shows(client, facilitator, live_vote, domains):
    crowd(live_vote, domains[0], SIX)
    client.force_login(facilitator)
    html = client.get(url("vote_present", live_vote)).content.decode()
    assert 'data-present-voted>6<' in html
    assert "data-present-tally" not in html and "Votes on this domain by group" not in html
    assert "Show the votes" in html
    state = client.get(url("vote_present_state", live_vote)).json()
    assert state == {"step": 0, "status": "open", "revealed": False, "joined": 6, "voted": 6}


def test_revealed_tally_keeps_the_anonymity_rule(client, facilitator, live_vote, domains):
    crowd(live_vote, domains[0], SIX)
    client.force_login(facilitator)
    reply = client.post(url("vote_reveal", live_vote), {"action": "reveal", "back": "present"})
    assert reply.url == url("vote_present", live_vote)
    html = client.get(reply.url).content.decode()
    assert "data-present-tally" in html and "Hide the votes" in html
    assert "The votes on this domain are shown." in html  # said by the status region
    tally = live_vote_tally(live_vote)
    rows = {row["group"]: row for row in tally["groups"]}
    # One family carer voted: hidden, and staff hidden too so nobody can subtract.
    assert not rows["family_carers"]["shown"] and not rows["staff"]["shown"]
    table = html[html.index("bl-present__table"):]
    assert "Fewer than 5 people" in table
    assert "Not shown, to keep a smaller group’s votes private" in table
    assert ">1<" not in table and ">5<" not in table
    assert tally["shown"]  # the room's 6 scored votes are enough
    faces = html[html.index("data-present-tally"):html.index("bl-present__table")]
    assert ">5<" in faces and ">1<" in faces


def test_moving_on_hides_the_tally_again(client, facilitator, live_vote, domains):
    live_vote_reveal(live_vote=live_vote)
    client.force_login(facilitator)
    reply = client.post(url("vote_move", live_vote), {"number": 2, "back": "present"})
    assert reply.url == url("vote_present", live_vote)
    assert not LiveVote.objects.get().revealed
    html = client.get(reply.url).content.decode()
    assert "This part is about thing 2." in html and "Domain 2 is on the screen." in html
    assert "data-present-tally" not in html


def test_the_control_page_reveals_and_links_to_presentation_mode(client, facilitator,
                                                                 live_vote):
    client.force_login(facilitator)
    screen = url("vote_screen", live_vote)
    html = client.get(screen).content.decode()
    assert url("vote_present", live_vote) in html
    assert "Show the votes in presentation mode" in html
    assert client.post(url("vote_reveal", live_vote), {"action": "reveal"}).url == screen
    assert LiveVote.objects.get().revealed
    html = client.get(screen).content.decode()
    assert "Hide the votes in presentation mode" in html and 'data-revealed="true"' in html
    # The control page follows a reveal made by key in presentation mode.
    assert client.get(url("vote_tally", live_vote)).json()["revealed"] is True
    client.post(url("vote_reveal", live_vote), {"action": "hide"})
    assert not LiveVote.objects.get().revealed


def test_keys_are_form_posts_with_the_security_token(client, facilitator, live_vote):
    client.force_login(facilitator)
    html = client.get(url("vote_present", live_vote)).content.decode()
    for key, action in (("N", "vote_move"), ("R", "vote_reveal")):
        form = html[html.rindex("<form", 0, html.index(f'aria-keyshortcuts="{key}"')):]
        assert f'action="{url(action, live_vote)}"' in form[:200]
        assert 'method="post"' in form[:200] and "csrfmiddlewaretoken" in form[:400]
    end = html[:html.index('aria-keyshortcuts="E"')]
    assert end.rstrip().endswith(f'href="{url("vote_end", live_vote)}"')
    assert 'role="status"' in html


def test_an_ended_vote_says_so_with_no_controls(client, facilitator, live_vote):
    live_vote_end(live_vote=live_vote)
    client.force_login(facilitator)
    html = client.get(url("vote_present", live_vote)).content.decode()
    assert "This vote has ended" in html and "aria-keyshortcuts" not in html
    assert "js/presentation.js" not in html


def test_board_viewer_watches_but_cannot_reveal(client, board_viewer, live_vote):
    client.force_login(board_viewer)
    html = client.get(url("vote_present", live_vote)).content.decode()
    assert "aria-keyshortcuts" not in html
    assert client.post(url("vote_reveal", live_vote), {"action": "reveal"}).status_code == 403
    assert not LiveVote.objects.get().revealed


def test_another_council_gets_404(client, outsider, live_vote):
    client.force_login(outsider)
    assert client.get(url("vote_present", live_vote)).status_code == 404
    assert client.get(url("vote_present_state", live_vote)).status_code == 404
    assert client.post(url("vote_reveal", live_vote), {"action": "reveal"}).status_code == 404
    assert not LiveVote.objects.get().revealed


def test_signed_out_goes_to_sign_in(client, live_vote):
    from django.urls import reverse

    for name in ("vote_present", "vote_present_state", "vote_reveal"):
        reply = client.get(url(name, live_vote))
        assert reply.status_code == 302 and reply.url.startswith(reverse("login")), name


def test_presentation_queries_do_not_grow(client, facilitator, live_vote, domains):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(facilitator)
    live_vote_reveal(live_vote=live_vote)

    def measure():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("vote_present", live_vote)).status_code == 200
        return len(queries)

    crowd(live_vote, domains[0], SIX[:2])
    few = measure()
    crowd(live_vote, domains[0], SIX * 5)
    assert measure() == few
