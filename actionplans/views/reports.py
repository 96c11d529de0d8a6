"""The reports page: make the board pack, the Easy Read summary and the action plan as PDFs,
see how each is getting on, and download them.

Everyone in the council may make and download reports (they change no data); another
council, and anyone signed out, gets 404 for a download.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from ..models import Report
from ..reports.selectors import report_get, report_rows
from ..reports.services import report_request
from .base import PlanMixin


class ReportListView(PlanMixin, TemplateView):
    template_name = "actionplans/reports.html"

    def get_context_data(self, **kwargs):
        language = translation.get_language()
        return super().get_context_data(
            rows=report_rows(evaluation=self.evaluation, language=language),
            language=language, **kwargs)


class ReportMakeView(PlanMixin, View):
    """POST: ask for one kind of report in the current language."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        kind = request.POST.get("kind", "")
        if kind not in Report.Kind.values:
            raise Http404
        report, is_new = report_request(evaluation=self.evaluation, kind=kind,
                                        language=translation.get_language(),
                                        user=request.user)
        label = Report.Kind(kind).label
        if report.state == Report.State.FAILED:
            messages.error(request, _("We could not make the %(report)s.") % {"report": label})
        elif not is_new and report.state == Report.State.READY:
            messages.success(request, _("The %(report)s is already up to date.")
                             % {"report": label})
        elif report.state == Report.State.READY:
            messages.success(request, _("The %(report)s is ready to download.")
                             % {"report": label})
        else:
            messages.success(request, _("The %(report)s is being made. Check this page again "
                                        "in a minute.") % {"report": label})
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
        response = HttpResponse(bytes(report.pdf), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{report.filename()}"'
        response["Content-Language"] = report.language
        response["X-Content-Type-Options"] = "nosniff"
        return response
