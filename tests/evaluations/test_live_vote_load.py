"""A live vote holds a room of 150 phones behind one address (a venue's Wi-Fi), over real HTTP,
many at the same time, with the default rate limits: each phone joins, votes on six domains
and changes its vote on two of them, with no "too many requests" and no error."""

import collections
import http.cookiejar
import re
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache

from evaluations.models import FACE_CHOICES as FACES
from evaluations.models import Group, Vote, VoteParticipant
from evaluations.selectors.live_votes import live_vote_tally
from evaluations.services.live_votes import live_vote_move, live_vote_start
from tests.concurrency import needs_postgres
from tests.factories import WorkshopFactory

PHONES = 150
DOMAINS = 6
CHANGED_ON = (2, 5)  # the domains on which every phone changes its vote
AT_ONCE = 25  # requests in flight together; PostgreSQL's default allows 100 connections
TIMEOUT = 30  # seconds, for every request
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
GROUPS = list(Group.values)


class KeepEveryReply(urllib.request.HTTPErrorProcessor):
    """Hand back every reply as it came (302, 429, 500 too), so each status is seen."""

    def http_response(self, request, response):
        return response


class Phone:
    """One phone on the venue's Wi-Fi: its own cookies, every reply's status noted."""

    def __init__(self, base_url, code, number):
        self.base_url, self.code, self.number = base_url, code, number
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), KeepEveryReply)
        self.statuses = []

    def send(self, path, data=None):
        request = urllib.request.Request(
            self.base_url + path, headers={"Referer": self.base_url + path},
            data=urllib.parse.urlencode(data).encode() if data is not None else None)
        with self.opener.open(request, timeout=TIMEOUT) as reply:
            self.statuses.append(("POST" if data is not None else "GET", reply.status))
            return reply.read().decode()

    def fill_in(self, path, data, page_path=None):
        """Open the page, then send its form (with the page's security token)."""
        page = self.send(page_path or path)
        token = TOKEN.search(page)
        self.send(path, {**data, "csrfmiddlewaretoken": token.group(1) if token else ""})

    def join(self):
        self.fill_in(f"/v/{self.code}/", {"group": GROUPS[self.number % len(GROUPS)]})

    def vote(self, domain, changing=False):
        vote_path = f"/v/{self.code}/vote/"
        self.fill_in(vote_path, {"choice": choice(self.number, domain, changing),
                                 "domain": str(domain)},
                     page_path=vote_path + "?change" if changing else None)


def choice(number, domain, changing=False):
    """The face phone `number` taps on `domain` (another one when it changes its vote)."""
    return FACES[(number + domain + (1 if changing else 0)) % len(FACES)]


def expected_counts(domain):
    final = collections.Counter(choice(n, domain, domain in CHANGED_ON) for n in range(PHONES))
    return [final[face] for face in FACES]


@needs_postgres
# About 35 s on an idle machine; allow for a busy one.
@pytest.mark.timeout(300)
@pytest.mark.django_db(transaction=True)
def test_a_room_of_150_phones_behind_one_address(live_server):
    from domains.models import Domain
    from tests.factories import small_framework

    small_framework(domains=DOMAINS, questions=1)
    domains = list(Domain.objects.order_by("number"))
    cache.clear()  # the rate-limit counts of earlier tests from 127.0.0.1: start as a new room
    live_vote = live_vote_start(workshop=WorkshopFactory())
    phones = [Phone(live_server.url, live_vote.code, n) for n in range(PHONES)]
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=AT_ONCE) as pool:

        def everyone(work):
            list(pool.map(work, phones, timeout=120))

        everyone(Phone.join)
        for domain in domains:  # the facilitator moves the room on, one domain at a time
            live_vote_move(live_vote=live_vote, domain=domain)
            everyone(lambda phone, number=domain.number: phone.vote(number))
            if domain.number in CHANGED_ON:
                everyone(lambda phone, number=domain.number: phone.vote(number, changing=True))
    seconds = time.monotonic() - started

    replies = [reply for phone in phones for reply in phone.statuses]
    seen = collections.Counter(replies)
    tallies = {domain.number: live_vote_tally(live_vote, domain) for domain in domains}
    votes = Vote.objects.filter(live_vote=live_vote).count()
    print(f"\n{PHONES} phones from one address, {len(replies)} requests "
          f"({seen[('POST', 302)]} posts) in {seconds:.1f} s, {AT_ONCE} at once; "
          f"statuses seen: {dict(sorted(seen.items()))}; "
          f"{VoteParticipant.objects.filter(live_vote=live_vote).count()} participants, "
          f"{votes} votes; counted per domain: "
          f"{ {number: tally['voted'] for number, tally in tallies.items()} }")

    # Every page came back (200) and every form sent went through (302 to the next page):
    # no 429, no 5xx, and no form shown again with an error.
    assert set(seen) == {("GET", 200), ("POST", 302)}, seen
    assert seen[("POST", 302)] == PHONES * (1 + DOMAINS + len(CHANGED_ON))
    assert VoteParticipant.objects.filter(live_vote=live_vote).count() == PHONES
    assert votes == PHONES * DOMAINS
    for number, tally in tallies.items():
        assert tally["joined"] == PHONES and tally["voted"] == PHONES
        assert [count for _face, _label, count in tally["faces"]] == expected_counts(number)
        assert sum(group["joined"] for group in tally["groups"]) == PHONES
