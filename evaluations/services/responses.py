"""Saving what respondents say, page by page, and sending it exactly once."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import (
    RESUME_CODE_LENGTH,
    Answer,
    Evaluation,
    Response,
    normalise_code,
    random_code,
)


class SurveyClosed(Exception):
    """The survey is not taking answers now. Nothing already saved is lost."""


def response_start(*, survey, language="en", channel=Response.Channel.ONLINE):
    if not survey.is_open():
        raise SurveyClosed
    for _attempt in range(10):
        try:
            with transaction.atomic():
                response = Response.objects.create(
                    survey=survey, language=language[:8], channel=channel,
                    resume_code=random_code(RESUME_CODE_LENGTH),
                )
                break
        except IntegrityError:  # the random resume code was taken: try another
            continue
    else:  # pragma: no cover
        raise RuntimeError("Could not find a free resume code")
    Evaluation.objects.filter(
        pk=survey.evaluation_id, status=Evaluation.Status.SETTING_UP
    ).update(status=Evaluation.Status.IN_PROGRESS)
    return response


def response_find(*, code):
    """The unfinished response a resume code belongs to, or None."""
    code = normalise_code(code)
    if len(code) != RESUME_CODE_LENGTH:
        return None
    return Response.objects.select_related("survey").filter(resume_code=code).first()


def _lock(response):
    """Re-read the response inside the transaction, locked against other requests."""
    # Lock the response only (FOR UPDATE OF): sends in the same survey must not queue behind
    # one another on the survey's row.
    return Response.objects.select_for_update(of=("self",)).select_related("survey").get(
        pk=response.pk)


@transaction.atomic
def answer_save(*, response, item, choice, comment):
    """Save one page. Returns False, changing nothing, when the response was already sent."""
    if not response.survey.is_open():
        raise SurveyClosed
    now = timezone.now()
    # This update also holds the response's row lock until the page is saved, and matches
    # nothing once the response has been sent.
    if not Response.objects.filter(
        pk=response.pk, status=Response.Status.IN_PROGRESS
    ).update(last_saved_at=now):
        return False
    values = {"choice": choice or "", "comment": comment or "", "saved_at": now}
    if not Answer.objects.filter(response=response, item=item).update(**values):
        Answer.objects.create(response=response, item=item, **values)
    return True


@transaction.atomic
def response_helped_set(*, response, helped):
    locked = _lock(response)
    if locked.is_submitted:
        return locked
    if not locked.survey.is_open():
        raise SurveyClosed
    locked.helped = helped
    locked.last_saved_at = timezone.now()
    locked.save(update_fields=["helped", "last_saved_at"])
    return locked


@transaction.atomic
def response_submit(*, response):
    """Send the response. Sending again (double click, refresh, second tab) changes nothing."""
    locked = _lock(response)
    if locked.is_submitted:
        return locked
    if not locked.survey.is_open():
        raise SurveyClosed
    locked.status = Response.Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["status", "submitted_at"])
    return locked


def paper_response_create(*, survey, submission_key, answers, helped):
    """Key in a paper questionnaire in one go. The same submission key stores it once.

    `answers` maps each SurveyItem to (choice, comment). Paper responses are accepted after
    the survey has closed: the person answered in time on paper.
    """
    try:
        with transaction.atomic():
            response = Response.objects.create(
                survey=survey, submission_key=submission_key, channel=Response.Channel.PAPER,
                resume_code=random_code(RESUME_CODE_LENGTH), helped=helped,
                status=Response.Status.SUBMITTED, submitted_at=timezone.now(),
            )
            Answer.objects.bulk_create(
                Answer(response=response, item=item, choice=choice or "", comment=comment or "")
                for item, (choice, comment) in answers.items()
                if choice or comment
            )
            return response, True
    except IntegrityError:
        existing = Response.objects.filter(submission_key=submission_key, survey=survey).first()
        if existing is None:
            raise
        return existing, False
