"""The HTML of a document, in a language, ready for the PDF renderer."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from .documents import ALL_DOCUMENTS


def _build(evaluation, kind, subject, made_at):
    template_name, build_context = ALL_DOCUMENTS[kind]
    kwargs = dict(subject or {})
    if made_at:
        kwargs["made_at"] = made_at
    context = build_context(evaluation, **kwargs)
    return template_name, {"service_name": settings.SERVICE_NAME, **context}


def document_html(evaluation, kind, language, *, made_at=None, subject=None):
    """Render the template of document `kind` for this evaluation, in `language`. `subject`
    is what the paper questionnaire and the workshop pack are of (Report.subject)."""
    with translation.override(language):
        template_name, context = _build(evaluation, kind, subject, made_at)
        return render_to_string(template_name, context)


def document_html_twice(evaluation, kind, language, *, made_at, fixed_at, subject=None):
    """(HTML made at `made_at`, HTML with the date fixed at `fixed_at`) from one reading of
    the data: the date printed is all that differs (the second is for the fingerprint)."""
    with translation.override(language):
        template_name, context = _build(evaluation, kind, subject, made_at)
        html = render_to_string(template_name, context)
        if "made_at" not in context:  # a document with no date
            return html, html
        return html, render_to_string(template_name, {**context, "made_at": fixed_at})
