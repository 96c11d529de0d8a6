"""CSV and Excel downloads of the results (anyone in the council) and of anonymised responses
(facilitators only: one row per answer says more than any page).

`?language=en` or `?language=cy` makes the file in that language whatever language the page
is in; without it, or with anything else, the file is in the language of the page.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils.text import slugify
from django.views import View

from betterlives.access import MANAGE, role_allows

from ..exports import TABLES, export_file, file_language
from .evaluation_base import EvaluationMixin

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

FACILITATORS_ONLY = {"responses"}


class ExportView(EvaluationMixin, View):
    def get(self, request, *args, table, file_format, **kwargs):
        if table not in TABLES or file_format not in CONTENT_TYPES:
            raise Http404
        if table in FACILITATORS_ONLY and not role_allows(self.membership.role, MANAGE):
            raise PermissionDenied
        language, suffix = file_language(request.GET.get("language"))
        body = export_file(self.evaluation, table, file_format, language)
        name = f"{slugify(self.evaluation.title)}-{table}{suffix}.{file_format}"
        response = HttpResponse(body, content_type=CONTENT_TYPES[file_format])
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Content-Language"] = language
        response["Cache-Control"] = "no-store"
        return response
