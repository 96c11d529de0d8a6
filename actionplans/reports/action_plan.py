"""The action plan on its own, A4 landscape: counts by status, then a table of actions for
each domain (action, what will happen, lead, due date, status, Good Lives codes)."""

from django.utils.translation import gettext_lazy as _

from .common import document_context, plan


def action_plan_context(evaluation, made_at=None):
    context = document_context(evaluation, made_at, _("Action plan: {title}"))
    return {**context, "plan": plan(evaluation)}
