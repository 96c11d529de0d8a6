"""Issue 14, point 2: phones ask in Easy Read, with the domain's Easy Read title and
picture and a Listen button, and never say "provisional"."""

import pytest
from django.urls import reverse

from domains.easy_read import easy_read_title
from domains.models import Domain
from evaluations.services.live_votes import live_vote_close_domain, live_vote_move

from .helpers import cast, join

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vote_rate_limit")]

SIX = ("We do not know the real name of this part yet. For now, this part is about your "
       "everyday life. It is about your health and your home.")


@pytest.fixture
def provisional(domains):
    domain = domains[1]
    Domain.objects.filter(pk=domain.pk).update(
        title="A good life in the community (provisional working title)", provisional=True,
        easy_read_summary=SIX)
    domain.refresh_from_db()
    return domain


def test_easy_read_title_is_the_summarys_first_sentence(domains, provisional):
    assert easy_read_title(domains[0]) == "This part is about thing 1."
    # A provisional domain's summary starts by saying its name is not known yet.
    assert easy_read_title(provisional) == "For now, this part is about your everyday life."
    provisional.easy_read_summary = ""
    assert easy_read_title(provisional) == "A good life in the community"


def test_the_phone_asks_in_easy_read_with_the_picture_and_listen(client, live_vote, domains):
    join(client, live_vote)
    html = client.get(reverse("votes:vote", args=[live_vote.code])).content.decode()
    assert "This part is about thing 1. How is it going?" in html
    assert f'src="/static/{domains[0].picture}"' in html
    assert f'alt="{domains[0].picture_alt}"' in html
    assert "data-listen-button" in html and "js/listen.js" in html
    assert "How well are we doing" not in html and domains[0].title not in html


def test_no_phone_page_says_provisional(client, live_vote, provisional):
    pages = []
    join_url = reverse("votes:join", args=[live_vote.code])
    vote_url = reverse("votes:vote", args=[live_vote.code])
    pages.append(client.get(join_url))
    join(client, live_vote)
    live_vote_move(live_vote=live_vote, domain=provisional)
    pages.append(client.get(vote_url))
    cast(client, live_vote, "good")
    pages.append(client.get(vote_url))  # thank you
    pages.append(client.get(vote_url + "?change=1"))
    pages.append(client.post(vote_url, {"choice": "good", "domain": "1"}))  # not on screen
    live_vote_close_domain(live_vote=live_vote, domain=provisional)
    pages.append(client.get(vote_url))  # closed
    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        assert "provisional" not in html.lower()
        assert "working title" not in html.lower()
    assert "For now, this part is about your everyday life. How is it going?" in (
        pages[1].content.decode())
    assert "For now, this part is about your everyday life." in pages[2].content.decode()
    assert "For now, this part is about your everyday life." in pages[5].content.decode()
