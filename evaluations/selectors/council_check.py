"""Reads for the council's own check: its enabler answers and indicator figures for each
domain, and what the framework's rule says of them.

The caller has already been allowed to see the evaluation; every function runs a fixed number
of queries, however many answers there are.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import gettext_lazy as _

from domains.models import Domain, EnablerQuestion, OutcomeIndicator
from evaluations.framework_rule import IndicatorFinding, apply_rule
from evaluations.models import EnablerAnswer, IndicatorValue
from evaluations.selectors.workshops import domain_after, domain_list

FIGURES = (
    ("value_two_years_ago", _("Two years ago")),
    ("value_last_year", _("Last year")),
    ("value_this_year", _("This year")),
    ("local_target", _("Local target")),
    ("comparator", _("Similar councils")),
)


@dataclass
class EnablerRow:
    question: EnablerQuestion
    answer: EnablerAnswer | None

    @property
    def is_answered(self):
        return self.answer is not None and bool(self.answer.choice)


@dataclass
class IndicatorRow:
    indicator: OutcomeIndicator
    value: IndicatorValue | None

    @property
    def is_entered(self):
        if self.value is None:
            return False
        return any(v is not None for v in (*self.value.values, self.value.local_target,
                                            self.value.comparator))

    @property
    def figures(self):
        """(label, value or None) for each number of the indicator, for reading."""
        return [(label, getattr(self.value, name, None) if self.value else None)
                for name, label in FIGURES]


@dataclass
class DomainCheck:
    domain: Domain
    enablers: list = field(default_factory=list)
    indicators: list = field(default_factory=list)
    next_domain: Domain | None = None

    @property
    def answered_count(self):
        return sum(1 for row in self.enablers if row.is_answered)

    @property
    def entered_count(self):
        return sum(1 for row in self.indicators if row.is_entered)

    @property
    def entered_indicators(self):
        return [row for row in self.indicators if row.is_entered]

    @cached_property
    def rule(self):
        """The framework's rule for this domain (a framework_rule.RuleResult)."""
        return apply_rule(
            enabler_choices=[row.answer.choice if row.is_answered else ""
                             for row in self.enablers],
            indicators=[IndicatorFinding(row.indicator.code, row.indicator.name,
                                         row.value.direction, row.value.meets_target)
                        for row in self.entered_indicators],
        )


def _in_use(current, answered):
    """Each current item, or the revision of it (same code) that the evaluation answered.

    `answered` maps an item's code to the saved answer; an answer points at the revision it
    was given for, which may since have been retired for a new wording.
    """
    rows = []
    for item in current:
        saved = answered.get(item.code)
        rows.append((_answered_item(saved) if saved else item, saved))
    return rows


def _answered_item(saved):
    return saved.question if isinstance(saved, EnablerAnswer) else saved.indicator


def _checks(evaluation, domains):
    """The check for `domains`, in four queries whatever the number of answers."""
    by_domain = {domain.pk: DomainCheck(domain) for domain in domains}
    pks = list(by_domain)
    questions = EnablerQuestion.objects.filter(is_current=True, domain__in=pks).order_by(
        "position", "code")
    answers = EnablerAnswer.objects.filter(
        evaluation=evaluation, question__domain__in=pks).select_related("question")
    indicators = OutcomeIndicator.objects.filter(
        is_current=True, domain__in=pks).order_by("position", "code")
    values = IndicatorValue.objects.filter(
        evaluation=evaluation, indicator__domain__in=pks).select_related("indicator")

    answered = {answer.question.code: answer for answer in answers}
    for question, answer in _in_use(questions, answered):
        by_domain[question.domain_id].enablers.append(EnablerRow(question, answer))
    entered = {value.indicator.code: value for value in values}
    for indicator, value in _in_use(indicators, entered):
        by_domain[indicator.domain_id].indicators.append(IndicatorRow(indicator, value))
    return [by_domain[domain.pk] for domain in domains]


def domain_checks(*, evaluation, domains):
    """The check of each of `domains`, in order (four queries)."""
    return _checks(evaluation, list(domains))


def council_check_overview(*, evaluation):
    """Every domain's check (`checks`), and whether any indicator has values (`any_entered`)."""
    checks = _checks(evaluation, domain_list())
    return {"checks": checks, "any_entered": any(check.entered_count for check in checks)}


def council_check_for_domain(*, evaluation, domain):
    """One domain's check, with `next_domain` for "save and go to the next domain"."""
    check = _checks(evaluation, [domain])[0]
    check.next_domain = domain_after(domain)
    return check

