"""A growing wait between tries at one username's password, from wherever they come.

django-axes locks a username only at the address its wrong passwords came from, so that
nobody can lock the owner out from elsewhere. Someone trying from many addresses is slowed
here instead: after SIGN_IN_DELAY_AFTER_FAILURES wrong passwords for a username, each further
try must wait until a time that doubles with every wrong one (1, 2, 4 … seconds, at most
SIGN_IN_DELAY_MAX_SECONDS). A try made too soon is refused at once, with the seconds left,
and never checked; nothing sleeps in a request. Once the wait is over the owner's right
password works as always, and clears the count.

Only a keyed hash of the lower-cased username is kept, in the cache, and the count is
forgotten after SIGN_IN_DELAY_WINDOW_SECONDS with no wrong password.
"""

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

# The longest one try holds the turn: a try that never finishes frees it after this.
TURN_SECONDS = 30


def clock():
    return time.time()


def _key(username):
    digest = salted_hmac("betterlives.sign_in_delay", username.lower()).hexdigest()[:32]
    return f"sign-in-delay:{digest}"


def _delay(failures):
    """Seconds to wait after the `failures`-th wrong password (0 before the threshold)."""
    over = failures - settings.SIGN_IN_DELAY_AFTER_FAILURES
    if over < 0:
        return 0
    return min(2 ** min(over, 32), settings.SIGN_IN_DELAY_MAX_SECONDS)


def sign_in_wait(username):
    """Seconds this username must still wait before a password may be checked; 0 to go ahead.

    Going ahead takes the turn for this many failures, so tries sent all at once cannot all
    slip through the moment a wait ends: one is checked, the rest are told to wait.
    """
    key = _key(username)
    failures = cache.get(f"{key}:failures", 0)
    if failures < settings.SIGN_IN_DELAY_AFTER_FAILURES:
        return 0
    left = cache.get(f"{key}:last", 0) + _delay(failures) - clock()
    if left > 0:
        return math.ceil(left)
    if not cache.add(f"{key}:turn:{failures}", True, timeout=TURN_SECONDS):
        return 1  # another try is being checked now
    return 0


def sign_in_failure_record(username):
    """Count one wrong password for this username."""
    key = _key(username)
    window = settings.SIGN_IN_DELAY_WINDOW_SECONDS
    cache.add(f"{key}:failures", 0, timeout=window)
    try:
        cache.incr(f"{key}:failures")
    except ValueError:  # forgotten between add and incr
        cache.set(f"{key}:failures", 1, timeout=window)
    cache.touch(f"{key}:failures", timeout=window)
    cache.set(f"{key}:last", clock(), timeout=window)


def sign_in_failures_clear(username):
    """Forget this username's wrong passwords: its owner has just given the right one."""
    key = _key(username)
    failures = cache.get(f"{key}:failures", 0)
    cache.delete_many([f"{key}:failures", f"{key}:last", f"{key}:turn:{failures}"])
