"""What every action plan page shares: the evaluation, the roles and the plan's URLs.

Everyone in the council reads every page. Facilitators change everything (MANAGE);
contributors record progress on the actions they lead; board viewers change nothing.
Another council gets 404 (CouncilMixin); a role without the permission gets 403 on any
method of a page that changes things. On an archived evaluation those pages say so instead.
"""

from django.urls import reverse

from betterlives.access import CONTRIBUTE, MANAGE, role_allows
from evaluations.views.evaluation_base import EvaluationMixin


class PlanMixin(EvaluationMixin):
    def plan_url(self, name, **kwargs):
        return plan_url(self.evaluation, name, **kwargs)

    def can_record_progress(self, action):
        """Whether this person may record progress on `action` now."""
        return role_records_progress(self.membership, action) and not self.is_archived

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["plan_crumb"] = getattr(self, "plan_crumb", True)
        return context


def plan_url(evaluation, name, **kwargs):
    return reverse(f"actionplans:{name}", kwargs={
        "council_slug": evaluation.council.slug, "pk": evaluation.pk, **kwargs})


def role_records_progress(membership, action):
    """Facilitators, and the contributor named as the action's lead, record progress."""
    if role_allows(membership.role, MANAGE):
        return True
    return (action.lead_user_id is not None and action.lead_user_id == membership.user_id
            and role_allows(membership.role, CONTRIBUTE))
