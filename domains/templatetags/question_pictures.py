"""{% question_picture item council as picture %}: the picture a survey page shows for a
question (see domains.selectors.question_picture), with `url` ready for <img src>."""

from django import template
from django.templatetags.static import static

from domains.selectors import question_picture as picture_for

register = template.Library()


@register.simple_tag
def question_picture(item, council):
    picture = picture_for(item, council)
    return {**picture, "url": static(picture["src"]) if picture["static"] else picture["src"]}
