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

The page is in the visitor's language: the one LocaleMiddleware chose for the request, or, if
the database failed before that, the one in their language cookie or browser settings (none of
which asks the database). Its <html lang> says which.

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
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.html import escape
from django.utils.translation import gettext

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 60
FLAG = "_betterlives_database_unavailable"
# If even templates/503.html cannot be rendered: the same words, as bare HTML.
FALLBACK = (
    '<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
    "<title>{heading}</title></head><body><main>"
    "<h1>{heading}</h1>"
    "<p>{try_again}</p><p>{nothing_lost}</p>"
    "</main></body></html>"
)


def visitor_language(request):
    """The language to answer in, without asking the database: LocaleMiddleware's choice when
    it ran, else the language cookie or the browser's Accept-Language."""
    if request is None:
        return translation.get_language() or settings.LANGUAGE_CODE
    language = getattr(request, "LANGUAGE_CODE", None)
    if language:
        return language
    return translation.get_language_from_request(request)


def fallback_page(language):
    return FALLBACK.format(
        lang=escape(language),
        heading=escape(gettext("Sorry, the service is unavailable")),
        try_again=escape(gettext("Please try again in a few minutes.")),
        nothing_lost=escape(gettext("Nothing you saved has been lost.")),
    )


def unavailable_response(request=None):
    """The 503 page in the visitor's language. Uses no request context, so it never touches
    the database."""
    language = visitor_language(request)
    with translation.override(language):
        try:
            body = render_to_string("503.html", {"service_name": settings.SERVICE_NAME})
        except Exception:  # the page must always come out, whatever else is broken
            logger.exception("could not render 503.html")
            body = fallback_page(language)
    response = HttpResponse(body, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Content-Language"] = language
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
            return unavailable_response(request)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            _log(exception)
            return unavailable_response(request)
        return None
