"""Step 2: record the choice of domains, and the in-depth review of each.

Every service checks its input and raises a ValidationError with the first thing wrong: each
field's length, choices and numbers with the model's own checks (`clean_fields()`, whose
limits and messages the forms use too), and here the rules about several objects, dates and
types. Every change is written to the audit trail (`audit_record`) in the same transaction.
The choice of domains and its changes are recorded against the DomainDecision; the review and
its evidence against the DomainReview (reviews are never deleted, so their history stays).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from betterlives.audit import audit_record, changed_fields

from ..models import (
    ChoiceReason,
    ChosenDomain,
    DomainDecision,
    DomainReview,
    Group,
    InDepthAnswer,
    ReviewEvidence,
    StatementRating,
)
from ..models.step_two import (
    DECISION_DATE_MISSING,
    NO_DOMAIN_CHOSEN,
    PEOPLE_NOT_A_NUMBER,
    RATING_NOT_LISTED,
    RATIONALE_TOO_LONG,
    REASON_NOT_CHOSEN,
)

# As the audit trail names them (betterlives.audit).
TOOK_PART_NAMES = {
    "lived_experience": gettext_noop("took part: lived experience"),
    "family_carers": gettext_noop("took part: family carers"),
    "staff": gettext_noop("took part: staff"),
    "partners": gettext_noop("took part: partners"),
}


def _check(instance, *fields):
    """Check these fields of `instance` with the model's own rules (required, length, choices,
    numbers), and raise the first that fails. As in `clean_fields()`, an optional field left
    blank (None too) is not checked."""
    exclude = [field.name for field in instance._meta.fields if field.name not in fields]
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as error:
        raise next(iter(error.error_dict.values()))[0] from None


def _check_choice(chosen):
    """Check a chosen domain's reason and rationale, whose messages name the domain."""
    try:
        chosen.clean_fields(exclude=["id", "evaluation", "domain"])
    except ValidationError as error:
        message = REASON_NOT_CHOSEN if "reason" in error.error_dict else RATIONALE_TOO_LONG
        raise ValidationError(message % {"domain": chosen.domain.title}) from None


def _decision_state(decision):
    if decision is None:
        return {}
    state = {gettext_noop("date of the decision"): decision.decided_on.isoformat(),
             gettext_noop("how the decision was made"): decision.how_decided}
    for group, name in TOOK_PART_NAMES.items():
        state[name] = getattr(decision, f"took_part_{group}")
    return state


@transaction.atomic
def domain_choice_save(*, evaluation, user, decided_on, took_part, how_decided, choices):
    """Record which domains the council chose and why, and who took part in deciding.

    `took_part`: {group: number} for each Group; `choices`: {Domain: (reason,
    rationale)} for each chosen domain. Chosen domains not in `choices` are removed (their
    review is kept). Returns the DomainDecision.
    """
    if not choices:
        raise ValidationError(NO_DOMAIN_CHOSEN)
    if not isinstance(decided_on, datetime.date):
        raise ValidationError(DECISION_DATE_MISSING)
    numbers = {group: took_part.get(group, 0) or 0 for group in Group.values}
    if not all(isinstance(number, int) for number in numbers.values()):
        raise ValidationError(PEOPLE_NOT_A_NUMBER)  # the model's check takes "4" and 4.5

    decision = DomainDecision.objects.select_for_update().filter(evaluation=evaluation).first()
    before = _decision_state(decision)
    created = decision is None
    if created:
        decision = DomainDecision(evaluation=evaluation)
    decision.decided_on = decided_on
    decision.how_decided = how_decided or ""
    for group, number in numbers.items():
        setattr(decision, f"took_part_{group}", number)
    _check(decision, *(f"took_part_{group}" for group in Group.values), "how_decided")
    rows = {domain: ChosenDomain(evaluation=evaluation, domain=domain, reason=reason,
                                 rationale=rationale or "")
            for domain, (reason, rationale) in choices.items()}
    for row in rows.values():
        _check_choice(row)
    decision.updated_by = user if getattr(user, "is_authenticated", False) else None
    decision.save()
    council = evaluation.council
    changes = changed_fields(before, _decision_state(decision))
    if created:
        audit_record(council=council, user=user,
                     action=gettext_noop("Recorded how the domains were chosen"),
                     obj=decision, changes=changes)
    elif changes:
        audit_record(council=council, user=user,
                     action=gettext_noop("Changed how the domains were chosen"),
                     obj=decision, changes=changes)

    current = {c.domain_id: c for c in ChosenDomain.objects.filter(
        evaluation=evaluation).select_related("domain")}
    for domain, row in sorted(rows.items(), key=lambda kv: kv[0].number):
        reason, rationale = row.reason, row.rationale
        chosen = current.pop(domain.pk, None)
        if chosen is None:
            row.save()
            DomainReview.objects.get_or_create(evaluation=evaluation, domain=domain)
            audit_record(council=council, user=user, action=gettext_noop("Chose domain %(number)s"),
                         names={"number": domain.number},
                         obj=decision, changes=changed_fields({}, _choice_state(reason, rationale)))
            continue
        old = _choice_state(chosen.reason, chosen.rationale)
        new = _choice_state(reason, rationale)
        changes = changed_fields(old, new)
        if changes:
            chosen.reason, chosen.rationale = reason, rationale
            chosen.save(update_fields=["reason", "rationale"])
            audit_record(council=council, user=user,
                         action=gettext_noop("Changed why domain %(number)s was chosen"),
                         names={"number": domain.number}, obj=decision,
                         changes=changes)
    for chosen in current.values():
        chosen.delete()
        audit_record(council=council, user=user,
                     action=gettext_noop("Removed domain %(number)s"),
                     names={"number": chosen.domain.number}, obj=decision,
                     changes=changed_fields(_choice_state(chosen.reason, chosen.rationale), {}))
    return decision


