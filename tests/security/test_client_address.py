"""The client's address behind a load balancer (betterlives/client_address.py): what a client
writes in X-Forwarded-For is never taken on trust, and rate limits and sign-in lockouts count
the real client."""

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory, override_settings
from django.urls import reverse

from betterlives.client_address import client_address
from tests.factories import UserFactory

BALANCER = "10.0.0.2"
PERSON = "203.0.113.7"
OTHER_PERSON = "198.51.100.20"
STRANGER = "192.0.2.99"  # reaches the app servers without going through the balancer

NO_PROXY = override_settings(CLIENT_ADDRESS_HEADER="", TRUSTED_PROXY_COUNT=None,
                             TRUSTED_PROXIES=[])
ONE_PROXY = override_settings(CLIENT_ADDRESS_HEADER="HTTP_X_FORWARDED_FOR",
                              TRUSTED_PROXY_COUNT=1, TRUSTED_PROXIES=[])
PROXY_RANGE = override_settings(CLIENT_ADDRESS_HEADER="HTTP_X_FORWARDED_FOR",
                                TRUSTED_PROXY_COUNT=None, TRUSTED_PROXIES=["10.0.0.0/24"])


def address_of(peer, forwarded=None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **extra))


@NO_PROXY
def test_without_a_proxy_the_header_is_ignored():
    """With no header configured, the connection's address is the client, whatever it sends."""
    assert address_of(PERSON, forwarded="1.2.3.4") == PERSON


@ONE_PROXY
def test_one_proxy_takes_the_address_the_balancer_added():
    """A client's own left-most entry is passed over for the one the balancer appended."""
    assert address_of(BALANCER, forwarded=PERSON) == PERSON
    assert address_of(BALANCER, forwarded=f"1.2.3.4, {PERSON}") == PERSON
    assert address_of(BALANCER, forwarded=f"unknown, 1.2.3.4,{PERSON}") == PERSON


@ONE_PROXY
def test_one_proxy_without_the_header_is_the_connection():
    assert address_of(BALANCER) == BALANCER


@PROXY_RANGE
def test_a_trusted_range_takes_the_address_its_proxy_added():
    assert address_of(BALANCER, forwarded=f"1.2.3.4, {PERSON}") == PERSON


@PROXY_RANGE
def test_an_untrusted_peer_is_the_client_whatever_its_header_says():
    """A header that looks as if it came through the balancer is not believed from outside."""
    assert address_of(STRANGER, forwarded=f"{PERSON}, {BALANCER}") == STRANGER
    assert address_of(STRANGER, forwarded=PERSON) == STRANGER


@pytest.fixture
def code_limit(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "code": (3, 600)}


def limited(client, peer, forwarded=None):
    """Whether one wrong survey code, sent from `peer` with its X-Forwarded-For, is refused
    for too many tries (a wrong code is otherwise "not found")."""
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    status = client.post(reverse("surveys:code"), {"code": "ZZZZZZ"}, **extra).status_code
    assert status in (404, 429)
    return status == 429


@ONE_PROXY
@pytest.mark.django_db
def test_a_client_faking_its_address_is_still_limited(client, code_limit):
    """Each guess claims a new left-most address; the real one still reaches the limit."""
    tries = [limited(client, BALANCER, f"100.64.0.{n}, {PERSON}") for n in range(4)]
    assert tries == [False, False, False, True]


@ONE_PROXY
@pytest.mark.django_db
def test_two_clients_behind_one_balancer_are_counted_apart(client, code_limit):
    tries = [limited(client, BALANCER, PERSON) for _ in range(4)]
    assert tries == [False, False, False, True]
    assert not limited(client, BALANCER, OTHER_PERSON)


@PROXY_RANGE
@pytest.mark.django_db
def test_a_stranger_cannot_escape_the_limit_with_a_trusted_looking_header(client, code_limit):
    tries = [limited(client, STRANGER, f"100.64.0.{n}, {BALANCER}") for n in range(4)]
    assert tries == [False, False, False, True]


@ONE_PROXY
@pytest.mark.django_db
def test_sign_in_lockouts_record_the_real_client(client):
    UserFactory(username="ada")
    client.post(reverse("login"), {"username": "ada", "password": "wrong"},
                REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=f"1.2.3.4, {PERSON}")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [PERSON]


@NO_PROXY
@pytest.mark.django_db
def test_sign_in_lockouts_ignore_the_header_without_a_proxy(client):
    UserFactory(username="ada")
    client.post(reverse("login"), {"username": "ada", "password": "wrong"},
                REMOTE_ADDR=PERSON, HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [PERSON]
