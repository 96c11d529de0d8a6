"""The HTML of a report, in a language, ready for the PDF renderer."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from .documents import DOCUMENTS


def document_html(evaluation, kind, language, *, made_at=None):
    """Render the template of report `kind` for this evaluation, in `language`."""
    template_name, build_context = DOCUMENTS[kind]
    with translation.override(language):
        context = build_context(evaluation, made_at=made_at) if made_at else build_context(
            evaluation)
        return render_to_string(template_name, {"service_name": settings.SERVICE_NAME,
                                                **context})
