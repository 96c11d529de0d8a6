"""Render one document's template to a PDF in the test's own process, as the background
worker does (a document's HTML from its template and context, in one language, then
`betterlives.pdf.html_to_pdf_here`), for tests that read a PDF back with pypdf."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from betterlives.pdf import html_to_pdf_here


def render_pdf(template_name, context, *, language=None):
    """PDF bytes of `template_name` with `context`, in `language` (default: the current one)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        html = render_to_string(template_name, {"service_name": settings.SERVICE_NAME, **context})
    return html_to_pdf_here(html)[0]
