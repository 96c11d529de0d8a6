"""Reads of evaluations, surveys and responses. The list is scoped to the person asking;
the rest to the council whose membership the page has checked (CouncilMixin)."""

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncDate
from django.http import Http404

from betterlives.access import scope_to_user
from domains.models import SurveyQuestion
from evaluations.models import Answer, Evaluation, Response, Survey, SurveyItem


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


def survey_get(*, evaluation, audience):
    """A survey of an evaluation the caller has already been allowed to see."""
    survey = evaluation.surveys.filter(audience=audience).first()
    if survey is None:
        raise Http404
    survey.evaluation = evaluation
    return survey


def survey_for_token(token):
    survey = (
        Survey.objects.select_related("evaluation__council").filter(token=token).first()
    )
    if survey is None:
        raise Http404
    return survey


def survey_items(survey):
    """The questions this survey asks, in order, with their domains."""
    return list(
        SurveyItem.objects.filter(survey=survey, enabled=True)
        .select_related("domain", "question")
        .order_by("domain__number", "position", "pk")
    )


def survey_all_items(survey):
    """Every question of the survey, asked or not, for the set-up page."""
    return list(
        SurveyItem.objects.filter(survey=survey)
        .select_related("domain", "question")
        .order_by("domain__number", "position", "pk")
    )


def answers_by_item(response):
    """The answers of one response, for its own check page (a test's too)."""
    return {a.item_id: a for a in Answer.with_practice.filter(response=response)}


def practice_response_count(survey):
    """How many test responses ("try it" mode) the survey has, sent or not."""
    return Response.with_practice.filter(survey=survey, practice=True).count()


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


def survey_list(*, evaluation):
    """The evaluation's surveys in the framework's order of audiences (one query)."""
    from domains.models import Audience

    order = {audience: index for index, audience in enumerate(Audience.values)}
    surveys = sorted(evaluation.surveys.all(), key=lambda survey: order.get(survey.audience, 99))
    for survey in surveys:
        survey.evaluation = evaluation
    return surveys


def survey_own_item_get(*, survey, pk):
    """One of the council's own questions in this survey, or 404."""
    item = SurveyItem.objects.filter(survey=survey, pk=pk, question__isnull=True).first()
    if item is None:
        raise Http404
    item.survey = survey
    return item


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


def domains_for_own_questions():
    """Every domain, in order, for the facilitator to add their own questions to."""
    from domains.models import Domain

    return list(Domain.objects.order_by("number"))


def newer_wordings(items):
    """Of a survey's questions (`items`, as survey_all_items gives them), the framework
    questions asked in wording that has since been changed: a list of (item, the current
    wording, answered), in survey order. An answered question keeps the wording people
    answered; the others can take the newer wording. No query when there are none."""
    items = [item for item in items if item.question_id and not item.question.is_current]
    if not items:
        return []
    current = {question.code: question for question in SurveyQuestion.objects.filter(
        is_current=True, code__in={item.question.code for item in items})}
    answered = set(Answer.with_practice.filter(item__in=items)
                   .values_list("item_id", flat=True).distinct())
    return [(item, current[item.question.code], item.pk in answered)
            for item in items if item.question.code in current]


def survey_framework_item_get(*, survey, pk):
    """One of the framework's questions in this survey, or 404."""
    item = (SurveyItem.objects.filter(survey=survey, pk=pk, question__isnull=False)
            .select_related("question", "domain").first())
    if item is None:
        raise Http404
    item.survey = survey
    return item


def surveys_asking_earlier_wording(code):
    """How many surveys, not closed and not archived, ask an earlier wording of the
    framework question `code` (for the administrator who has just changed it)."""
    return (Survey.objects
            .filter(items__question__code=code, items__question__is_current=False,
                    closed_at__isnull=True)
            .exclude(evaluation__status=Evaluation.Status.ARCHIVED)
            .distinct().count())
