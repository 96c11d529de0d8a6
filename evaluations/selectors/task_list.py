"""The evaluation's task list: the framework's three steps, each task with its status.

`evaluation_tasks` returns plain data for the GOV.UK task list component; the template only
draws it. (These are tasks for people, not background jobs.)
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from domains.models import Audience, EnablerQuestion
from evaluations.models import EnablerAnswer, Workshop
from evaluations.selectors.surveys import survey_list

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"
CANNOT_START = "cannot_start"

STATUS_LABELS = {
    NOT_STARTED: _("Not started"),
    IN_PROGRESS: _("In progress"),
    COMPLETED: _("Completed"),
    CANNOT_START: _("Cannot start yet"),
}

SURVEY_TASK_TITLES = {
    Audience.LIVED_EXPERIENCE: _(
        "Set up and share the survey for people with lived experience (Easy Read)"
    ),
    Audience.FAMILY_CARERS: _("Set up and share the survey for family carers"),
    Audience.STAFF_PARTNERS: _("Set up and share the survey for staff and partners"),
}



@dataclass(frozen=True)
class Task:
    title: str
    status: str
    url: str | None = None
    hint: str = ""

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class Step:
    title: str
    tasks: list


def survey_is_closed(survey, today):
    return survey.closed_at is not None or bool(survey.closes_on and survey.closes_on < today)


def survey_status(survey, counts, today=None):
    """Completed once closed; in progress once dated, open to answers or answered."""
    today = today or timezone.localdate()
    if survey_is_closed(survey, today):
        return COMPLETED
    if counts["sent"] or counts["partial"]:
        return IN_PROGRESS
    if survey.opens_on or survey.closes_on:
        return IN_PROGRESS
    return NOT_STARTED


def response_hint(counts):
    if not (counts["sent"] or counts["partial"]):
        return ""
    sent = ngettext("%(count)d sent", "%(count)d sent", counts["sent"]) % {
        "count": counts["sent"]
    }
    partial = ngettext(
        "%(count)d not finished", "%(count)d not finished", counts["partial"]
    ) % {"count": counts["partial"]}
    return _("%(sent)s, %(partial)s") % {"sent": sent, "partial": partial}


def _url(name, evaluation, **kwargs):
    return reverse(
        f"evaluations:{name}",
        kwargs={"council_slug": evaluation.council.slug, "pk": evaluation.pk, **kwargs},
    )


def evaluation_tasks(*, evaluation, counts, surveys=None, set_up_links=True, today=None,
                     progress=None):
    """The three steps and their tasks.

    `counts` is `response_counts(surveys)`: {survey pk: {"sent", "partial", "paper"}}.
    `progress` is `step_one_progress(evaluation)`: workshops and the council's own check;
    with "step_two" and "step_three" keys (`step_two_progress`, `plan_progress`), steps 2
    and 3 need no queries of their own.
    Without `set_up_links` (board viewers, contributors, archived evaluations) set-up tasks
    have no links; the response monitor stays linked for everyone.
    """
    today = today or timezone.localdate()
    surveys = survey_list(evaluation=evaluation) if surveys is None else surveys
    empty = {"sent": 0, "partial": 0, "paper": 0}
    survey_counts = [(survey, counts.get(survey.pk, empty)) for survey in surveys]

    step_1 = [
        Task(
            title=SURVEY_TASK_TITLES[survey.audience],
            status=survey_status(survey, numbers, today),
            url=_url("survey", evaluation, audience=survey.audience) if set_up_links else None,
            hint=response_hint(numbers),
        )
        for survey, numbers in survey_counts
    ]

    sent = sum(numbers["sent"] for _survey, numbers in survey_counts)
    partial = sum(numbers["partial"] for _survey, numbers in survey_counts)
    paper = sum(numbers["paper"] for _survey, numbers in survey_counts)
    all_closed = bool(surveys) and all(survey_is_closed(s, today) for s in surveys)
    if sent or partial:
        monitor_status = COMPLETED if all_closed else IN_PROGRESS
    else:
        monitor_status = NOT_STARTED
    step_1.append(Task(
        title=_("See who has answered"),
        status=monitor_status,
        url=_url("monitor", evaluation),
        hint=response_hint({"sent": sent, "partial": partial}),
    ))

    if surveys:
        paper_url = None
        if set_up_links:
            first = surveys[0]
            if len(surveys) == 1:
                paper_url = _url("paper_entry", evaluation, audience=first.audience)
            else:
                paper_url = _url("share", evaluation, audience=first.audience) + "#paper"
        paper_hint = ngettext(
            "%(count)d paper response entered", "%(count)d paper responses entered", paper
        ) % {"count": paper} if paper else ""
        step_1.append(Task(
            title=_("Enter paper responses"),
            status=IN_PROGRESS if paper else NOT_STARTED,
            url=paper_url,
            hint=paper_hint,
        ))
    else:
        step_1.append(Task(title=_("Enter paper responses"), status=CANNOT_START))

    step_1 += later_step_one_tasks(evaluation, progress or step_one_progress(evaluation), sent)
    from evaluations.selectors.step_two import step_two_progress

    step_two = (progress or {}).get("step_two") or step_two_progress(evaluation)
    return [
        Step(_("Step 1: Quick self-evaluation of all six domains"), step_1),
        Step(_("Step 2: Choose domains to look at in depth"), step_two_tasks(
            evaluation, step_two)),
        Step(_("Step 3: Make the action plan"), step_three_tasks(
            evaluation, step_two, (progress or {}).get("step_three"))),
    ]


def later_step_one_tasks(evaluation, progress, sent):
    """Workshops, the council's own check and the results: open to every role to read."""
    workshops = progress["workshops"]
    answered, total = progress["enablers_answered"], progress["enablers_total"]
    if not answered:
        check_status = NOT_STARTED
    else:
        check_status = COMPLETED if answered >= total else IN_PROGRESS
    anything = sent or workshops or answered
    return [
        Task(
            title=_("Record workshops"),
            status=IN_PROGRESS if workshops else NOT_STARTED,
            url=_url("workshops", evaluation),
            hint=ngettext("%(count)d workshop recorded", "%(count)d workshops recorded",
                          workshops) % {"count": workshops} if workshops else "",
        ),
        Task(
            title=_("Record the council's own check"),
            status=check_status,
            url=_url("council_check", evaluation),
            hint=_("%(answered)d of %(total)d enabler questions answered") % {
                "answered": answered, "total": total} if answered else "",
        ),
        Task(
            title=_("See the results"),
            status=IN_PROGRESS if anything else NOT_STARTED,
            url=_url("results", evaluation),
        ),
    ]


