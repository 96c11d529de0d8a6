"""Reads for the results pages beyond the counts in evaluations.selectors.results."""

from dataclasses import dataclass

from evaluations.models import EnablerAnswer, IndicatorValue, WorkshopRating


@dataclass
class DomainEvidence:
    ratings: list
    enabler_answers: list
    indicator_values: list


def domain_evidence(evaluation, domain):
    """What workshops said and what the council's own check found, for one domain."""
    return DomainEvidence(
        ratings=list(
            WorkshopRating.objects.filter(workshop__evaluation=evaluation, domain=domain)
            .select_related("workshop").order_by("workshop__held_on", "pk")
        ),
        enabler_answers=list(
            EnablerAnswer.objects.filter(evaluation=evaluation, question__domain=domain)
            .select_related("question").order_by("question__position", "pk")
        ),
        indicator_values=list(
            IndicatorValue.objects.filter(evaluation=evaluation, indicator__domain=domain)
            .select_related("indicator").order_by("indicator__position", "pk")
        ),
    )
