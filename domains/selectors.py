"""Reads of framework content. Framework content is public; nothing here is council data."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from .models import (
    Audience,
    CouncilQuestionPicture,
    CrossReference,
    Domain,
    FrameworkVersion,
    GoodLivesAction,
    SurveyQuestion,
)


def current_version():
    return FrameworkVersion.objects.filter(is_current=True).first()


def domain_list():
    """The domains, with how many current questions and Good Lives links each has."""
    return Domain.objects.annotate(
        statement_count=Count("statements", filter=Q(statements__is_current=True), distinct=True),
        survey_question_count=Count(
            "survey_questions", filter=Q(survey_questions__is_current=True), distinct=True
        ),
        action_count=Count("cross_references", distinct=True),
    )


def domain_detail(number):
    """One domain with everything shown on its page, in a fixed number of queries."""
    domain = get_object_or_404(Domain, number=number)
    questions = SurveyQuestion.objects.filter(domain=domain, is_current=True)
    domain.questions_by_audience = [
        (label, [q for q in questions if q.audience == value])
        for value, label in Audience.choices
    ]
    domain.current_statements = domain.statements.filter(is_current=True)
    domain.current_enablers = domain.enabler_questions.filter(is_current=True)
    domain.current_indicators = domain.outcome_indicators.filter(is_current=True)
    domain.current_in_depth = domain.in_depth_questions.filter(is_current=True)
    domain.current_resources = domain.resources.filter(is_current=True)
    domain.links = (
        CrossReference.objects.filter(domain=domain)
        .select_related("action__theme")
        .prefetch_related("action__audiences")
    )
    return domain


def good_lives_action_list(*, q="", theme="", audience=""):
    actions = (
        GoodLivesAction.objects.filter(is_current=True)
        .select_related("theme")
        .prefetch_related("audiences", "cross_references__domain")
    )
    if q:
        actions = actions.filter(Q(text__icontains=q) | Q(theme__title__icontains=q))
    if theme:
        actions = actions.filter(theme__code=theme)
    if audience:
        actions = actions.filter(audiences__code=audience)
    return actions.distinct()


def council_picture(pk):
    return get_object_or_404(CouncilQuestionPicture.objects.only("image", "content_type"), pk=pk)
