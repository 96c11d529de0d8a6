"""Live votes on the phones: joining by code, voting and changing the vote, following the
room, closed domains and ended votes, unknown codes and the rate limits."""

import pytest
from django.urls import reverse

from evaluations.models import Group, Vote, VoteParticipant
from evaluations.services.live_votes import live_vote_close_domain, live_vote_end, live_vote_move
from evaluations.views.live_vote_phones import COOKIE_PREFIX

from .helpers import cast, join

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vote_rate_limit")]


# The phones' side ------------------------------------------------------------------------------


def test_join_then_vote_then_change_the_vote(client, live_vote, domains):
    join_url = reverse("votes:join", args=[live_vote.code])
    page = client.get(join_url)
    assert "Which group are you in?" in page.content.decode()
    assert client.post(join_url, {}).status_code == 200  # no group: asked again, with a message
    reply = join(client, live_vote, Group.LIVED_EXPERIENCE)
    assert reply.url == reverse("votes:vote", args=[live_vote.code])
    assert client.cookies[COOKIE_PREFIX + live_vote.code].value
    assert client.get(join_url).url == reply.url  # joined once: straight to the vote

    page = client.get(reply.url).content.decode()
    assert "This part is about thing 1. How is it going?" in page
    assert "images/faces/good.svg" in page and "Send my vote" in page
    assert "Choose a face" in client.post(reply.url, {"domain": 1}).content.decode()

    assert cast(client, live_vote, "good").url == reply.url
    thanks = client.get(reply.url).content.decode()
    assert "Thank you — your vote is counted" in thanks and "Change my vote" in thanks
    assert "Next question" in thanks and "<strong>Good</strong>" in thanks
    change = client.get(reply.url + "?change=1").content.decode()
    assert 'value="good" checked' in change
    cast(client, live_vote, "not_sure")
    vote = Vote.objects.get()
    assert vote.choice == "not_sure" and vote.participant.group == Group.LIVED_EXPERIENCE
    assert VoteParticipant.objects.count() == 1


def test_one_phone_is_one_participant_even_without_the_session(client, live_vote, new_client):
    join(client, live_vote)
    client.session.flush()  # the session is gone, the long-lived cookie is not
    client.cookies.pop("sessionid", None)
    assert client.get(reverse("votes:join", args=[live_vote.code])).status_code == 302
    cast(client, live_vote, "good")
    cast(client, live_vote, "not_good")
    assert VoteParticipant.objects.count() == 1 and Vote.objects.count() == 1
    other = new_client()
    join(other, live_vote, Group.STAFF)
    cast(other, live_vote, "good")
    assert VoteParticipant.objects.count() == 2 and Vote.objects.count() == 2


def test_tampered_cookie_is_ignored(client, live_vote):
    client.cookies[COOKIE_PREFIX + live_vote.code] = "not-a-signed-key"
    assert client.get(reverse("votes:vote", args=[live_vote.code])).url == reverse(
        "votes:join", args=[live_vote.code])


def test_the_phone_follows_the_room(client, live_vote, domains):
    join(client, live_vote)
    cast(client, live_vote, "good")
    state = client.get(reverse("votes:state", args=[live_vote.code])).json()
    assert state == {"step": 0, "status": "open"}
    live_vote_move(live_vote=live_vote, domain=domains[1])
    assert client.get(reverse("votes:state", args=[live_vote.code])).json()["step"] == 1
    page = client.get(reverse("votes:vote", args=[live_vote.code])).content.decode()
    assert "This part is about thing 2. How is it going?" in page
    assert 'data-step="1"' in page and "js/vote_follow.js" in page


def test_vote_sent_after_the_room_moved_is_not_counted(client, live_vote, domains):
    """A vote counts only for the domain on the screen, not for the one on an older page."""
    join(client, live_vote)
    live_vote_move(live_vote=live_vote, domain=domains[1])
    reply = cast(client, live_vote, "good", domain=domains[0])
    assert reply.status_code == 200
    assert "This question is not on the big screen now" in reply.content.decode()
    assert not Vote.objects.exists()


