"""{% page_recording council item=item as recording %} or
{% page_recording council page="welcome" as recording %}: the council's recording of a
person reading this question or page in the page's language, or None
(domains.recordings.recording_for)."""

from django import template

from domains.recordings import recording_for

register = template.Library()


@register.simple_tag
def page_recording(council, item=None, page=""):
    return recording_for(council, item=item, page=page)