def _choice_state(reason, rationale):
    return {gettext_noop("why"): ChoiceReason(reason).label, gettext_noop("rationale"): rationale}


def _statement_name(statement):
    return f"statement {statement.code}"


@transaction.atomic
def review_save(*, review, user, ratings, answers, key_findings):
    """Save the in-depth review of one domain.

    `ratings`: {Statement: (rating, evidence)}; `answers`: {InDepthQuestion: text}. Statements
    and questions must belong to the review's domain. Writes one audit event with every
    changed field (none when nothing changed). Returns the review.
    """
    _check(DomainReview(key_findings=key_findings or ""), "key_findings")
    for statement, (rating, evidence) in ratings.items():
        if statement.domain_id != review.domain_id:
            raise ValidationError(_("That statement is not part of this domain"))
        if rating is None:  # not rated is "", which the model does not check
            raise ValidationError(RATING_NOT_LISTED)
        _check(StatementRating(rating=rating, evidence=evidence or ""), "rating", "evidence")
    for question, text in answers.items():
        if question.domain_id != review.domain_id:
            raise ValidationError(_("That question is not part of this domain"))
        _check(InDepthAnswer(answer=text or ""), "answer")

    review = DomainReview.objects.select_for_update().get(pk=review.pk)
    before, after = {}, {}
    saved = {r.statement_id: r for r in StatementRating.objects.filter(review=review)}
    for statement, (rating, evidence) in ratings.items():
        row = saved.get(statement.pk)
        name = _statement_name(statement)
        before[f"{name} rating"] = (StatementRating.Rating(row.rating).label
                                    if row and row.rating else "")
        before[f"{name} evidence"] = row.evidence if row else ""
        if row is None:
            row = StatementRating(review=review, statement=statement)
        row.rating, row.evidence = rating or "", evidence or ""
        after[f"{name} rating"] = StatementRating.Rating(row.rating).label if row.rating else ""
        after[f"{name} evidence"] = row.evidence
        if row.pk is None:
            if row.rating or row.evidence:
                row.save()
        else:
            row.save()
    given = {a.question_id: a for a in InDepthAnswer.objects.filter(review=review)}
    for question, text in answers.items():
        row = given.get(question.pk)
        key = f"question {question.code} answer"
        before[key] = row.answer if row else ""
        after[key] = text or ""
        if row is None:
            if text:
                InDepthAnswer.objects.create(review=review, question=question, answer=text)
        elif row.answer != (text or ""):
            row.answer = text or ""
            row.save(update_fields=["answer"])
    before[gettext_noop("key findings")] = review.key_findings
    after[gettext_noop("key findings")] = key_findings or ""
    review.key_findings = key_findings or ""
    review.save()
    changes = changed_fields(before, after)
    if changes:
        audit_record(council=review.evaluation.council, user=user,
                     action=gettext_noop("Changed the review of domain %(number)s"),
                     names={"number": review.domain.number},
                     obj=review, changes=changes)
    return review


@transaction.atomic
def review_evidence_add(*, review, user, text):
    """Add a piece of evidence to a review, and record it in the audit trail."""
    text = (text or "").strip()
    item = ReviewEvidence(review=review, text=text,
                          added_by=user if getattr(user, "is_authenticated", False) else None)
    _check(item, "text")
    item.save()
    audit_record(council=review.evaluation.council, user=user,
                 action=gettext_noop("Added evidence to the review of domain %(number)s"),
                 names={"number": review.domain.number},
                 obj=review, changes=changed_fields({}, {gettext_noop("evidence"): text}))
    return item