def step_two_tasks(evaluation, progress=None):
    """Choosing domains (everyone may open it; facilitators change it) and the reviews."""
    from evaluations.selectors.step_two import step_two_progress

    progress = progress or step_two_progress(evaluation)
    chosen, completed, started = progress["chosen"], progress["completed"], progress["started"]
    choose = Task(
        title=_("Choose domains"),
        status=COMPLETED if chosen else NOT_STARTED,
        url=_url("choose_domains", evaluation),
        hint=ngettext("%(count)d domain chosen", "%(count)d domains chosen", chosen)
        % {"count": chosen} if chosen else "",
    )
    if not chosen:
        return [choose, Task(title=_("Review the chosen domains"), status=CANNOT_START)]
    if completed >= chosen:
        status = COMPLETED
    elif started:
        status = IN_PROGRESS
    else:
        status = NOT_STARTED
    return [choose, Task(
        title=_("Review the chosen domains"), status=status, url=_url("reviews", evaluation),
        hint=_("%(completed)d of %(chosen)d reviews completed") % {
            "completed": completed, "chosen": chosen},
    )]


# Step 3 is the action plan app's: it gives its tasks from its AppConfig.ready()
# (`step_three_tasks_set`), so this module does not import it.
_step_three = []


def step_three_tasks_set(tasks):
    """`tasks(evaluation, step_two, plan)` gives step 3's tasks (`plan` may be None)."""
    _step_three[:] = [tasks]


def step_three_tasks(evaluation, step_two=None, plan=None):
    return _step_three[0](evaluation, step_two, plan)


def step_one_progress(evaluation):
    """How far the workshops and the council's own check have got, in three queries."""
    return {
        "workshops": Workshop.objects.filter(evaluation=evaluation).count(),
        "enablers_answered": EnablerAnswer.objects.filter(evaluation=evaluation)
        .exclude(choice="").count(),
        "enablers_total": EnablerQuestion.objects.filter(is_current=True).count(),
    }


OPEN = "open"
NOT_YET_OPEN = "not_yet_open"
CLOSED = "closed"

SURVEY_STATE_LABELS = {
    OPEN: _("Open"),
    NOT_YET_OPEN: _("Not open yet"),
    CLOSED: _("Closed"),
}


def survey_state(survey, today=None):
    """Whether the survey takes answers today: open, not open yet, or closed."""
    today = today or timezone.localdate()
    if survey_is_closed(survey, today):
        return CLOSED
    if survey.opens_on and survey.opens_on > today:
        return NOT_YET_OPEN
    return OPEN
