"""A live vote holds 100 phones: each joins and votes over real HTTP, many at the same time."""

import http.cookiejar
import re
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from evaluations.models import Group, Vote, VoteParticipant
from evaluations.selectors_votes import live_vote_tally
from evaluations.services.live_votes import live_vote_start
from tests.concurrency import needs_postgres
from tests.factories import WorkshopFactory

PHONES = 100
AT_ONCE = 25  # requests in flight together; PostgreSQL's default allows 100 connections
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
GROUPS = list(Group.values)


def phone(base_url, code, number):
    """One phone: open the vote, say which group, tap a face. Returns the final status."""
    cookies = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))

    def post(path, data):
        page = opener.open(base_url + path, timeout=30).read().decode()
        data = {**data, "csrfmiddlewaretoken": TOKEN.search(page).group(1)}
        request = urllib.request.Request(
            base_url + path, data=urllib.parse.urlencode(data).encode(),
            headers={"Referer": base_url + path},
        )
        return opener.open(request, timeout=30)

    post(f"/v/{code}/", {"group": GROUPS[number % len(GROUPS)]})
    reply = post(f"/v/{code}/vote/", {"choice": "good", "domain": "1"})
    return reply.status


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_hundred_phones_vote_at_once(live_server, settings, framework):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "vote": (10_000, 600)}
    live_vote = live_vote_start(workshop=WorkshopFactory())
    with ThreadPoolExecutor(max_workers=AT_ONCE) as pool:
        statuses = list(pool.map(lambda n: phone(live_server.url, live_vote.code, n),
                                 range(PHONES)))
    assert statuses == [200] * PHONES
    assert VoteParticipant.objects.filter(live_vote=live_vote).count() == PHONES
    assert Vote.objects.filter(live_vote=live_vote).count() == PHONES
    tally = live_vote_tally(live_vote)
    assert tally["voted"] == PHONES
    assert sum(group["total"] for group in tally["groups"]) == PHONES
