"""The evaluations' part of the site administrators' data tools (betterlives.data_tools):
the files of a council's export that hold evaluations, surveys, responses, workshops, the
council's own check and step 2, and the erasing of survey answers. Added to the data tools
by EvaluationsConfig.ready()."""

from django.db import transaction
from django.utils.translation import gettext_noop

from betterlives.audit import audit_record

from .models import (
    Answer,
    ChosenDomain,
    DomainDecision,
    DomainReview,
    EnablerAnswer,
    Evaluation,
    InDepthAnswer,
    IndicatorValue,
    LiveVote,
    Response,
    ReviewEvidence,
    StatementRating,
    Survey,
    SurveyItem,
    Vote,
    VoteParticipant,
    Workshop,
    WorkshopRating,
)

# Fields left out of the export: the codes that let someone open a response and carry on.
EXPORT_EXCLUDED_FIELDS = {Response: {"resume_code", "submission_key"}}

EXPORT_FILES = [
    ("evaluations.json", "evaluations",
     [(Evaluation, "council")]),
    ("surveys.json", "surveys and the questions each one asks",
     [(Survey, "evaluation__council"), (SurveyItem, "survey__evaluation__council")]),
    ("responses.json", "survey responses and their answers, comments included",
     [(Response, "survey__evaluation__council"),
      (Answer, "response__survey__evaluation__council")]),
    ("workshops.json", "workshops, the groups' ratings, and live votes",
     [(Workshop, "evaluation__council"), (WorkshopRating, "workshop__evaluation__council"),
      (LiveVote, "workshop__evaluation__council"),
      (VoteParticipant, "live_vote__workshop__evaluation__council"),
      (Vote, "live_vote__workshop__evaluation__council")]),
    ("council_check.json", "the council's own check: enabler answers and indicator values",
     [(EnablerAnswer, "evaluation__council"), (IndicatorValue, "evaluation__council")]),
    ("step_2.json", "step 2: the domains chosen, how, and the in-depth reviews",
     [(DomainDecision, "evaluation__council"), (ChosenDomain, "evaluation__council"),
      (DomainReview, "evaluation__council"), (StatementRating, "review__evaluation__council"),
      (InDepthAnswer, "review__evaluation__council"),
      (ReviewEvidence, "review__evaluation__council")]),
]


def council_responses(council):
    """Every survey response of the council, tests included: all of them are erased."""
    return Response.with_practice.filter(survey__evaluation__council=council)


def council_answer_counts(council):
    """What erasing the council's survey answers would delete (for the confirmation page)."""
    answers = Answer.with_practice.filter(response__survey__evaluation__council=council)
    return {
        "responses": council_responses(council).count(),
        "answers": answers.count(),
        "comments": answers.exclude(comment="").count(),
    }


@transaction.atomic
def council_answers_delete(council):
    """Delete every survey response of the council, with its answers and comments. Returns
    {"responses": n, "answers": n}; betterlives.data_tools.council_answers_erase writes the
    audit event."""
    answers = Answer.with_practice.filter(response__survey__evaluation__council=council)
    answer_count = answers.count()
    answers.delete()
    response_count = council_responses(council).count()
    council_responses(council).delete()
    return {"responses": response_count, "answers": answer_count}


@transaction.atomic
def response_erase(*, response, user):
    """Delete one survey response and its answers, and say so in its council's audit trail.
    Returns the number of answers deleted."""
    response = Response.with_practice.select_related("survey__evaluation__council").get(
        pk=response.pk)
    evaluation = response.survey.evaluation
    answer_count = Answer.with_practice.filter(response=response).count()
    audit_record(
        council=evaluation.council, user=user, action=gettext_noop("Erased a survey response"),
        obj=response, scope=evaluation,
        changes={gettext_noop("answers deleted"): [None, str(answer_count)],
                 "survey": [None, str(response.survey.get_audience_display())]},
    )
    response.delete()
    return answer_count
