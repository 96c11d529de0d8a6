"""A plain "service unavailable" page (503) while the database cannot be reached.

When PostgreSQL restarts or is out of reach, whatever touches the database raises
OperationalError or InterfaceError. Instead of the generic error page this middleware answers
with 503, a Retry-After header and templates/503.html, rendered without the request context so
that showing it asks nothing of the database (no session, user, messages or council).

Two ways in:
- a view (or its template) raises: `process_exception` answers straight away;
- something outside the view raises, e.g. saving the session after the view: Django has
  already turned that into a 500 by the time it reaches us, so a `got_request_exception`
  receiver notes that the cause was the database and `__call__` swaps the 500 for the 503.

Nothing else is needed for recovery: Django closes a connection that raised at the end of the
request, and with CONN_HEALTH_CHECKS it checks a reused connection before the next request uses
it, so the service answers normally as soon as the database is back.
"""

import logging
import sys

from django.conf import settings
from django.core.signals import got_request_exception
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 60
FLAG = "_betterlives_database_unavailable"
FALLBACK = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    "<title>Sorry, the service is unavailable</title></head><body><main>"
    "<h1>Sorry, the service is unavailable</h1>"
    "<p>Please try again in a few minutes.</p><p>Nothing you saved has been lost.</p>"
    "</main></body></html>"
)


def unavailable_response():
    """The 503 page. Uses no request context, so it never touches the database."""
    try:
        body = render_to_string("503.html", {"service_name": settings.SERVICE_NAME})
    except Exception:  # the page must always come out, whatever else is broken
        logger.exception("could not render 503.html")
        body = FALLBACK
    response = HttpResponse(body, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def _note_database_error(sender, request=None, **kwargs):
    """Sent while Django handles an uncaught exception: remember if the database caused it."""
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, DATABASE_ERRORS):
        setattr(request, FLAG, True)


got_request_exception.connect(_note_database_error, dispatch_uid="betterlives.db_unavailable")


def _log(error):
    # The class and first line only: enough to see the database went away, nothing personal.
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
    logger.warning("database unavailable, answered 503: %s: %s",
                   type(error).__name__, first_line[:200])


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, FLAG, False):
            return unavailable_response()
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            _log(exception)
            return unavailable_response()
        return None
