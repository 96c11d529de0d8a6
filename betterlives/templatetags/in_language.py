"""Words that stay in their own language on a page in another one (WCAG 3.1.2), such as the
title of a publication that exists only in English."""

from django import template
from django.utils import translation
from django.utils.html import conditional_escape, format_html

register = template.Library()


def _english_page():
    return (translation.get_language() or "en").split("-")[0] == "en"


@register.filter
def in_english(text):
    """`text` marked lang="en" when the page is not in English; as it is otherwise."""
    if _english_page():
        return conditional_escape(text)
    return format_html('<span lang="en">{}</span>', text)


def _shown(english, shown):
    """`shown`, marked lang="en" when it is still the English on a page in another language."""
    if shown == english and not _english_page():
        return format_html('<span lang="en">{}</span>', shown)
    return conditional_escape(shown)


@register.filter
def recorded_action(event):
    """What an audit event says happened, in the page's language (the audit trail is kept in
    English: betterlives.audit)."""
    return _shown(event.action, event.shown_action)


@register.filter
def recorded_name(name):
    """The name of a changed field in an audit event, in the page's language, capitalised."""
    shown = translation.gettext(name)
    return _shown(name[:1].upper() + name[1:], shown[:1].upper() + shown[1:])


@register.filter
def recorded_value(value):
    """A value in an audit event: the service's own words (yes, a choice's label) in the page's
    language; what people typed as they typed it."""
    return translation.gettext(value) if value else value
