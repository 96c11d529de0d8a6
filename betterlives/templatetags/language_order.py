"""{% for code, name in LANGUAGES|in_council_order:current_council %}: the languages in the
order the council lists them, Cymraeg first when it chose that (betterlives.languages)."""

from django import template

from ..languages import in_language_order

register = template.Library()


@register.filter
def in_council_order(choices, council):
    return in_language_order(choices, council or None)
