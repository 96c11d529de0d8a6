"""Make reports: ask for one (`report_request`) and make it (`report_make`, run by the task).

A report is made from the data as it is when it is made, in the language chosen when it was
asked for. Asking again while the data is unchanged gives back the report there is; once the
data has changed, a new one is made. When a report is ready, the older ones of the same kind
and language are removed, so one file per kind and language is kept.
"""

import datetime
import hashlib
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import Report
from .documents import DOCUMENTS
from .html import document_html
from .render import RenderFailed, html_to_pdf

logger = logging.getLogger(__name__)

# The fingerprint is taken with the printed date fixed, so that only a change in the data (not
# the passing of time) makes a report out of date.
FINGERPRINT_TIME = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def data_fingerprint(evaluation, kind, language):
    """A hash of what the report would say if it were made now (its HTML, date fixed)."""
    html = document_html(evaluation, kind, language, made_at=FINGERPRINT_TIME)
    return hashlib.sha256(html.encode("utf-8")).hexdigest()


def report_request(*, evaluation, kind, language, user):
    """Ask for a report. Returns (report, is_new). The making is queued (the task runs it at
    once with the immediate backend). An unchanged report, or one being made, is reused."""
    from ..tasks import make_report

    if kind not in DOCUMENTS:
        raise ValueError(kind)
    fingerprint = data_fingerprint(evaluation, kind, language)
    # A report still "being made" long after the time limit lost its worker (killed or
    # restarted): it will never finish, so it is marked as failed and made again.
    stuck_before = timezone.now() - datetime.timedelta(
        seconds=settings.REPORT_TIME_LIMIT * 2 + 60)
    Report.objects.filter(evaluation=evaluation, kind=kind, language=language,
                          state=Report.State.RUNNING, started_at__lt=stuck_before).update(
        state=Report.State.FAILED, failure="error", finished_at=timezone.now())
    with transaction.atomic():
        existing = (Report.objects.select_for_update()
                    .filter(evaluation=evaluation, kind=kind, language=language,
                            fingerprint=fingerprint)
                    .exclude(state=Report.State.FAILED).defer("pdf").first())
        if existing is not None:
            return existing, False
        report = Report.objects.create(
            evaluation=evaluation, kind=kind, language=language, fingerprint=fingerprint,
            requested_by=user if getattr(user, "is_authenticated", False) else None)
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
    report = Report.objects.select_related("evaluation__council").defer("pdf").get(pk=report_pk)
    try:
        html = document_html(report.evaluation, report.kind, report.language,
                             made_at=timezone.now())
        pdf, pages = html_to_pdf(html)
    except RenderFailed as failure:
        logger.warning("report %s could not be made: %s", report.pk, failure.reason)
        Report.objects.filter(pk=report.pk).update(
            state=Report.State.FAILED, failure=failure.reason, finished_at=timezone.now())
        return None
    with transaction.atomic():
        Report.objects.filter(pk=report.pk).update(
            state=Report.State.READY, pdf=pdf, size=len(pdf), pages=pages,
            finished_at=timezone.now())
        # Keep one report per kind and language: the newest ready one.
        (Report.objects.filter(evaluation=report.evaluation, kind=report.kind,
                               language=report.language)
         .exclude(pk=report.pk).exclude(state__in=[Report.State.QUEUED, Report.State.RUNNING])
         .delete())
    return report.pk

