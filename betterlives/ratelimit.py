"""A small fixed-window rate limit for public pages, kept in Django's cache.

The client is identified by a keyed hash of its address, held only in the cache for the length
of the window and never stored with any answer. Behind a proxy, set RATELIMIT_CLIENT_HEADER
(for example HTTP_X_FORWARDED_FOR) so the real client address is used.
"""

import functools
import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render


def client_id(request):
    header = getattr(settings, "RATELIMIT_CLIENT_HEADER", "")
    address = request.META.get(header, "") if header else ""
    address = address.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "")
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


def allow(request, scope, limit, window_seconds):
    """Count one request; False once the client has made more than `limit` in this window."""
    window = int(time.time() // window_seconds)
    key = f"ratelimit:{scope}:{client_id(request)}:{window}"
    cache.add(key, 0, timeout=window_seconds + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.add(key, 1, timeout=window_seconds + 5)
        count = 1
    return count <= limit


def rate_limited(scope, methods=("POST",)):
    """Limit a view method; limits come from settings.RATE_LIMITS[scope] = (limit, seconds)."""

    def decorator(view_method):
        @functools.wraps(view_method)
        def wrapper(self, request, *args, **kwargs):
            limit, seconds = settings.RATE_LIMITS[scope]
            if request.method in methods and not allow(request, scope, limit, seconds):
                return render(request, "429.html", {"minutes": max(1, seconds // 60)},
                              status=429)
            return view_method(self, request, *args, **kwargs)

        return wrapper

    return decorator
