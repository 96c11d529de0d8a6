"""The pages for errors: not found (each part of the site may have its own) and a form
whose security token expired or that came from another site."""

from django.middleware import csrf
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.views import defaults

# Parts of the site with a "not found" page of their own: {path prefix: view taking the
# request}. Each app adds its own from its AppConfig.ready() (evaluations: the Easy Read page
# for survey and vote links under /s/ and /v/).
NOT_FOUND_PAGES = {}


def not_found_pages_add(prefixes, view):
    """Show `view` for every 404 whose path starts with one of `prefixes`."""
    for prefix in prefixes:
        NOT_FOUND_PAGES[prefix] = view


def page_not_found(request, exception=None):
    """404: the page of the part of the site the path is in (NOT_FOUND_PAGES); elsewhere,
    templates/404.html."""
    for prefix, view in NOT_FOUND_PAGES.items():
        if request.path_info.startswith(prefix):
            return view(request)
    return defaults.page_not_found(request, exception)


# How Django's CSRF check says a form came from another site (its Origin or Referer header,
# "Origin checking failed - ...", "Referer checking failed - ..."), rather than from one of
# our own pages whose token had expired.
CROSS_SITE_REASONS = tuple(
    reason.split(" - ", 1)[0] for reason in (csrf.REASON_BAD_ORIGIN, csrf.REASON_BAD_REFERER)
)


def csrf_failure(request, reason=""):
    """A form whose security token expired, or a form sent from another site.

    Survey and vote pages whose token expired are shown again with the person's answer kept
    (`after_csrf_failure`, see evaluations.views.responses); those pages only read, so the
    failed request saves nothing and changes no session. A form sent from another site, and
    anything else, gets a plain page saying what to do.
    """
    if reason.startswith(CROSS_SITE_REASONS):
        return render(request, "403_csrf.html", status=403)
    try:
        match = resolve(request.path_info)
    except Resolver404:
        match = None
    view_class = getattr(match.func, "view_class", None) if match else None
    redisplay = getattr(view_class, "after_csrf_failure", None)
    if redisplay is not None:
        return redisplay(request, *match.args, **match.kwargs)
    return render(request, "403_csrf.html", status=403)
