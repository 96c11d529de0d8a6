"""Sign-in lockouts that stop guessing without locking the owner out: django-axes locks a
username only at the address the wrong passwords came from, and wrong passwords from many
addresses make every further try wait longer (betterlives/sign_in_delay.py)."""

import io
import re
import time

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from betterlives import sign_in_delay
from tests.factories import PASSWORD, UserFactory

BALANCER = "10.0.0.2"
ATTACKER = "203.0.113.66"
ADMIN_DESK = "198.51.100.20"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def behind_one_balancer():
    with override_settings(CLIENT_ADDRESS_HEADER="HTTP_X_FORWARDED_FOR", TRUSTED_PROXY_COUNT=1,
                           TRUSTED_PROXIES=[]):
        yield


@pytest.fixture
def admin():
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


def sign_in(address, username, password):
    """A sign-in from `address` through the load balancer, from a browser of its own."""
    return Client().post(reverse("login"), {"username": username, "password": password},
                         REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=address)


def signed_in(reply):
    return reply.status_code == 302 and "_auth_user_id" in reply.client.session


def wait_asked(reply):
    """The seconds the sign-in page asks to wait, or None."""
    found = re.search(r"Wait (\d+) seconds?, then try again", reply.content.decode())
    return int(found.group(1)) if found else None


@pytest.fixture
def clock(monkeypatch):
    """The delay's clock, moved on by hand: no test sleeps."""
    now = [1_000_000.0]
    monkeypatch.setattr(sign_in_delay, "clock", lambda: now[0])
    monkeypatch.setattr(time, "sleep", lambda seconds: pytest.fail("a request slept"))
    return now


def test_wrong_passwords_from_one_address_do_not_lock_the_admin_out_elsewhere(admin, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(ATTACKER, "admin", "wrong")
    assert signed_in(sign_in(ADMIN_DESK, "admin", PASSWORD))


def test_the_address_the_wrong_passwords_came_from_is_locked(admin, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(ATTACKER, "admin", "wrong")
    reply = sign_in(ATTACKER, "admin", PASSWORD)
    assert reply.status_code == 429
    assert "You cannot sign in for now" in reply.content.decode()
    assert not signed_in(reply)


@pytest.mark.parametrize(("hours", "says"), [(0.5, "Try again in 30 minutes."),
                                             (0.25, "Try again in 15 minutes."),
                                             (2, "Try again in 2 hours.")])
def test_the_locked_page_says_how_long(admin, settings, hours, says):
    settings.AXES_COOLOFF_TIME = hours
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(ATTACKER, "admin", "wrong")
    assert says in sign_in(ATTACKER, "admin", PASSWORD).content.decode()


def test_the_unlock_command_lifts_the_lock(admin, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(ATTACKER, "admin", "wrong")
    assert sign_in(ATTACKER, "admin", PASSWORD).status_code == 429
    call_command("axes_reset_username", "admin", stdout=io.StringIO())
    assert signed_in(sign_in(ATTACKER, "admin", PASSWORD))


@override_settings(SIGN_IN_DELAY_AFTER_FAILURES=3, SIGN_IN_DELAY_MAX_SECONDS=8)
def test_wrong_passwords_from_many_addresses_make_each_try_wait_longer(admin, clock):
    addresses = (f"192.0.2.{n}" for n in range(1, 100))
    for _ in range(3):
        assert wait_asked(sign_in(next(addresses), "admin", "wrong")) is None
    waits = []
    for _ in range(6):
        wait = wait_asked(sign_in(next(addresses), "admin", "wrong"))
        waits.append(wait)
        clock[0] += wait
        assert wait_asked(sign_in(next(addresses), "admin", "wrong")) is None
    assert waits == [1, 2, 4, 8, 8, 8]


@override_settings(SIGN_IN_DELAY_AFTER_FAILURES=3, SIGN_IN_DELAY_MAX_SECONDS=8)
def test_a_try_made_too_soon_is_not_checked_or_counted(admin, clock):
    for n in range(4):
        clock[0] += 10
        sign_in(f"192.0.2.{n}", "admin", "wrong")
    first = sign_in(ADMIN_DESK, "admin", PASSWORD)
    assert wait_asked(first) == 2
    assert not signed_in(first)
    assert wait_asked(sign_in(ADMIN_DESK, "admin", "wrong")) == 2
    clock[0] += 1
    assert wait_asked(sign_in(ADMIN_DESK, "admin", PASSWORD)) == 1


@override_settings(SIGN_IN_DELAY_AFTER_FAILURES=3, SIGN_IN_DELAY_MAX_SECONDS=8)
def test_the_owner_signs_in_after_the_wait_and_the_count_starts_again(admin, clock):
    for n in range(6):
        clock[0] += 10
        sign_in(f"192.0.2.{n}", "admin", "wrong")
    assert wait_asked(sign_in(ADMIN_DESK, "admin", PASSWORD)) == 8
    clock[0] += 8
    assert signed_in(sign_in(ADMIN_DESK, "admin", PASSWORD))
    reply = sign_in("192.0.2.50", "admin", "wrong")
    assert wait_asked(reply) is None
    assert "Enter a correct username and password" in reply.content.decode()


@override_settings(SIGN_IN_DELAY_AFTER_FAILURES=3, SIGN_IN_DELAY_MAX_SECONDS=8)
def test_the_wait_counts_usernames_whatever_their_case(admin, clock):
    for n, username in enumerate(("admin", "ADMIN", "Admin")):
        sign_in(f"192.0.2.{n}", username, "wrong")
    assert wait_asked(sign_in(ADMIN_DESK, "aDmIn", "wrong")) == 1


@override_settings(SIGN_IN_DELAY_AFTER_FAILURES=3, SIGN_IN_DELAY_MAX_SECONDS=8)
def test_tries_sent_together_after_a_wait_are_checked_one_at_a_time(clock):
    for _ in range(3):
        sign_in_delay.sign_in_failure_record("admin")
    clock[0] += 1
    assert sign_in_delay.sign_in_wait("admin") == 0
    assert sign_in_delay.sign_in_wait("admin") == 1  # the first is still being checked
    sign_in_delay.sign_in_failure_record("admin")
    assert sign_in_delay.sign_in_wait("admin") == 2


@override_settings(SIGN_IN_DELAY_AFTER_FAILURES=1)
def test_the_wait_keeps_no_username_in_the_cache():
    cache = caches["default"]
    if not isinstance(cache, LocMemCache):
        pytest.skip("reads the keys of the local-memory cache the tests use by default")
    sign_in_delay.sign_in_failure_record("someone.particular")
    keys = list(cache._cache)
    assert keys
    assert not any("someone" in key for key in keys)
