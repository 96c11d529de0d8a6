"""The floor for `make bench`: a bare Django WSGI app doing the survey's inserts and nothing else.

Served by the same gunicorn command line and settings as the service (production settings,
same database, same connection reuse), but with no middleware (no sessions, CSRF, security
headers), no templates and no forms. The benchmark sends it the same number of requests, in
the same order of GETs and POSTs, as a respondent sends the survey:

    GET  /f/page     a few bytes (stands for every page: link, welcome, question, check, sent)
    POST /f/noop     reads the form, writes nothing (choosing the language)
    POST /f/start    creates a Response row, returns its id
    POST /f/answer   creates an Answer row for (response, question number)
    POST /f/update   sets "someone helped" on the Response
    POST /f/submit   marks the Response sent

The rows go to a survey of their own (BENCH_FLOOR_SURVEY), never the benchmarked one.
The service's throughput divided by this one's is the "ratio to floor".
"""

import os

from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench_settings")
settings.ROOT_URLCONF = __name__
settings.MIDDLEWARE = []

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()

from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.views.decorators.http import require_GET, require_POST  # noqa: E402

from evaluations.models import (  # noqa: E402
    RESUME_CODE_LENGTH,
    Answer,
    Response,
    SurveyItem,
    random_code,
)

_items = []


def item_ids():
    if not _items:
        survey_id = int(os.environ["BENCH_FLOOR_SURVEY"])
        _items.extend(SurveyItem.objects.filter(survey_id=survey_id, enabled=True)
                      .order_by("domain__number", "position", "pk")
                      .values_list("pk", flat=True))
    return _items


@require_GET
def page(request):
    return HttpResponse(b"ok", content_type="text/plain")


@require_POST
def noop(request):
    return HttpResponse(b"ok" if request.POST else b"", content_type="text/plain")


@require_POST
def start(request):
    response = Response.objects.create(survey_id=int(os.environ["BENCH_FLOOR_SURVEY"]),
                                       resume_code=random_code(RESUME_CODE_LENGTH))
    return HttpResponse(str(response.pk).encode(), content_type="text/plain")


@require_POST
def answer(request):
    ids = item_ids()
    number = (int(request.POST["item"]) - 1) % len(ids)
    Answer.objects.create(response_id=int(request.POST["response"]), item_id=ids[number],
                          choice=request.POST.get("choice", ""),
                          comment=request.POST.get("comment", ""))
    return HttpResponse(b"ok", content_type="text/plain")


@require_POST
def update(request):
    Response.objects.filter(pk=int(request.POST["response"])).update(
        helped=request.POST.get("helped") == "yes", last_saved_at=timezone.now())
    return HttpResponse(b"ok", content_type="text/plain")


@require_POST
def submit(request):
    Response.objects.filter(pk=int(request.POST["response"]),
                            status=Response.Status.IN_PROGRESS).update(
        status=Response.Status.SUBMITTED, submitted_at=timezone.now())
    return HttpResponse(b"ok", content_type="text/plain")


def healthz(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("f/page", page),
    path("f/noop", noop),
    path("f/start", start),
    path("f/answer", answer),
    path("f/update", update),
    path("f/submit", submit),
    path("healthz", healthz),
]
