"""Nothing secret or personal in the logs: every log record (root at DEBUG, and the request
and security loggers) is captured through whole journeys and searched for what people typed,
the links and codes that open a survey or vote, session ids and passwords."""

import logging
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from evaluations.models import Response
from evaluations.selectors.surveys import survey_items

pytestmark = pytest.mark.django_db

COMMENT = "Marmalade kettle whispers 73915"
WRONG_PASSWORD = "Wrong-Horse-Battery-8841"
LOGGERS = ("", "django", "django.request", "django.security", "django.security.csrf",
           "django.server", "axes", "gunicorn.access")


@pytest.fixture
def logs(caplog):
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name or None)
    return caplog


# Django's template engine logs, at DEBUG, every variable a template could not find with the
# whole context (the request path, the CSRF token). Tested on its own below.
TEMPLATE_LOGGER = "django.template"


def from_logger(record, name):
    return record.name == name or record.name.startswith(f"{name}.")


def logged_text(caplog, only=None):
    """Every record as it would be written; of the logger `only` (and its children) if given,
    else of every logger but the template engine's."""
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    return "\n".join(
        formatter.format(record) for record in caplog.records
        if (from_logger(record, only) if only else not from_logger(record, TEMPLATE_LOGGER)))


def assert_nothing_secret(caplog, secrets, only=None):
    text = logged_text(caplog, only)
    leaked = {name: value for name, value in secrets.items() if value and value in text}
    assert not leaked, f"The logs hold {sorted(leaked)}:\n{text}"


def session_ids(*clients):
    return {f"session id {n}": c.cookies["sessionid"].value
            for n, c in enumerate(clients) if "sessionid" in c.cookies}


def survey_journey(world):
    """Start by short code, answer with a comment, stop, resume by code elsewhere, send."""
    survey, token = world.survey, world.survey.token
    phone, laptop = Client(), Client()
    assert phone.post(reverse("surveys:code"), {"code": survey.short_code}).status_code == 302
    phone.post(reverse("surveys:start", args=[token]), {"language": "en"})
    phone.post(reverse("surveys:welcome", args=[token]))
    items = survey_items(survey)
    phone.get(reverse("surveys:question", args=[token, 1]))
    phone.post(reverse("surveys:question", args=[token, 1]),
               {"choice": "good", "comment": COMMENT, "action": "stop"})
    response = Response.objects.latest("pk")  # made by the first saved answer
    assert response.resume_code_display in phone.get(
        reverse("surveys:stop", args=[token])).content.decode()
    resumed = laptop.post(reverse("surveys:code"), {"code": response.resume_code_display})
    assert resumed.status_code == 302
    for number in range(2, len(items) + 1):
        laptop.post(reverse("surveys:question", args=[token, number]), {"choice": "not_sure"})
    laptop.post(reverse("surveys:helped", args=[token]), {"helped": "no"})
    assert COMMENT in laptop.get(reverse("surveys:check", args=[token])).content.decode()
    assert laptop.post(reverse("surveys:send", args=[token])).status_code == 302
    response.refresh_from_db()
    assert response.is_submitted
    return response, [phone, laptop]


def vote_journey(world):
    phone = Client()
    code = world.live_vote.code
    assert phone.post(reverse("surveys:code"), {"code": code}).status_code == 302
    phone.post(reverse("votes:join", args=[code]), {"group": "lived_experience"})
    assert phone.post(reverse("votes:vote", args=[code]),
                      {"choice": "not_good", "domain": "1"}).status_code == 302
    phone.get(reverse("votes:state", args=[code]))
    return phone


def test_journeys_log_nothing_secret(logs, world, facilitator):
    response, survey_clients = survey_journey(world)
    phone = vote_journey(world)
    browser = Client()
    wrong = browser.post(reverse("login"), {"username": facilitator.username,
                                            "password": WRONG_PASSWORD})
    assert wrong.status_code == 200
    staff = Client()
    staff.force_login(facilitator)
    download = staff.get(reverse("actionplans:report_download", kwargs={
        "council_slug": world.council.slug, "pk": world.evaluation.pk,
        "report_pk": world.report.pk}))
    assert download.status_code == 200
    assert logs.records, "nothing was captured: is the log capture working?"
    assert_nothing_secret(logs, {
        "comment": COMMENT, "survey token": world.survey.token,
        "short code": world.survey.short_code, "resume code": response.resume_code,
        "resume code as shown": response.resume_code_display,
        "submission key": str(response.submission_key), "vote code": world.live_vote.code,
        "password": WRONG_PASSWORD,
        **session_ids(*survey_clients, phone, browser, staff),
    })


def test_mistakes_on_survey_pages_log_nothing_secret(logs, world):
    """Links that do not work, wrong codes and expired forms are logged (as warnings) without
    what was typed."""
    client = Client()
    client.post(reverse("surveys:code"), {"code": "ZZZ ZZZ"})
    client.post(reverse("surveys:code"), {"code": COMMENT})
    client.get("/s/" + world.survey.token[:-1] + "x/")
    strict = Client(enforce_csrf_checks=True)
    strict.post(reverse("surveys:start", args=[world.survey.token]), {"language": "en"})
    strict.post(reverse("surveys:code"), {"code": world.unfinished.resume_code})
    assert re.search(r"WARNING", logged_text(logs))
    assert_nothing_secret(logs, {"comment": COMMENT,
                                 "resume code": world.unfinished.resume_code})


def test_errors_on_a_real_survey_link_do_not_log_its_token(logs, world):
    token = world.survey.token
    client = Client()
    client.post(reverse("surveys:welcome", args=[token]))
    client.get(reverse("surveys:question", args=[token, 99]))
    strict = Client(enforce_csrf_checks=True)
    strict.post(reverse("surveys:start", args=[token]), {"language": "en"})
    assert_nothing_secret(logs, {"survey token": token}, only="django.request")
    assert_nothing_secret(logs, {"survey token": token}, only="django.security")


def test_template_debug_logging_does_not_dump_survey_pages(logs, world):
    response, _clients = survey_journey(world)
    assert_nothing_secret(logs, {"survey token": world.survey.token,
                                 "resume code": response.resume_code}, only=TEMPLATE_LOGGER)


def test_password_reset_links_stay_out_of_the_access_log(logs, facilitator):
    """The app server writes every request's path to its access log (gunicorn passes it as
    the record's arguments): a reset link's account id and token are hidden, for the link in
    the email and for the page it leads to."""
    access = logging.getLogger("gunicorn.access")
    access.setLevel(logging.INFO)
    browser = Client()
    browser.post(reverse("password_reset"), {"email": facilitator.email})
    [email] = mail.outbox
    link = re.search(r"https?://[^/\s]+(/\S*password-reset/\S+/)", email.body).group(1)
    uid, token = link.rstrip("/").split("/")[-2:]
    response = browser.get(link)
    assert response.status_code == 302
    for path in (link, response.url):
        access.info('%(h)s "%(r)s" %(s)s', {"h": "192.0.2.1", "r": f"GET {path} HTTP/1.1",
                                            "s": "302", "U": path})
    text = logged_text(logs)
    assert "/password-reset/…/" in text
    assert_nothing_secret(logs, {"reset token": token, "account id": f"/{uid}/"})
