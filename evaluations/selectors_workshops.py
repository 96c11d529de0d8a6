"""Reads for the workshop and council's-own-check pages.

The caller has already been allowed to see the evaluation (evaluation_get checks the council
and the role); everything here is looked up inside that evaluation, so a workshop of another
evaluation, or a domain number that does not exist, is a 404. Every function runs a fixed
number of queries, however many workshops, ratings or answers there are.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from domains.models import Domain, EnablerQuestion, OutcomeIndicator

from .framework_rule import IndicatorFinding, apply_rule
from .models import EnablerAnswer, IndicatorValue, Workshop, WorkshopRating
from .selectors_votes import live_vote_list

FIGURES = (
    ("value_two_years_ago", _("Two years ago")),
    ("value_last_year", _("Last year")),
    ("value_this_year", _("This year")),
    ("local_target", _("Local target")),
    ("comparator", _("Similar councils")),
)

# Workshops --------------------------------------------------------------------------------


def domain_list():
    """The framework's domains, in order."""
    return list(Domain.objects.order_by("number"))


def domain_get(*, number):
    domain = Domain.objects.filter(number=number).first()
    if domain is None:
        raise Http404
    return domain


def domain_after(domain):
    """The next domain by number, or None after the last."""
    return Domain.objects.filter(number__gt=domain.number).order_by("number").first()


def workshop_list(*, evaluation):
    """The evaluation's workshops, newest first, each with `rated_count` (one query)."""
    workshops = list(
        Workshop.objects.filter(evaluation=evaluation)
        .annotate(rated_count=Count("ratings", filter=~Q(ratings__choice="")))
        .order_by("-held_on", "title", "pk")
    )
    for workshop in workshops:
        workshop.evaluation = evaluation
    return workshops


def workshop_get(*, evaluation, pk):
    """A workshop of this evaluation, or 404."""
    workshop = Workshop.objects.filter(evaluation=evaluation, pk=pk).first()
    if workshop is None:
        raise Http404
    workshop.evaluation = evaluation
    return workshop


def workshop_list_page(*, evaluation):
    """The workshops (each with `rated_count`) and how many domains there are to rate."""
    return {"workshops": workshop_list(evaluation=evaluation),
            "domain_count": Domain.objects.count()}


@dataclass
class RatingPage:
    rating: WorkshopRating | None
    next_domain: Domain | None


def workshop_rating_page(*, workshop, domain):
    """The group's rating of `domain` in this workshop (or None), and the domain after it."""
    return RatingPage(
        rating=WorkshopRating.objects.filter(workshop=workshop, domain=domain).first(),
        next_domain=domain_after(domain),
    )


@dataclass
class DomainRating:
    domain: Domain
    rating: WorkshopRating | None

    @property
    def is_rated(self):
        return self.rating is not None and bool(self.rating.choice)

    @property
    def has_notes(self):
        rating = self.rating
        return rating is not None and any((rating.strengths, rating.improvements,
                                           rating.evidence))


def workshop_domain_ratings(*, workshop):
    """Every domain with the group's rating in this workshop, or None (two queries)."""
    ratings = {rating.domain_id: rating for rating in WorkshopRating.objects.filter(
        workshop=workshop)}
    return [DomainRating(domain, ratings.get(domain.pk)) for domain in domain_list()]


def workshop_page(*, workshop):
    """For the workshop page: each domain's rating (`rows`) and the workshop's live votes
    with their counts (`live_votes`, for the live votes panel). Three queries."""
    return {"rows": workshop_domain_ratings(workshop=workshop),
            "live_votes": live_vote_list(workshop=workshop)}


# The council's own check ------------------------------------------------------------------


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

