"""Starting, changing and archiving evaluations, and setting up their surveys."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from betterlives.models import Council
from domains.models import Domain, FrameworkVersion, SurveyQuestion

from ..models import SHORT_CODE_LENGTH, Evaluation, Survey, SurveyItem, random_code
from ..survey_content import survey_content_changed

OWN_QUESTIONS_PER_DOMAIN = 3


def _check_period(period_start, period_end):
    if period_end < period_start:
        raise ValidationError(
            {"period_end": _("The end date must be the same as or after the start date")}
        )


@transaction.atomic
def evaluation_create(*, council, title, period_start, period_end, audiences):
    _check_period(period_start, period_end)
    evaluation = Evaluation.objects.create(
        council=council,
        framework_version=FrameworkVersion.objects.get(is_current=True),
        title=title,
        period_start=period_start,
        period_end=period_end,
    )
    for audience in audiences:
        survey_create(evaluation=evaluation, audience=audience)
    return evaluation


@transaction.atomic
def evaluation_update(*, evaluation, title, period_start, period_end, audiences):
    """Change the details. An audience can be dropped only while its survey has no responses."""
    _check_period(period_start, period_end)
    current = {s.audience: s for s in evaluation.surveys.all()}
    for audience, survey in current.items():
        if audience not in audiences:
            count = survey.responses.count()
            if count:
                raise ValidationError({"audiences": ngettext(
                    "The %(survey)s survey has %(count)d response, so it cannot be removed. "
                    "Close the survey instead.",
                    "The %(survey)s survey has %(count)d responses, so it cannot be removed. "
                    "Close the survey instead.",
                    count,
                ) % {"survey": survey.get_audience_display().lower(), "count": count}})
            survey.delete()
    for audience in audiences:
        if audience not in current:
            survey_create(evaluation=evaluation, audience=audience)
    evaluation.title = title
    evaluation.period_start = period_start
    evaluation.period_end = period_end
    evaluation.save(update_fields=["title", "period_start", "period_end"])
    return evaluation


def evaluation_archive(*, evaluation):
    """Archived evaluations stay readable; their surveys close and their live votes end."""
    from .live_votes import live_votes_end_for_evaluation

    with transaction.atomic():
        evaluation.status = Evaluation.Status.ARCHIVED
        evaluation.save(update_fields=["status"])
        evaluation.surveys.filter(closed_at__isnull=True).update(closed_at=timezone.now())
        live_votes_end_for_evaluation(evaluation=evaluation)
    return evaluation


def evaluation_unarchive(*, evaluation):
    evaluation.status = Evaluation.Status.IN_PROGRESS
    evaluation.save(update_fields=["status"])
    return evaluation


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
