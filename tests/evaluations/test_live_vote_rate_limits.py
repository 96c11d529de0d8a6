"""Live votes are rate limited per phone, not per address: a room of phones shares the venue's
one address. Joining counts per device, voting per participant, and every post also counts
towards a much higher per-address backstop (betterlives.ratelimit, settings.RATE_LIMITS)."""

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from betterlives.ratelimit import allow
from evaluations.models import Group, LiveVote, Vote, VoteParticipant
from evaluations.services.live_votes import live_vote_move, live_vote_start
from evaluations.views.live_vote_phones import DEVICE_COOKIE
from tests.factories import WorkshopFactory, small_framework

pytestmark = pytest.mark.django_db

WAIT = "Please wait a moment"


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()  # the counts of earlier tests, all from the test client's one address
    yield
    cache.clear()


@pytest.fixture
def domains(db):
    from domains.models import Domain

    small_framework(domains=6, questions=1)
    return list(Domain.objects.order_by("number"))


@pytest.fixture
def live_vote(domains):
    return live_vote_start(workshop=WorkshopFactory())


def join_url(live_vote):
    return reverse("votes:join", args=[live_vote.code])


def join(phone, live_vote):
    """Open the join page (it gives the phone its device cookie), then say which group."""
    phone.get(join_url(live_vote))
    return phone.post(join_url(live_vote), {"group": Group.LIVED_EXPERIENCE})


def cast(phone, live_vote, choice="good"):
    domain = LiveVote.objects.get(pk=live_vote.pk).current_domain
    return phone.post(reverse("votes:vote", args=[live_vote.code]),
                      {"choice": choice, "domain": domain.number})


def test_a_phone_over_its_limit_waits_while_another_phone_on_the_address_votes(
        live_vote, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "vote": (5, 600)}
    phone, other = Client(), Client()
    assert join(phone, live_vote).status_code == 302
    statuses = [cast(phone, live_vote, "good" if n % 2 else "not_good").status_code
                for n in range(30)]
    assert statuses == [302] * 5 + [429] * 25
    reply = cast(phone, live_vote)
    assert reply.status_code == 429
    assert WAIT in reply.content.decode() and "bl-easy-read" in reply.content.decode()
    assert Vote.objects.get().choice == "not_good"  # the 5th vote, the last one let through
    # Another phone on the same Wi-Fi is not held up by this one.
    assert join(other, live_vote).status_code == 302
    assert cast(other, live_vote, "not_sure").status_code == 302
    assert Vote.objects.count() == 2


def test_joining_is_limited_per_device(live_vote, settings):
    """A phone sending the join form again and again (here with no group chosen)."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "vote": (3, 600)}
    phone = Client()
    phone.get(join_url(live_vote))
    statuses = [phone.post(join_url(live_vote), {}).status_code for _ in range(10)]
    assert statuses == [200] * 3 + [429] * 7
    assert join(Client(), live_vote).status_code == 302
    assert VoteParticipant.objects.count() == 1


def test_the_address_backstop_stops_a_flood_of_new_phones(live_vote, settings):
    """One machine making a new phone (a new device cookie) for every post is still stopped."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "vote_address": (10, 600)}
    statuses = [join(Client(), live_vote).status_code for _ in range(14)]
    assert statuses == [302] * 10 + [429] * 4
    assert VoteParticipant.objects.count() == 10
    # Posts without cookies (no device to count) still count towards the address.
    assert Client().post(join_url(live_vote), {"group": "staff"}).status_code == 429


def test_a_phone_over_its_limit_does_not_use_up_the_address(live_vote, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "vote": (2, 600), "vote_address": (6, 600)}
    phone = Client()
    join(phone, live_vote)  # address: 1
    statuses = [cast(phone, live_vote).status_code for _ in range(10)]  # address: 2, 3
    assert statuses == [302] * 2 + [429] * 8
    others = [Client() for _ in range(3)]
    assert [join(other, live_vote).status_code for other in others] == [302] * 3  # 4, 5, 6
    assert cast(others[0], live_vote).status_code == 429  # the address is used up now


@pytest.mark.parametrize("limit", [1, 4])
def test_the_limits_come_from_settings(live_vote, settings, limit):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "vote": (limit, 600)}
    phone = Client()
    join(phone, live_vote)
    statuses = [cast(phone, live_vote).status_code for _ in range(limit + 2)]
    assert statuses == [302] * limit + [429] * 2


def test_the_default_limits_let_a_phone_through_a_workshop(live_vote, domains):
    """Join, vote on six domains and change each vote twice: well inside the defaults."""
    phone = Client()
    assert join(phone, live_vote).status_code == 302
    for domain in domains:
        live_vote_move(live_vote=live_vote, domain=domain)
        for choice in ("good", "not_sure", "not_good"):
            assert cast(phone, live_vote, choice).status_code == 302
    assert Vote.objects.filter(participant__live_vote=live_vote).count() == 6


def test_the_default_limits_hold_a_room_of_300_phones_on_one_address(settings):
    """300 phones each send about 10 posts (1 join, 6 votes, ~3 changes): 3,000 from one
    address, with room to spare, while one phone stays far below a flood."""
    per_phone, _seconds = settings.RATE_LIMITS["vote"]
    per_address, _seconds = settings.RATE_LIMITS["vote_address"]
    assert per_address >= 2 * 300 * 10
    assert 10 < per_phone <= 100


def test_phones_and_participants_are_counted_only_as_keyed_hashes(settings, live_vote):
    phone = Client()
    join(phone, live_vote)
    cast(phone, live_vote)
    token = phone.cookies[DEVICE_COOKIE].value.split(":")[0]
    participant_key = str(VoteParticipant.objects.get().key)
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
    assert allow(request, "vote", 5, 600, who="secret-token-123")
    keys = " ".join(str(key) for key in cache._cache)  # the local-memory cache of the tests
    assert "ratelimit:vote:" in keys
    for secret in (token, participant_key, "secret-token-123", "203.0.113.9", "127.0.0.1"):
        assert secret not in keys
