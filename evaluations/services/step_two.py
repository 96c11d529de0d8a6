"""Step 2: record the choice of domains, and the in-depth review of each.

Every change is written to the audit trail (`audit_record`) in the same transaction. The
choice of domains and its changes are recorded against the DomainDecision; the review and its
evidence against the DomainReview (reviews are never deleted, so their history stays).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from betterlives.audit import audit_record, changed_fields
from betterlives.text_limits import LONG_TEXT_LIMIT, TEXT_LIMIT

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

TOOK_PART = tuple(Group.values)
# As the audit trail names them (betterlives.audit).
TOOK_PART_NAMES = {
    "lived_experience": gettext_noop("took part: lived experience"),
    "family_carers": gettext_noop("took part: family carers"),
    "staff": gettext_noop("took part: staff"),
    "partners": gettext_noop("took part: partners"),
}
MAX_PEOPLE = 1000


def _check_text(value, limit, message):
    if len(value or "") > limit:
        raise ValidationError(message)


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

    `took_part`: {group: number} for the groups in TOOK_PART; `choices`: {Domain: (reason,
    rationale)} for each chosen domain. Chosen domains not in `choices` are removed (their
    review is kept). Returns the DomainDecision.
    """
    if not choices:
        raise ValidationError(_("Choose at least one domain to look at in depth"))
    if not isinstance(decided_on, datetime.date):
        raise ValidationError(_("Enter the date of the decision"))
    for group in TOOK_PART:
        number = took_part.get(group, 0) or 0
        if not isinstance(number, int) or number < 0 or number > MAX_PEOPLE:
            raise ValidationError(_("Numbers of people must be whole numbers from 0 to 1,000"))
    _check_text(how_decided, TEXT_LIMIT,
                _("How the decision was made must be 5000 characters or fewer"))
    for domain, (reason, rationale) in choices.items():
        if reason not in ChoiceReason.values:
            raise ValidationError(_("Choose why you chose %(domain)s") % {"domain": domain.title})
        _check_text(rationale, TEXT_LIMIT, _("The reasons for %(domain)s must be 5000 "
                                             "characters or fewer") % {"domain": domain.title})

    decision = DomainDecision.objects.select_for_update().filter(evaluation=evaluation).first()
    before = _decision_state(decision)
    created = decision is None
    if created:
        decision = DomainDecision(evaluation=evaluation)
    decision.decided_on = decided_on
    decision.how_decided = how_decided or ""
    for group in TOOK_PART:
        setattr(decision, f"took_part_{group}", took_part.get(group, 0) or 0)
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
    for domain, (reason, rationale) in sorted(choices.items(), key=lambda kv: kv[0].number):
        rationale = rationale or ""
        chosen = current.pop(domain.pk, None)
        if chosen is None:
            ChosenDomain.objects.create(evaluation=evaluation, domain=domain, reason=reason,
                                        rationale=rationale)
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
    _check_text(key_findings, LONG_TEXT_LIMIT,
                _("The key findings must be 10000 characters or fewer"))
    valid_ratings = {"", *StatementRating.Rating.values}
    for statement, (rating, evidence) in ratings.items():
        if statement.domain_id != review.domain_id:
            raise ValidationError(_("That statement is not part of this domain"))
        if rating not in valid_ratings:
            raise ValidationError(_("Choose how far each statement is in place"))
        _check_text(evidence, TEXT_LIMIT,
                    _("The evidence must be 5000 characters or fewer"))
    for question, text in answers.items():
        if question.domain_id != review.domain_id:
            raise ValidationError(_("That question is not part of this domain"))
        _check_text(text, LONG_TEXT_LIMIT, _("Each answer must be 10000 characters or fewer"))

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
    if not text:
        raise ValidationError(_("Enter the evidence"))
    _check_text(text, TEXT_LIMIT, _("The evidence must be 5000 characters or fewer"))
    item = ReviewEvidence.objects.create(
        review=review, text=text,
        added_by=user if getattr(user, "is_authenticated", False) else None)
    audit_record(council=review.evaluation.council, user=user,
                 action=gettext_noop("Added evidence to the review of domain %(number)s"),
                 names={"number": review.domain.number},
                 obj=review, changes=changed_fields({}, {gettext_noop("evidence"): text}))
    return item

