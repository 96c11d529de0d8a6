"""Reads for the step 2 pages: the choice of domains, the reviews and the history.

The caller has already been allowed to see the evaluation. Every function runs a fixed
number of queries, however many audit events, ratings or pieces of evidence there are.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404

from betterlives.audit import audit_list
from domains.models import InDepthQuestion, Statement
from evaluations.framework_rule import NOT_CHECKED
from evaluations.models import (
    ChosenDomain,
    DomainDecision,
    DomainReview,
    InDepthAnswer,
    ReviewEvidence,
    StatementRating,
)
from evaluations.selectors.council_check import domain_checks
from evaluations.selectors.results import evaluation_results
from evaluations.selectors.suggestions import suggest_domains, suggestions_by_domain

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"
RECENT_EVENTS = 10


def decision_get(*, evaluation):
    return DomainDecision.objects.filter(evaluation=evaluation).first()


def chosen_domain_list(*, evaluation):
    return list(ChosenDomain.objects.filter(evaluation=evaluation).select_related("domain")
                .order_by("domain__number"))


@dataclass
class DomainRow:
    domain: object
    result: object
    suggestions: list
    chosen: ChosenDomain | None
    rule: object = None  # the framework's rule (framework_rule.RuleResult)


def choose_domains_page(*, evaluation):
    """Every domain with its step 1 results, the framework's rule, the service's own
    suggestions and whether it is chosen; the framework's candidates (`candidates`, the
    council's own check of each) and the domains not checked yet (`not_checked`); the
    decision; and the most recent changes (`events`, `more_events`)."""
    results = evaluation_results(evaluation)
    suggestions = suggest_domains(results)
    by_domain = suggestions_by_domain(suggestions)
    checks = domain_checks(evaluation=evaluation, domains=[r.domain for r in results])
    rules = {check.domain.pk: check.rule for check in checks}
    chosen = {c.domain_id: c for c in chosen_domain_list(evaluation=evaluation)}
    rows = [DomainRow(r.domain, r, by_domain.get(r.domain.pk, []), chosen.get(r.domain.pk),
                      rules[r.domain.pk])
            for r in results]
    decision = decision_get(evaluation=evaluation)
    events = []
    if decision is not None:
        events = list(audit_list(council=evaluation.council, obj=decision)[:RECENT_EVENTS + 1])
    kept = set(DomainReview.objects.filter(evaluation=evaluation).exclude(
        domain_id__in=list(chosen)).exclude(key_findings="").values_list("domain_id", flat=True))
    return {
        "rows": rows, "results": results, "suggestions": suggestions, "decision": decision,
        "candidates": [check for check in checks if check.rule.is_candidate],
        "not_checked": [check for check in checks if check.rule.status == NOT_CHECKED],
        "events": events[:RECENT_EVENTS], "more_events": len(events) > RECENT_EVENTS,
        "kept_reviews": [r for r in rows if r.domain.pk in kept],
        "threshold": evaluation.council.small_number_threshold,
    }


def review_status(review):
    if review is None:
        return NOT_STARTED
    if review.key_findings:
        return COMPLETED
    if getattr(review, "started", False):
        return IN_PROGRESS
    return NOT_STARTED


@dataclass
class ReviewRow:
    chosen: ChosenDomain
    review: DomainReview | None

    @property
    def domain(self):
        return self.chosen.domain

    @property
    def status(self):
        return review_status(self.review)


def review_list(*, evaluation):
    """The chosen domains, each with its review (two queries plus one for what is started)."""
    chosen = chosen_domain_list(evaluation=evaluation)
    reviews = {r.domain_id: r for r in DomainReview.objects.filter(
        evaluation=evaluation, domain_id__in=[c.domain_id for c in chosen])}
    started = set(DomainReview.objects.filter(evaluation=evaluation).filter(
        Q(statement_ratings__isnull=False) | Q(answers__isnull=False)
        | Q(evidence_items__isnull=False)).values_list("pk", flat=True).distinct())
    for review in reviews.values():
        review.started = review.pk in started
    return [ReviewRow(c, reviews.get(c.domain_id)) for c in chosen]


def review_get(*, evaluation, number):
    """The review of the chosen domain with this number, or 404 when it is not chosen."""
    chosen = ChosenDomain.objects.filter(evaluation=evaluation, domain__number=number
                                         ).select_related("domain").first()
    if chosen is None:
        raise Http404
    review, _created = DomainReview.objects.get_or_create(evaluation=evaluation,
                                                          domain=chosen.domain)
    review.evaluation = evaluation
    review.domain = chosen.domain
    return chosen, review


def _in_use(current, saved, item_of):
    """Each current item, or the revision of it (same code) the review already has."""
    rows = []
    for item in current:
        row = saved.get(item.code)
        rows.append((item_of(row) if row else item, row))
    return rows


@dataclass
class ReviewContent:
    statements: list = field(default_factory=list)  # (Statement, StatementRating or None)
    questions: list = field(default_factory=list)  # (InDepthQuestion, InDepthAnswer or None)


def review_content(*, review):
    """The statements and questions of the review's domain, with what has been saved
    (four queries)."""
    statements = Statement.objects.filter(is_current=True, domain=review.domain_id).order_by(
        "position", "code")
    ratings = StatementRating.objects.filter(review=review).select_related("statement")
    questions = InDepthQuestion.objects.filter(is_current=True, domain=review.domain_id
                                               ).order_by("position", "code")
    answers = InDepthAnswer.objects.filter(review=review).select_related("question")
    return ReviewContent(
        statements=_in_use(statements, {r.statement.code: r for r in ratings},
                           lambda r: r.statement),
        questions=_in_use(questions, {a.question.code: a for a in answers},
                          lambda a: a.question),
    )


def review_page(*, evaluation, review):
    """The domain's step 1 result and the review's evidence, newest last."""
    result = next(r for r in evaluation_results(evaluation) if r.domain.pk == review.domain_id)
    evidence = list(ReviewEvidence.objects.filter(review=review).select_related("added_by")
                    .order_by("added_at", "pk"))
    return {"result": result, "evidence": evidence,
            "threshold": evaluation.council.small_number_threshold}


# The action plan app adds its own events to the history from its AppConfig.ready()
# (`history_filter_add`), so this module does not import it.
_history_filters = []


def history_filter_add(events_of):
    """`events_of(evaluation)` gives a Q of more audit events for the step 2 and 3 history."""
    if events_of not in _history_filters:
        _history_filters.append(events_of)


def history_events(*, evaluation):
    """The audit events of this evaluation's steps 2 and 3: its decision, its reviews, and
    what the apps above add (the actions of its plan, removed ones too, and the board's
    sign-offs)."""
    decision_ids = [str(pk) for pk in DomainDecision.objects.filter(
        evaluation=evaluation).values_list("pk", flat=True)]
    review_ids = [str(pk) for pk in DomainReview.objects.filter(
        evaluation=evaluation).values_list("pk", flat=True)]
    events = (Q(object_type=DomainDecision._meta.label_lower, object_id__in=decision_ids)
              | Q(object_type=DomainReview._meta.label_lower, object_id__in=review_ids))
    for events_of in _history_filters:
        events |= events_of(evaluation)
    return audit_list(council=evaluation.council).filter(events)


def step_two_progress(evaluation):
    """For the task list: how many domains are chosen, reviews completed and started
    (two queries)."""
    chosen_ids = list(ChosenDomain.objects.filter(evaluation=evaluation).values_list(
        "domain_id", flat=True))
    reviews = DomainReview.objects.filter(evaluation=evaluation, domain_id__in=chosen_ids)
    counts = {"chosen": len(chosen_ids), "completed": 0, "started": 0}
    if chosen_ids:
        started = reviews.filter(~Q(key_findings="") | Q(statement_ratings__isnull=False)
                                 | Q(answers__isnull=False) | Q(evidence_items__isnull=False))
        counts["completed"] = reviews.exclude(key_findings="").count()
        counts["started"] = started.values("pk").distinct().count()
    return counts