def test_closed_domain_is_a_friendly_page(client, live_vote, domains):
    join(client, live_vote)
    live_vote_close_domain(live_vote=live_vote, domain=domains[0])
    page = client.get(reverse("votes:vote", args=[live_vote.code]))
    assert "Voting on this question has closed" in page.content.decode()
    reply = cast(client, live_vote, "good", domain=domains[0])
    assert reply.status_code == 200
    assert "your vote came after voting closed" in reply.content.decode()
    assert not Vote.objects.exists()


def test_ended_vote_thanks_everyone(client, new_client, live_vote, domains):
    join(client, live_vote)
    live_vote_end(live_vote=live_vote)
    for page in (client.get(reverse("votes:vote", args=[live_vote.code])),
                 cast(client, live_vote, "good"),
                 new_client().get(reverse("votes:join", args=[live_vote.code])),
                 new_client().post(reverse("votes:join", args=[live_vote.code]),
                                   {"group": "staff"})):
        assert page.status_code == 200
        assert "This vote has ended" in page.content.decode()
    assert not Vote.objects.exists() and VoteParticipant.objects.count() == 1


@pytest.mark.parametrize("code", ["NOPE99", "ACD", "x" * 20, "ACD%20347"])
def test_unknown_code_is_this_link_does_not_work(client, live_vote, code):
    for name in ("votes:join", "votes:vote"):
        page = client.get(reverse(name, args=[code]))
        assert page.status_code == 404
        assert "This link does not work" in page.content.decode()
    assert client.get(reverse("votes:state", args=[code])).status_code == 404


def test_trying_codes_one_after_another_is_rate_limited(client, live_vote, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "code": (3, 600)}
    for code in ("AAAAAA", "AAAAAC", "AAAAAD"):
        assert client.get(reverse("votes:join", args=[code])).status_code == 404
    assert client.get(reverse("votes:state", args=["AAAAAE"])).status_code == 429
    assert client.get(reverse("votes:join", args=["AAAAAE"])).status_code == 429
    assert client.get(reverse("votes:join", args=[live_vote.code])).status_code == 200


def test_lower_case_code_in_the_link_works(client, live_vote):
    assert client.get(reverse("votes:join", args=[live_vote.code.lower()])).status_code == 200


def test_typing_the_code_on_the_code_page_joins_the_vote(client, live_vote):
    spaced = f"{live_vote.code[:3].lower()} {live_vote.code[3:]}"
    reply = client.post(reverse("surveys:code"), {"code": spaced})
    assert reply.url == reverse("votes:join", args=[live_vote.code])
    live_vote_end(live_vote=live_vote)
    assert client.post(reverse("surveys:code"), {"code": live_vote.code}).status_code == 404


def test_voting_is_rate_limited_per_participant(client, live_vote, settings):
    """The join counts for the device and the votes for the participant (see also
    test_live_vote_rate_limits)."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "vote": (2, 600)}
    join(client, live_vote)
    cast(client, live_vote, "good")
    cast(client, live_vote, "not_good")
    assert cast(client, live_vote, "good").status_code == 429
    assert Vote.objects.get().choice == "not_good"


def test_expired_form_token_keeps_the_chosen_face(live_vote):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    page = browser.get(reverse("votes:join", args=[live_vote.code]))
    token = page.context["csrf_token"]
    browser.post(reverse("votes:join", args=[live_vote.code]),
                 {"group": "staff", "csrfmiddlewaretoken": str(token)})
    browser.cookies.pop("csrftoken", None)
    reply = browser.post(reverse("votes:vote", args=[live_vote.code]),
                         {"choice": "not_good", "domain": 1, "csrfmiddlewaretoken": "stale"})
    html = reply.content.decode()
    assert "Press Send my vote again" in html and 'value="not_good" checked' in html
    assert not Vote.objects.exists()
