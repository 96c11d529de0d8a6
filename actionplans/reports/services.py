"""Make reports: ask for one (`report_request`) and make it (`report_make`, run by the task).

A report is made from the data as it is when it is asked for, in the language chosen then
(not the language of the page it was asked from): its HTML is written when it is asked for,
from the same reading of the data as its fingerprint, and kept on the report until the task
has rendered it (so the data is read once, and the file says exactly what the fingerprint
describes). Asking again while the data is unchanged gives back the report there is; once
the data has changed, a new one is made. When a report is ready, the older ones of the same
kind and language are removed, so one file per kind and language is kept.

A council in Wales gets every report in Welsh and in English: asking for one there asks for
both (`reports_request`, `report_languages`). A council in England gets the one it asks for.

The paper questionnaire of a survey and the pack of a workshop are made the same way, one
language at a time: `report_request(..., survey=...)` or `(..., workshop=...)`, with `site`,
the address their printed links point at. One file is kept per survey or workshop and
language.
"""

import datetime
import hashlib
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, OuterRef, Subquery
from django.utils import timezone

from betterlives.models import Council
from evaluations.models import Evaluation

from ..models import Report
from .documents import ALL_DOCUMENTS
from .html import document_html, document_html_twice
from .render import RenderFailed, html_to_pdf

logger = logging.getLogger(__name__)

# The fingerprint is taken with the printed date fixed, so that only a change in the data (not
# the passing of time) makes a report out of date.
FINGERPRINT_TIME = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def fingerprint_of(fixed_html):
    """The fingerprint of a document's HTML written with the date fixed at FINGERPRINT_TIME."""
    return hashlib.sha256(fixed_html.encode("utf-8")).hexdigest()


def data_fingerprint(evaluation, kind, language, subject=None):
    """A hash of what the report would say if it were made now (its HTML, date fixed)."""
    return fingerprint_of(document_html(evaluation, kind, language, made_at=FINGERPRINT_TIME,
                                        subject=subject))


def _latest(model, path, field, **extra):
    """A subquery: (count, latest `field`) of `model` rows of the evaluation at `path`."""
    rows = (model.objects.filter(**{path: OuterRef("pk")}, **extra).order_by()
            .values(path).annotate(n=Count("pk"), last=Max(field)))
    return Subquery(rows.values("n")[:1]), Subquery(rows.values("last")[:1])


def data_version(evaluation):
    """A hash of counts and latest changes of everything a report reads, in one query.

    Cheap enough for every view of the reports page; it tells whether a report made earlier
    is out of date. (Asking for a report again compares the exact fingerprint.)"""
    from betterlives.models import AuditEvent
    from evaluations.models import (
        Answer,
        EnablerAnswer,
        Evaluation,
        IndicatorValue,
        Response,
        Vote,
        Workshop,
        WorkshopRating,
    )

    parts = {}
    sources = {
        "answers": (Answer, "response__survey__evaluation", "saved_at", {}),
        "sent": (Response, "survey__evaluation", "submitted_at", {"status": "submitted"}),
        "workshops": (Workshop, "evaluation", "updated_at", {}),
        "ratings": (WorkshopRating, "workshop__evaluation", "updated_at", {}),
        "votes": (Vote, "live_vote__workshop__evaluation", "updated_at",
                  {"live_vote__practice": False}),
        "enablers": (EnablerAnswer, "evaluation", "updated_at", {}),
        "indicators": (IndicatorValue, "evaluation", "updated_at", {}),
    }
    for name, (model, path, field, extra) in sources.items():
        parts[f"{name}_n"], parts[f"{name}_last"] = _latest(model, path, field, **extra)
    for tag in ("working", "not_working", "idea"):
        parts[f"tag_{tag}"], _last = _latest(Answer, "response__survey__evaluation", "pk",
                                             comment_tag=tag)
    parts["hidden"], _last = _latest(Answer, "response__survey__evaluation", "pk",
                                     comment_hidden=True)
    # Steps 2 and 3 write the audit trail on every change.
    parts["audit"] = Subquery(AuditEvent.objects.filter(council=OuterRef("council")).order_by(
        "-pk").values("pk")[:1])
    row = Evaluation.objects.filter(pk=evaluation.pk).values(
        "title", "period_start", "period_end", "status", "council__name",
        "council__small_number_threshold", "framework_version_id", **parts).first()
    return hashlib.sha256(repr(sorted(row.items())).encode("utf-8")).hexdigest()


WELSH = "cy"


def council_languages(council):
    """Every language of the service, in the order the council reads them: Welsh first for a
    council in Wales."""
    codes = [code for code, _name in settings.LANGUAGES]
    if council.nation == Council.Nation.WALES:
        return sorted(codes, key=lambda code: code != WELSH)
    return codes


