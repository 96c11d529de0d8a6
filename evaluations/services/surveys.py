"""Setting up a survey: which questions it asks, the council's own questions (in Welsh too in
Wales), its dates, closing and reopening it, and taking a question's newer wording.

When an administrator changes a question's wording, a new revision is added and surveys
already set up keep asking the revision they had (domains.services.revisioned_item_save). A
facilitator sees the newer wording beside the old on the survey's page and can take it for a
question nobody has answered yet (`survey_item_wording_update`); answers always keep the
wording they were given.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from betterlives.models import Council
from domains.models import Domain, SurveyQuestion

from ..models import SHORT_CODE_LENGTH, Answer, Survey, SurveyItem, random_code
from ..survey_content import survey_content_changed

OWN_QUESTIONS_PER_DOMAIN = 3


def survey_create(*, evaluation, audience):
    """A survey with every current framework question for its audience, all switched on."""
    for _attempt in range(10):
        try:
            with transaction.atomic():
                survey = Survey.objects.create(
                    evaluation=evaluation, audience=audience,
                    short_code=random_code(SHORT_CODE_LENGTH),
                )
                break
        except IntegrityError:  # the random short code was taken: try another
            continue
    else:  # pragma: no cover - 25^6 codes make this practically impossible
        raise RuntimeError("Could not find a free short code")
    questions = SurveyQuestion.objects.filter(audience=audience, is_current=True).select_related(
        "domain"
    )
    SurveyItem.objects.bulk_create(
        SurveyItem(survey=survey, domain=q.domain, question=q, position=q.position)
        for q in questions
    )
    return survey


def survey_questions_choose(*, survey, enabled_item_ids):
    """Switch framework and own questions on or off. At least one must stay on."""
    enabled_item_ids = {int(pk) for pk in enabled_item_ids}
    if not enabled_item_ids:
        raise ValidationError({"items": _("Choose at least one question to ask")})
    items = survey.items.all()
    items.filter(pk__in=enabled_item_ids).update(enabled=True)
    items.exclude(pk__in=enabled_item_ids).update(enabled=False)
    survey_content_changed(Survey.objects.filter(pk=survey.pk))


def welsh_required(survey):
    """Councils in Wales give their own questions in Welsh as well as English."""
    return survey.evaluation.council.nation == Council.Nation.WALES


def survey_own_question_add(*, survey, domain: Domain, text, text_cy=""):
    """Add one of the council's own questions, in English and (in Wales, always) Welsh. It is
    asked from now on."""
    if welsh_required(survey) and not text_cy.strip():
        raise ValidationError({"text_cy": _("Enter your question in Welsh")})
    with transaction.atomic():
        # The survey's row is locked while its questions are counted, so two people adding
        # a question at the same moment cannot both take the last place.
        Survey.objects.select_for_update().filter(pk=survey.pk).first()
        count = survey.items.filter(domain=domain, question__isnull=True).count()
        if count >= OWN_QUESTIONS_PER_DOMAIN:
            raise ValidationError({"text": _(
                "You can add up to %(limit)d of your own questions for each domain. "
                "Remove one before adding another."
            ) % {"limit": OWN_QUESTIONS_PER_DOMAIN}})
        with translation.override("en"):
            return SurveyItem.objects.create(
                survey=survey, domain=domain, own_text_en=text, own_text_cy=text_cy.strip(),
                position=1000 + count,
            )


def check_own_questions_in_welsh(survey):
    """A survey of a council in Wales opens only when each own question it asks has its
    Welsh. The error names the questions without it."""
    if not welsh_required(survey):
        return
    missing = [
        item.own_text_en
        for item in survey.items.filter(question__isnull=True, enabled=True)
        if not (item.own_text_cy or "").strip()
    ]
    if missing:
        raise ValidationError(ngettext(
            "Give your own question in Welsh before the survey opens: %(questions)s. "
            "Remove it and add it again with its Welsh.",
            "Give your own questions in Welsh before the survey opens: %(questions)s. "
            "Remove each one and add it again with its Welsh.",
            len(missing),
        ) % {"questions": "; ".join(f"“{text}”" for text in missing)})


def survey_own_question_remove(*, item):
    """Own questions that already have answers are switched off, not deleted."""
    if item.answers.exists():
        item.enabled = False
        item.save(update_fields=["enabled"])
    else:
        item.delete()


def survey_dates_set(*, survey, opens_on, closes_on):
    if opens_on and closes_on and closes_on < opens_on:
        raise ValidationError(
            {"closes_on": _("The closing date must be the same as or after the opening date")}
        )
    check_own_questions_in_welsh(survey)
    survey.opens_on = opens_on
    survey.closes_on = closes_on
    survey.save(update_fields=["opens_on", "closes_on"])
    return survey


def survey_close(*, survey):
    if survey.closed_at is None:
        survey.closed_at = timezone.now()
        survey.save(update_fields=["closed_at"])
    return survey


def survey_reopen(*, survey):
    check_own_questions_in_welsh(survey)
    survey.closed_at = None
    if survey.closes_on and survey.closes_on < timezone.localdate():
        survey.closes_on = None
    survey.save(update_fields=["closed_at", "closes_on"])
    return survey


@transaction.atomic
def survey_item_wording_update(*, item):
    """Ask `item` in the current wording of its question. Refused (ValidationError) once
    anyone has answered it, tests included, and when there is no newer wording."""
    item = SurveyItem.objects.select_for_update().get(pk=item.pk)
    current = SurveyQuestion.objects.filter(code=item.question.code, is_current=True).first()
    if current is None or current.pk == item.question_id:
        raise ValidationError(_("This question already has the newest wording."))
    if Answer.with_practice.filter(item=item).exists():
        raise ValidationError(_(
            "People have answered this question already, so it keeps the wording they saw."))
    item.question = current
    item.save(update_fields=["question"])
    return item
