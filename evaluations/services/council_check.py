"""The council's own check: answers to the enabler questions and indicator values."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Choice, EnablerAnswer, IndicatorValue
from .workshops import mark_started

# The answers an enabler question takes; "" is "not answered yet".
ENABLER_CHOICES = (Choice.ALL_THE_TIME, Choice.MOSTLY, Choice.SOMETIMES, Choice.NOT_YET,
                   Choice.DONT_KNOW)
INDICATOR_FIELDS = ("value_two_years_ago", "value_last_year", "value_this_year",
                    "local_target", "comparator", "notes")


def _is_blank(values):
    return all(value in (None, "") for value in values.values())


@transaction.atomic
def council_check_save(*, evaluation, domain, enabler_answers, indicator_values):
    """Save one domain of the check in one transaction.

    `enabler_answers`: {EnablerQuestion: {"choice": ..., "evidence": ...}}, each answer stored
    against the revision of the question given (the one the page showed).
    `indicator_values`: {OutcomeIndicator: {field: value}} with the fields in INDICATOR_FIELDS.
    Nothing is stored for a question or an indicator left blank that had nothing before.
    """
    for item in [*enabler_answers, *indicator_values]:
        if item.domain_id != domain.pk:
            raise ValidationError(_("This question is not part of this domain"))
    answers = {
        answer.question_id: answer
        for answer in EnablerAnswer.objects.filter(evaluation=evaluation,
                                                   question__in=list(enabler_answers))
    }
    values = {
        value.indicator_id: value
        for value in IndicatorValue.objects.filter(evaluation=evaluation,
                                                   indicator__in=list(indicator_values))
    }
    changed = False
    for question, given in enabler_answers.items():
        fields = {"choice": given.get("choice") or "", "evidence": given.get("evidence") or ""}
        if fields["choice"] and fields["choice"] not in ENABLER_CHOICES:
            raise ValidationError(_("Select an answer from the list"))
        if question.pk not in answers and _is_blank(fields):
            continue
        EnablerAnswer.objects.update_or_create(
            evaluation=evaluation, question=question, defaults=fields
        )
        changed = True
    for indicator, given in indicator_values.items():
        unknown = set(given) - set(INDICATOR_FIELDS)
        if unknown:
            raise TypeError(f"council_check_save() got unexpected fields: {sorted(unknown)}")
        fields = {name: given.get(name) for name in INDICATOR_FIELDS}
        fields["notes"] = fields["notes"] or ""
        if indicator.pk not in values and _is_blank(fields):
            continue
        IndicatorValue.objects.update_or_create(
            evaluation=evaluation, indicator=indicator, defaults=fields
        )
        changed = True
    if changed:
        mark_started(evaluation.pk)
