"""Evaluations and what is recorded in them: surveys' own questions and responses, workshops
and live votes, and the council's own check."""

import datetime
import itertools

import factory
from django.utils import timezone

from domains.models import Audience, Domain
from evaluations.models import (
    Answer,
    Choice,
    EnablerAnswer,
    Evaluation,
    Group,
    LiveVote,
    Response,
    SurveyItem,
    Vote,
    VoteParticipant,
    Workshop,
    random_code,
)
from evaluations.selectors.surveys import survey_items
from evaluations.services.evaluations import evaluation_create
from evaluations.services.step_two import domain_choice_save

from .accounts import CouncilFactory
from .framework import EnablerQuestionFactory, current_version, first_domain


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    council = factory.SubFactory(CouncilFactory)
    title = factory.Sequence(lambda n: f"Better Lives evaluation {n}")
    period_start = datetime.date(2026, 4, 1)
    period_end = datetime.date(2027, 3, 31)
    framework_version = factory.LazyFunction(current_version)


def evaluation_with_surveys(council, audiences=None, **fields):
    """An evaluation made through the service, with a survey per audience (all by default).

    Needs the framework loaded (the `framework` fixture).
    """
    fields.setdefault("title", "Better Lives 2026")
    fields.setdefault("period_start", datetime.date(2026, 4, 1))
    fields.setdefault("period_end", datetime.date(2027, 3, 31))
    return evaluation_create(
        council=council, audiences=list(Audience.values) if audiences is None else audiences,
        **fields,
    )


class SurveyItemFactory(factory.django.DjangoModelFactory):
    """A council's own question in a survey (give the survey: surveys are made with their
    evaluation, by evaluation_with_surveys), about domain 1."""

    class Meta:
        model = SurveyItem

    domain = factory.LazyFunction(first_domain)
    # Only when no language's text is given (own_text_en=…): own_text would overwrite it.
    own_text = factory.Maybe(
        factory.LazyAttribute(lambda item: any(
            hasattr(item, f"own_text_{language}") for language in ("en", "cy"))),
        yes_declaration=factory.declarations.SKIP,
        no_declaration=factory.Sequence(lambda n: f"Our own question {n}?"),
    )


class EnablerAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnablerAnswer

    evaluation = factory.SubFactory(EvaluationFactory)
    question = factory.SubFactory(EnablerQuestionFactory)


# Workshops and live votes -----------------------------------------------------------------


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    evaluation = factory.SubFactory(EvaluationFactory)
    title = factory.Sequence(lambda n: f"Workshop {n}")
    held_on = datetime.date(2026, 5, 12)
    place = "Riverside community centre"
    attended_lived_experience = 6
    attended_family_carers = 4
    attended_staff = 3
    attended_partners = 2


class LiveVoteFactory(factory.django.DjangoModelFactory):
    """A live vote made directly, not started through the service (no domain on the screen)."""

    class Meta:
        model = LiveVote

    workshop = factory.SubFactory(WorkshopFactory)
    code = factory.Sequence(lambda n: f"LV{n:04d}")


class VoteParticipantFactory(factory.django.DjangoModelFactory):
    """A phone in a live vote, joined without a device cookie."""

    class Meta:
        model = VoteParticipant

    live_vote = factory.SubFactory(LiveVoteFactory)
    group = Group.STAFF


class VoteFactory(factory.django.DjangoModelFactory):
    """A participant's vote on domain 1 (which must exist already)."""

    class Meta:
        model = Vote

    live_vote = factory.SubFactory(LiveVoteFactory)
    participant = factory.SubFactory(VoteParticipantFactory,
                                     live_vote=factory.SelfAttribute("..live_vote"))
    domain = factory.LazyFunction(first_domain)
    choice = Choice.GOOD


# Step 2 ------------------------------------------------------------------------------------


def choose_domains(evaluation, *numbers, user=None, reason="improve"):
    """Choose these domain numbers for the evaluation (through the service)."""
    return domain_choice_save(
        evaluation=evaluation, user=user, decided_on=datetime.date(2026, 6, 1),
        took_part={"lived_experience": 3}, how_decided="",
        choices={d: (reason, "") for d in Domain.objects.filter(number__in=numbers)},
    )


# Responses ---------------------------------------------------------------------------------

_codes = itertools.count()


def make_responses(survey, count, choice, *, comment="", helped=None, items=None,
                   status=Response.Status.SUBMITTED, practice=False):
    """`count` responses to `survey`, each answering `items` (default: every question).
    With `practice`, they are test responses ("try it" mode)."""
    items = items if items is not None else survey_items(survey)
    now = timezone.now()
    responses = Response.objects.bulk_create(
        Response(survey=survey, resume_code=f"{random_code(4)}{next(_codes):04d}"[-8:],
                 status=status, helped=helped, submitted_at=now, practice=practice)
        for _ in range(count)
    )
    Answer.objects.bulk_create(
        Answer(response=response, item=item, choice=choice, comment=comment)
        for response in responses for item in items
    )
    return responses