def report_languages(*, council, language):
    """The languages a report asked for in `language` is made in: for a council in Wales,
    every language (Welsh first); for a council in England, just `language`."""
    if council.nation == Council.Nation.WALES:
        return council_languages(council)
    return [language]


def reports_request(*, evaluation, kind, language, user):
    """Ask for a report in `language`, and in the other language too for a council in Wales.
    Returns [(report, is_new)], one for each language (`report_languages`), in that order."""
    return [report_request(evaluation=evaluation, kind=kind, language=code, user=user)
            for code in report_languages(council=evaluation.council, language=language)]


def _same_document(report):
    """The filter for every report of the same document as `report` (in its language)."""
    return {"evaluation": report.evaluation, "kind": report.kind, "language": report.language,
            "survey": report.survey, "workshop": report.workshop}


def report_request(*, evaluation, kind, language, user, survey=None, workshop=None, site=""):
    """Ask for a report. Returns (report, is_new). The making is queued (the task runs it at
    once with the immediate backend). An unchanged report, or one being made, is reused.

    A paper questionnaire is of a `survey`, a workshop pack of a `workshop` (both of this
    evaluation); `site` is the address their links point at ("https://host")."""
    from ..tasks import make_report

    if kind not in ALL_DOCUMENTS:
        raise ValueError(kind)
    if language not in dict(settings.LANGUAGES):
        raise ValueError(language)
    report = Report(evaluation=evaluation, kind=kind, language=language,
                    survey=survey if kind == Report.Kind.PAPER else None,
                    workshop=workshop if kind == Report.Kind.WORKSHOP_PACK else None,
                    site=site if kind in (Report.Kind.PAPER, Report.Kind.WORKSHOP_PACK) else "")
    same = _same_document(report)
    html, fixed = document_html_twice(evaluation, kind, language, made_at=timezone.now(),
                                      fixed_at=FINGERPRINT_TIME, subject=report.subject())
    report.fingerprint = fingerprint_of(fixed)
    # A report still "being made" long after the time limit lost its worker (killed or
    # restarted): it will never finish, so it is marked as failed and made again.
    stuck_before = timezone.now() - datetime.timedelta(
        seconds=settings.REPORT_TIME_LIMIT * 2 + 60)
    Report.objects.filter(**same, state=Report.State.RUNNING,
                          started_at__lt=stuck_before).update(
        state=Report.State.FAILED, failure="error", finished_at=timezone.now(), html="")
    with transaction.atomic():
        # Two requests at the same moment (a double click that lands on two app servers)
        # would both find no report and both make one: each waits here for the other.
        Evaluation.objects.select_for_update().filter(pk=evaluation.pk).values_list(
            "pk", flat=True).first()
        existing = (Report.objects.select_for_update()
                    .filter(**same, fingerprint=report.fingerprint)
                    .exclude(state=Report.State.FAILED).defer("pdf", "html").first())
        version = data_version(evaluation)
        if existing is not None:
            if existing.data_version != version:  # changed, yet it would say the same
                Report.objects.filter(pk=existing.pk).update(data_version=version)
                existing.data_version = version
            return existing, False
        report.data_version = version
        report.html = html
        report.requested_by = user if getattr(user, "is_authenticated", False) else None
        report.save()
    make_report.enqueue(report.pk)
    report.refresh_from_db(fields=["state", "failure", "pages", "size", "finished_at"])
    return report, True


def report_make(*, report_pk):
    """Make the PDF of a queued report; record it as ready or failed. Never raises for a
    document that cannot be made: the person sees why on the reports page."""
    claimed = Report.objects.filter(pk=report_pk, state=Report.State.QUEUED).update(
        state=Report.State.RUNNING, started_at=timezone.now())
    if not claimed:
        return None
    report = (Report.objects.select_related("evaluation__council", "survey", "workshop")
              .defer("pdf").get(pk=report_pk))
    try:
        html = report.html or document_html(report.evaluation, report.kind, report.language,
                                            made_at=timezone.now(), subject=report.subject())
        pdf, pages = html_to_pdf(html)
    except RenderFailed as failure:
        logger.warning("report %s could not be made: %s", report.pk, failure.reason)
        Report.objects.filter(pk=report.pk).update(
            state=Report.State.FAILED, failure=failure.reason, finished_at=timezone.now(),
            html="")
        return None
    with transaction.atomic():
        Report.objects.filter(pk=report.pk).update(
            state=Report.State.READY, pdf=pdf, size=len(pdf), pages=pages,
            finished_at=timezone.now(), html="")
        # Keep one report per kind and language (and survey or workshop): the newest ready.
        (Report.objects.filter(**_same_document(report))
         .exclude(pk=report.pk).exclude(state__in=[Report.State.QUEUED, Report.State.RUNNING])
         .delete())
    return report.pk

