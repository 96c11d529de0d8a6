"""{% submission_key %}: the hidden submission key of a hand-written create form
(betterlives.store_once), a new one each time the blank form is shown."""

import uuid

from django import template
from django.utils.html import format_html

from betterlives.store_once import FIELD

register = template.Library()


@register.simple_tag
def submission_key():
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, uuid.uuid4())
