"""The framework's rule for step 2, over the council's own check of one domain.

The framework's quick self-evaluation says a domain is a candidate for the full (in-depth)
self-assessment when any enabler question cannot be answered with a confident "yes, we do this
all the time", or when the evidence shows outcomes are not being achieved. Here:

- any enabler answer other than "Yes, all the time" ("Don't know" is not a confident yes);
- any outcome indicator getting worse over the years entered, or short of its local target.

Each reason is named in one sentence. A domain with no reason yet but with enabler questions
not answered is "not checked yet", not "not a candidate". Pure functions: no queries.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Choice
from .models.council_check import Direction

CANDIDATE = "candidate"
NOT_CANDIDATE = "not_candidate"
NOT_CHECKED = "not_checked"

STATUS_LABELS = {
    CANDIDATE: _("A candidate for an in-depth look"),
    NOT_CANDIDATE: _("Not a candidate"),
    NOT_CHECKED: _("Not checked yet"),
}


@dataclass(frozen=True)
class IndicatorFinding:
    """What the council's check found for one indicator with values entered."""

    code: str
    name: str
    direction: str  # a Direction
    meets_target: bool | None  # None when there is no target or no value to compare


@dataclass(frozen=True)
class RuleResult:
    status: str
    reasons: tuple = ()
    unanswered: int = 0

    @property
    def is_candidate(self):
        return self.status == CANDIDATE

    @property
    def label(self):
        return STATUS_LABELS[self.status]


def enabler_reasons(choices):
    """A sentence for each enabler answer that is not a confident yes. `choices`: the answer to
    each enabler question of the domain, in order ("" when not answered)."""
    return [
        _("Enabler question %(number)d was answered “%(answer)s”") % {
            "number": number, "answer": Choice(choice).label}
        for number, choice in enumerate(choices, start=1)
        if choice and choice != Choice.ALL_THE_TIME
    ]


def indicator_reasons(findings):
    """A sentence for each indicator that is getting worse or is short of its local target."""
    reasons = []
    for finding in findings:
        values = {"code": finding.code, "name": finding.name}
        if finding.direction == Direction.WORSENING:
            reasons.append(_("Indicator %(code)s (%(name)s) is getting worse") % values)
        if finding.meets_target is False:
            reasons.append(_("Indicator %(code)s (%(name)s) is short of its local target")
                           % values)
    return reasons


def apply_rule(*, enabler_choices, indicators):
    """The framework's rule for one domain: a RuleResult with its status and reasons.

    enabler_choices: the answer to each enabler question ("" when not answered);
    indicators: an IndicatorFinding for each indicator with values entered.
    """
    reasons = (*enabler_reasons(enabler_choices), *indicator_reasons(indicators))
    unanswered = sum(1 for choice in enabler_choices if not choice)
    if reasons:
        status = CANDIDATE
    elif unanswered or not enabler_choices:
        status = NOT_CHECKED
    else:
        status = NOT_CANDIDATE
    return RuleResult(status, reasons, unanswered)
