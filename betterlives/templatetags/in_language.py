"""Words that stay in their own language on a page in another one (WCAG 3.1.2), such as the
title of a publication that exists only in English."""

from django import template
from django.utils import translation
from django.utils.html import conditional_escape, format_html

register = template.Library()


@register.filter
def in_english(text):
    """`text` marked lang="en" when the page is not in English; as it is otherwise."""
    if (translation.get_language() or "en").split("-")[0] == "en":
        return conditional_escape(text)
    return format_html('<span lang="en">{}</span>', text)
