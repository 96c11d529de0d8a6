"""Step 3 in the evaluation's task list: the action plan, tracking it, the board's sign-off
and the reports (registered with evaluations.selectors.task_list from AppConfig.ready())."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from evaluations.selectors.step_two import step_two_progress
from evaluations.selectors.task_list import (
    CANNOT_START,
    COMPLETED,
    IN_PROGRESS,
    NOT_STARTED,
    Task,
)

from .models import Report, SignOff
from .selectors.plans import plan_progress


def _plan_url(name, evaluation):
    return reverse(f"actionplans:{name}", kwargs={
        "council_slug": evaluation.council.slug, "pk": evaluation.pk})


def step_three_tasks(evaluation, step_two=None, plan=None):
    """The action plan, tracking it, the board's sign-off, and the reports."""
    chosen = (step_two or step_two_progress(evaluation))["chosen"]
    plan = plan or plan_progress(evaluation)
    actions, done = plan["actions"], plan["done"]
    reports = reports_task(evaluation, plan)
    if not chosen:
        return [Task(title=_("Build the action plan"), status=CANNOT_START),
                Task(title=_("Track progress"), status=CANNOT_START),
                Task(title=_("Board sign-off"), status=CANNOT_START), reports]
    if not actions:
        build_status = NOT_STARTED
    else:
        build_status = COMPLETED if plan["domains"] >= chosen else IN_PROGRESS
    build = Task(
        title=_("Build the action plan"), status=build_status, url=_plan_url("plan", evaluation),
        hint=ngettext("%(count)d action", "%(count)d actions", actions) % {"count": actions}
        if actions else "",
    )
    if not actions:
        return [build, Task(title=_("Track progress"), status=CANNOT_START),
                Task(title=_("Board sign-off"), status=CANNOT_START), reports]
    if done >= actions:
        track_status = COMPLETED
    else:
        track_status = IN_PROGRESS if plan["updates"] else NOT_STARTED
    track = Task(
        title=_("Track progress"), status=track_status, url=_plan_url("plan", evaluation),
        hint=_("%(done)d of %(count)d actions done") % {"done": done, "count": actions},
    )
    decisions = plan["sign_offs"]
    approved = {SignOff.Decision.APPROVED, SignOff.Decision.APPROVED_WITH_CHANGES}
    if not decisions:
        sign_off_status = NOT_STARTED
    else:
        sign_off_status = COMPLETED if decisions[0] in approved else IN_PROGRESS
    sign_off = Task(
        title=_("Board sign-off"), status=sign_off_status, url=_plan_url("sign_off", evaluation),
        hint=SignOff.Decision(decisions[0]).label if decisions else "",
    )
    return [build, track, sign_off, reports]


def reports_task(evaluation, plan):
    """Reports can be made at any time: they say what there is so far."""
    ready = len(set(plan.get("reports", [])) & set(Report.EVALUATION_KINDS))
    if not ready:
        status = NOT_STARTED
    else:
        status = COMPLETED if ready == len(Report.EVALUATION_KINDS) else IN_PROGRESS
    return Task(
        title=_("Reports"), status=status, url=_plan_url("reports", evaluation),
        hint=_("%(ready)d of %(count)d reports made") % {
            "ready": ready, "count": len(Report.EVALUATION_KINDS)} if ready else "",
    )
