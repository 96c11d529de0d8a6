"""Pages that belong to the service as a whole: home, councils, health check."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.db.utils import DatabaseError
from django.http import JsonResponse
from django.middleware import csrf
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from evaluations.selectors import evaluation_list
from evaluations.views.respondent import not_found as survey_not_found

from .access import membership_list
from .languages import RESPONDENT_PATHS
from .mixins import CouncilMixin


class HomeView(TemplateView):
    template_name = "home.html"


class CouncilListView(LoginRequiredMixin, TemplateView):
    template_name = "councils/list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(memberships=membership_list(self.request.user), **kwargs)


class CouncilHomeView(CouncilMixin, TemplateView):
    template_name = "councils/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            evaluations=evaluation_list(user=self.request.user, council=self.council), **kwargs
        )


@never_cache
def healthz(request):
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def page_not_found(request, exception=None):
    """404: under /s/ and /v/, the Easy Read "This link does not work" page with the code
    form; elsewhere, templates/404.html."""
    if request.path_info.startswith(RESPONDENT_PATHS):
        return survey_not_found(request)
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
    (`after_csrf_failure`, see evaluations.views.respondent); those pages only read, so the
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
