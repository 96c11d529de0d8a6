"""The floor for `make bench`: a bare Django WSGI app with the survey's session, CSRF check and
inserts, and nothing else.

Served by the same gunicorn command line and settings as the service (production settings,
same database, same session store, same connection reuse), with only the session and CSRF
middleware: no security headers, no templates, no forms, no translations. The benchmark sends
it the same number of requests, in the same order of GETs and POSTs, as a respondent sends
the survey, and each POST answers with a redirect as the survey's do:

    GET  /f/page     a few bytes and a CSRF token (stands for every page: link, welcome,
                     question, check, sent); reads the session
    POST /f/noop     reads the form, keeps the language in the session (choosing the language)
    POST /f/start    creates a Response row and keeps its id in the session
    POST /f/answer   creates an Answer row for (the session's response, question number)
    POST /f/update   sets "someone helped" on the session's Response
    POST /f/submit   marks the session's Response sent

The rows go to a survey of their own (BENCH_FLOOR_SURVEY), never the benchmarked one.
The service's throughput divided by this one's is the "ratio to floor".
"""

import os

from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench_settings")
settings.ROOT_URLCONF = __name__
settings.MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
]

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()

from django.http import HttpResponse, HttpResponseRedirect  # noqa: E402
from django.middleware.csrf import get_token  # noqa: E402
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


PAGE = '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="{}"></form>'
SESSION_KEY = "floor_response"


def done():
    return HttpResponseRedirect("/f/page")


def held(request):
    return int(request.session[SESSION_KEY])


@require_GET
def page(request):
    request.session.get(SESSION_KEY)
    return HttpResponse(PAGE.format(get_token(request)).encode())


@require_POST
def noop(request):
    request.session["language"] = request.POST.get("language", "en")
    return done()


@require_POST
def start(request):
    response = Response.objects.create(survey_id=int(os.environ["BENCH_FLOOR_SURVEY"]),
                                       resume_code=random_code(RESUME_CODE_LENGTH))
    request.session[SESSION_KEY] = response.pk
    return done()


@require_POST
def answer(request):
    ids = item_ids()
    number = (int(request.POST["item"]) - 1) % len(ids)
    Answer.objects.create(response_id=held(request), item_id=ids[number],
                          choice=request.POST.get("choice", ""),
                          comment=request.POST.get("comment", ""))
    return done()


@require_POST
def update(request):
    Response.objects.filter(pk=held(request)).update(
        helped=request.POST.get("helped") == "yes", last_saved_at=timezone.now())
    return done()


@require_POST
def submit(request):
    Response.objects.filter(pk=held(request), status=Response.Status.IN_PROGRESS).update(
        status=Response.Status.SUBMITTED, submitted_at=timezone.now())
    return done()


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
