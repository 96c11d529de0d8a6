"""Reads of evaluations: a council's list (scoped to the person asking), one evaluation of the
council whose membership the page has checked (CouncilMixin), and the counts of responses
the task list and the response monitor show."""

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncDate
from django.http import Http404

from betterlives.access import scope_to_user
from evaluations.models import Answer, Evaluation, Response
from evaluations.selectors.surveys import survey_list


def evaluation_list(*, user, council, include_archived=True):
    """The council's evaluations, if this person belongs to the council."""
    evaluations = scope_to_user(Evaluation.objects.filter(council=council), user)
    if not include_archived:
        evaluations = evaluations.exclude(status=Evaluation.Status.ARCHIVED)
    return evaluations.order_by("-period_start", "title")


def evaluation_in_council(*, council, pk):
    """An evaluation of `council`, for a page whose caller's membership of that council has
    been checked already (CouncilMixin). 404 when it is not that council's."""
    evaluation = Evaluation.objects.select_related("council", "framework_version").filter(
        council=council, pk=pk).first()
    if evaluation is None:
        raise Http404
    return evaluation


def _started():
    """An unfinished response counts as started only once something in it was saved: an
    answer or a comment, or whether someone helped (older responses were made by Start)."""
    something = Answer.objects.filter(response=OuterRef("pk")).exclude(choice="", comment="")
    return Q(status=Response.Status.IN_PROGRESS) & (
        Q(helped__isnull=False) | Q(Exists(something)))


def response_counts(surveys):
    """Sent and unfinished (started) responses per survey, in one query."""
    rows = (
        Response.objects.filter(survey__in=surveys)
        .values("survey_id")
        .annotate(
            sent=Count("pk", filter=Q(status=Response.Status.SUBMITTED)),
            partial=Count("pk", filter=_started()),
            paper=Count("pk", filter=Q(channel=Response.Channel.PAPER)),
        )
    )
    counts = {row["survey_id"]: row for row in rows}
    empty = {"sent": 0, "partial": 0, "paper": 0}
    return {survey.pk: counts.get(survey.pk, empty) for survey in surveys}


def response_monitor(evaluation):
    """Sent and unfinished responses per audience per day the response was started."""
    rows = (
        Response.objects.filter(survey__evaluation=evaluation)
        .annotate(day=TruncDate("started_at"))
        .values("day", "survey__audience")
        .annotate(
            sent=Count("pk", filter=Q(status=Response.Status.SUBMITTED)),
            partial=Count("pk", filter=_started()),
        )
        .filter(Q(sent__gt=0) | Q(partial__gt=0))  # no day of nothing but empty responses
        .order_by("-day", "survey__audience")
    )
    return list(rows)


def response_monitor_tables(*, evaluation):
    """For the response monitor: per survey, sent and unfinished responses by day, and totals.

    Three queries whatever the number of responses: the surveys, the totals per survey and
    the counts per audience per day (both GROUP BY in the database).
    """
    surveys = survey_list(evaluation=evaluation)
    counts = response_counts(surveys)
    by_audience = {}
    for row in response_monitor(evaluation):
        by_audience.setdefault(row["survey__audience"], []).append(row)
    return [
        {"survey": survey, "days": by_audience.get(survey.audience, []),
         "totals": counts[survey.pk]}
        for survey in surveys
    ]


