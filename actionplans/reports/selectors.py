"""Reads for the reports pages."""

from django.http import Http404

from ..models import Report
from .services import data_version


def report_get(*, evaluation, pk):
    """One report of this evaluation, with its PDF, or 404."""
    report = Report.objects.filter(evaluation=evaluation, pk=pk).first()
    if report is None:
        raise Http404
    return report


class ReportRow:
    """One kind of report in one language: the newest report made, and whether it is up to
    date with the data now."""

    def __init__(self, kind, report, version):
        self.kind = kind
        self.label = Report.Kind(kind).label
        self.report = report
        self.up_to_date = report is not None and report.data_version == version


def report_rows(*, evaluation, language):
    """Each kind of report with its newest report in `language`, and whether it is up to
    date with the data now (two queries)."""
    newest = {}
    for report in (Report.objects.filter(evaluation=evaluation, language=language)
                   .defer("pdf").order_by("kind", "-requested_at", "-pk")):
        newest.setdefault(report.kind, report)
    version = data_version(evaluation) if newest else None
    return [ReportRow(kind, newest.get(kind), version) for kind in Report.Kind.values]


def reports_ready(evaluation):
    """For the task list: the kinds of report ready in any language."""
    return set(Report.objects.filter(evaluation=evaluation, state=Report.State.READY)
               .values_list("kind", flat=True))
