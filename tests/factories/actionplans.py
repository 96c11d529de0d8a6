"""Step 3: the action plan, its progress, and the reports made of an evaluation."""

import datetime

import factory

from actionplans.models import Action, ProgressUpdate, Report, Status, Timescale
from actionplans.services import action_create
from domains.models import Domain

from .evaluations import EvaluationFactory
from .framework import first_domain


class ActionFactory(factory.django.DjangoModelFactory):
    """An action made directly, not through the service (so nothing is audited), in domain 1
    (which must exist already)."""

    class Meta:
        model = Action

    evaluation = factory.SubFactory(EvaluationFactory)
    domain = factory.LazyFunction(first_domain)
    title = factory.Sequence(lambda n: f"Action {n}")
    description = "What will happen."
    lead_name = "Priya Shah"
    lead_role = "Commissioning manager"
    timescale = Timescale.SIX_MONTHS
    due_on = factory.LazyAttribute(
        lambda action: action.evaluation.period_start + datetime.timedelta(days=180))
    success_measure = "We will know."


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    """A progress update made directly, not through the service: started, now on track."""

    class Meta:
        model = ProgressUpdate

    action = factory.SubFactory(ActionFactory)
    happened_on = datetime.date(2026, 7, 1)
    text = factory.Sequence(lambda n: f"Update {n}")
    status_before = Status.NOT_STARTED
    status_after = Status.ON_TRACK


class ReportFactory(factory.django.DjangoModelFactory):
    """A report asked for and not yet made: a board pack in English unless told otherwise."""

    class Meta:
        model = Report

    evaluation = factory.SubFactory(EvaluationFactory)
    kind = "board"
    language = "en"
    fingerprint = "x"


def add_action(evaluation, number=1, *, user=None, **overrides):
    """Add an action to chosen domain `number` through the service (the domain must be
    chosen already)."""
    fields = dict(
        domain=Domain.objects.get(number=number), title="Travel training in the evenings",
        description="Run travel training for people who want to go out in the evening.",
        good_lives_actions=[], lead_name="Priya Shah", lead_role="Commissioning manager",
        lead_user=None, partners="", co_produced_with=["lived_experience"],
        timescale="six_months",
        due_on=evaluation.period_start + datetime.timedelta(days=180),
        success_measure="Twenty people travel on their own in the evening.",
    )
    fields.update(overrides)
    return action_create(evaluation=evaluation, user=user, **fields)
