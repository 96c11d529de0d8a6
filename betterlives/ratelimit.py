"""A small fixed-window rate limit for public pages, kept in Django's cache.

A client is counted by its address, or by what the view says identifies it (`who`: a phone's
device token, a participant's key), so that a room of phones on one venue's Wi-Fi is not
counted as one client. Either is held only as a keyed hash, only in the cache, for the length
of the window, and never stored with any answer. The address is the real client's, found
behind a load balancer as betterlives/client_address.py says.
"""

import functools
import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from .client_address import client_address


def _keyed_hash(value):
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()[:32]


def client_id(request):
    return _keyed_hash(client_address(request))


def allow(request, scope, limit, window_seconds, who=None):
    """Count one request; False once the client has made more than `limit` in this window.

    The client is `who` when given (a token or key naming one phone or person), else the
    request's address.
    """
    client = _keyed_hash("who:" + who) if who else client_id(request)
    window = int(time.time() // window_seconds)
    key = f"ratelimit:{scope}:{client}:{window}"
    cache.add(key, 0, timeout=window_seconds + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.add(key, 1, timeout=window_seconds + 5)
        count = 1
    return count <= limit


def too_many_requests(request, scope):
    """The Easy Read "please wait" page, saying how long the scope's window is."""
    _limit, seconds = settings.RATE_LIMITS[scope]
    return render(request, "429.html", {"minutes": max(1, seconds // 60)}, status=429)


def rate_limited(scope, methods=("POST",), who=None):
    """Limit a view method; limits come from settings.RATE_LIMITS[scope] = (limit, seconds).

    Without `who`, each address is counted. With it, `who(view, request)` names the client
    (say, the phone's device token) and each is counted apart; when it names nobody (None),
    this limit is not counted, so stack an address limit beneath as a backstop:

        @rate_limited("vote", who=participant_key)
        @rate_limited("vote_address")
        def post(self, request, code): ...
    """

    def decorator(view_method):
        @functools.wraps(view_method)
        def wrapper(self, request, *args, **kwargs):
            if request.method in methods:
                client = who(self, request) if who else None
                if who is None or client:
                    limit, seconds = settings.RATE_LIMITS[scope]
                    if not allow(request, scope, limit, seconds, who=client):
                        return too_many_requests(request, scope)
            return view_method(self, request, *args, **kwargs)

        return wrapper

    return decorator
