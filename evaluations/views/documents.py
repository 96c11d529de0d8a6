"""Printable documents made in the background, as the reports are: the paper questionnaire
(views/paper.py) and the workshop pack (views/workshop_pack.py).

Each has three addresses:

- the document's own address (`….pdf`, the link on the page) asks for it, in the language
  of `?language=` or else of the page, and goes to its status page. Asking again while
  nothing it shows has changed gives back the file there is;
- the status page says it is being made (with a "Check again" button, no JavaScript needed),
  or gives the link to download it, or says why it could not be made;
- the download gives the PDF once it is ready (before that, the status page).

A file asked for with `?language=` keeps that language at the end of its name ("-cy"), as
before; the query is carried from one address to the next. The subclass finds the survey or
workshop (another council 404, a role without permission 403) and says what the document
is of (`subject`), its file name and where "Back" goes. The documents are made and kept by
the document store (evaluations/document_store.py).
"""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control
from django.views import View
from django.views.generic import TemplateView

from ..document_store import document_store
from ..exports import file_language


class DocumentMixin:
    kind = None  # document_store.PAPER or WORKSHOP_PACK
    url_names = ("", "", "")  # (ask, status, download) in the evaluations namespace
    heading = ""
    download_label = ""

    def subject(self):
        """{"survey": …} or {"workshop": …}: what the document is of."""
        raise NotImplementedError

    def url_kwargs(self):
        raise NotImplementedError

    def file_stem(self):
        """The file's name without "-paper-questionnaire.pdf" and the like."""
        raise NotImplementedError

    def back(self):
        """(address, words) of the link back."""
        raise NotImplementedError

    def document_url(self, which, report=None, language_query=""):
        from django.urls import reverse

        kwargs = self.url_kwargs()
        if report is not None:
            kwargs["report_pk"] = report.pk
        name = self.url_names[("ask", "status", "download").index(which)]
        return reverse(f"evaluations:{name}", kwargs=kwargs) + language_query

    def language_query(self, report=None):
        """"?language=xx" when the file was asked for in a language (and it is this one)."""
        asked = self.request.GET.get("language")
        language, suffix = file_language(asked)
        if not suffix or (report is not None and report.language != language):
            return ""
        return f"?language={language}"

    def get_report(self):
        subject = self.subject()  # finds the survey or workshop (and the evaluation)
        report = document_store().find(evaluation=self.evaluation, kind=self.kind,
                                       pk=self.kwargs["report_pk"], **subject)
        if report is None:
            raise Http404
        return report


class DocumentAskView(DocumentMixin, View):
    """GET: ask for the document (reused while nothing in it has changed), then its page."""

    def get(self, request, *args, **kwargs):
        subject = self.subject()  # finds the survey or workshop (and the evaluation)
        language, _suffix = file_language(request.GET.get("language"))
        report = document_store().ask(
            evaluation=self.evaluation, kind=self.kind, language=language, user=request.user,
            site=request.build_absolute_uri("/").rstrip("/"), **subject)
        return redirect(self.document_url("status", report, self.language_query()))


class DocumentStatusView(DocumentMixin, TemplateView):
    template_name = "evaluations/document_status.html"

    def get_context_data(self, **kwargs):
        report = self.get_report()
        query = self.language_query(report)
        back_url, back_label = self.back()
        return super().get_context_data(
            evaluation=self.evaluation, report=report, heading=self.heading,
            download_label=self.download_label, caption=self.caption(),
            download_url=self.document_url("download", report, query),
            status_url=self.document_url("status", report, query),
            ask_url=self.document_url("ask", language_query=query),
            back_url=back_url, back_label=back_label, **kwargs)


class DocumentDownloadView(DocumentMixin, View):
    def get(self, request, *args, **kwargs):
        report = self.get_report()
        query = self.language_query(report)
        if not document_store().is_ready(report):
            return redirect(self.document_url("status", report, query))
        suffix = f"-{report.language}" if query else ""
        response = HttpResponse(bytes(report.pdf), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="{self.file_stem()}{suffix}.pdf"')
        response["Content-Language"] = report.language
        response["X-Content-Type-Options"] = "nosniff"
        patch_cache_control(response, private=True, no_cache=True)
        return response
