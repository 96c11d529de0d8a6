"""{% published_you_said_url survey as url %}: the address of the public "You said, we did"
page for a survey's link, or "" while it is not published (one query)."""

from django import template
from django.urls import reverse

from ..models import PublicYouSaid

register = template.Library()


@register.simple_tag
def published_you_said_url(survey):
    if survey is None or not PublicYouSaid.objects.filter(
            evaluation_id=survey.evaluation_id, published=True).exists():
        return ""
    return reverse("surveys:you_said", args=[survey.token])
