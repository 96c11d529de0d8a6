"""The reports page: make the board pack, the Easy Read summary and the action plan as PDFs,
in English or in Welsh whatever language the page is in, see how each is getting on, and
download them.

A council in England gets the language it asks for. A council in Wales gets every report in
Welsh and in English: asking for one there makes both (reports/services.py).

Everyone in the council may make and download reports (they change no data); another
council, and anyone signed out, gets 404 for a download.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from evaluations.exports import chosen_language

from ..models import Report
from ..reports.selectors import language_name, report_get, report_rows
from ..reports.services import council_languages, report_languages, reports_request
from .base import PlanMixin


class ReportListView(PlanMixin, TemplateView):
    template_name = "actionplans/reports.html"

    def get_context_data(self, **kwargs):
        language = chosen_language(translation.get_language())
        languages = council_languages(self.council)
        both = len(report_languages(council=self.council, language=language)) > 1
        return super().get_context_data(
            rows=report_rows(evaluation=self.evaluation, languages=languages),
            language=language, makes_every_language=both,
            language_choices=[(code, language_name(code)) for code in languages], **kwargs)


# What asking for a report says, by how it went: (level, wording). %(report)s is the report's
# name, with the languages it was made in when they are not just the language of the page.
OUTCOMES = {
    "failed": (messages.ERROR, gettext_lazy("We could not make the %(report)s.")),
    "unchanged": (messages.SUCCESS, gettext_lazy("The %(report)s is already up to date.")),
    "ready": (messages.SUCCESS, gettext_lazy("The %(report)s is ready to download.")),
    "waiting": (messages.SUCCESS, gettext_lazy("The %(report)s is being made. Check this page "
                                               "again in a minute.")),
}


def outcome(report, is_new):
    if report.state == Report.State.FAILED:
        return "failed"
    if report.state == Report.State.READY:
        return "ready" if is_new else "unchanged"
    return "waiting"


def outcome_messages(kind, made):
    """[(level, message)] for the reports asked for: one message for the languages that went
    the same way. `made` is [(report, is_new)]."""
    by_outcome = {}
    for report, is_new in made:
        by_outcome.setdefault(outcome(report, is_new), []).append(report.language)
    label = Report.Kind(kind).label
    said = []
    for key, languages in by_outcome.items():
        level, wording = OUTCOMES[key]
        name = label
        if languages != [translation.get_language()]:
            name = _("%(report)s (%(languages)s)") % {
                "report": label, "languages": ", ".join(language_name(c) for c in languages)}
        said.append((level, str(wording) % {"report": name}))
    return said


class ReportMakeView(PlanMixin, View):
    """POST: ask for one kind of report in the language chosen (the language of the page if
    none or an unknown one is given); a council in Wales gets it in both languages."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        kind = request.POST.get("kind", "")
        if kind not in Report.EVALUATION_KINDS:
            raise Http404
        made = reports_request(evaluation=self.evaluation, kind=kind,
                               language=chosen_language(request.POST.get("language")),
                               user=request.user)
        for level, message in outcome_messages(kind, made):
            messages.add_message(request, level, message)
        return redirect(self.plan_url("reports") + f"#report-{kind}")


class ReportDownloadView(PlanMixin, View):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            raise Http404  # a report's address says nothing to someone signed out
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        report = report_get(evaluation=self.evaluation, pk=kwargs["report_pk"])
        if report.state != Report.State.READY:
            return render(request, "actionplans/report_not_ready.html", {
                "council": self.council, "current_council": self.council,
                "membership": self.membership, "evaluation": self.evaluation,
                "report": report, "plan_crumb": True,
            })
        with translation.override(report.language):  # the file is named in its own language
            filename = report.filename()
        response = HttpResponse(bytes(report.pdf), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Content-Language"] = report.language
        response["X-Content-Type-Options"] = "nosniff"
        return response
