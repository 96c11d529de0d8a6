"""{{ domain|easy_read_title }} and {{ domain|easy_read_details }}: a domain's Easy Read name
and the rest of its Easy Read summary (domains.easy_read)."""

from django import template

from domains import easy_read

register = template.Library()

register.filter("easy_read_title", easy_read.easy_read_title)
register.filter("easy_read_details", easy_read.easy_read_details)
