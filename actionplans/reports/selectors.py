"""Reads for the reports pages."""

from django.conf import settings
from django.http import Http404

from ..models import Report
from .services import data_version


def report_get(*, evaluation, pk):
    """One report of this evaluation, with its PDF, or 404."""
    report = Report.objects.filter(evaluation=evaluation, pk=pk).defer("html").first()
    if report is None:
        raise Http404
    return report


def language_name(code):
    """A language in words, in that language (as the language switcher names it)."""
    return str(dict(settings.LANGUAGES).get(code, code))


class ReportVersion:
    """One kind of report in one language: the newest report made, and whether it is up to
    date with the data now."""

    def __init__(self, language, report, version):
        self.language = language
        self.language_name = language_name(language)
        self.report = report
        self.up_to_date = report is not None and report.data_version == version


class ReportRow:
    """One kind of report, with a ReportVersion for each language."""

    def __init__(self, kind, versions):
        self.kind = kind
        self.label = Report.Kind(kind).label
        self.versions = versions

    @property
    def made(self):
        """Whether any report of this kind has been asked for, in any language."""
        return any(version.report for version in self.versions)

    @property
    def being_made(self):
        return any(version.report and version.report.state in (
            Report.State.QUEUED, Report.State.RUNNING) for version in self.versions)


def report_rows(*, evaluation, languages):
    """Each kind of report with its newest report in each of `languages`, and whether it is up
    to date with the data now (two queries)."""
    newest = {}
    for report in (Report.objects.filter(evaluation=evaluation, language__in=languages,
                                         kind__in=Report.EVALUATION_KINDS)
                   .defer("pdf", "html").order_by("kind", "language", "-requested_at", "-pk")):
        newest.setdefault((report.kind, report.language), report)
    version = data_version(evaluation) if newest else None
    return [ReportRow(kind, [ReportVersion(language, newest.get((kind, language)), version)
                             for language in languages])
            for kind in Report.EVALUATION_KINDS]

