"""The document store that the survey's and workshop's pages in `evaluations` use for the
paper questionnaire and the workshop pack (see evaluations/document_store.py). This module is the
store: `ActionPlansConfig.ready()` registers it there. The documents are reports, made and
kept like the others."""

from ..models import Report
from .services import report_request


def ask(*, evaluation, kind, language, user, site, survey=None, workshop=None):
    """Ask for the document (reused while nothing it shows has changed)."""
    report, _is_new = report_request(evaluation=evaluation, kind=kind, language=language,
                                      user=user, site=site, survey=survey, workshop=workshop)
    return report


def find(*, evaluation, kind, pk, survey=None, workshop=None):
    """That document of this evaluation and subject (without its HTML), or None."""
    subject = {"survey": survey} if kind == Report.Kind.PAPER else {"workshop": workshop}
    return (Report.objects.filter(evaluation=evaluation, kind=kind, pk=pk, **subject)
            .select_related("evaluation").defer("html").first())


def is_ready(report):
    return report.state == Report.State.READY
