"""Reads of one evaluation's surveys: a survey and its questions, the council's own questions,
newer wordings of framework questions, and test answers. The caller's membership of the
council has been checked already (CouncilMixin), or the survey is found by its public token."""

from django.http import Http404

from domains.models import Audience, Domain, SurveyQuestion
from evaluations.models import Answer, Evaluation, Response, Survey, SurveyItem


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


def practice_response_count(survey):
    """How many test responses ("try it" mode) the survey has, sent or not."""
    return Response.with_practice.filter(survey=survey, practice=True).count()


def survey_list(*, evaluation):
    """The evaluation's surveys in the framework's order of audiences (one query)."""
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


def domains_for_own_questions():
    """Every domain, in order, for the facilitator to add their own questions to."""
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
