"""Starting, changing and archiving evaluations (their surveys are set up in surveys.py)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from domains.models import FrameworkVersion

from ..models import Evaluation
from .surveys import survey_create


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


