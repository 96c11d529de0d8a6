"""Saving what respondents say, page by page, and sending it exactly once.

A response made in the survey's "try it" mode is a test (`practice`): it is saved and sent
like any other, also while the survey is not open, and counted nowhere. These functions work
on both kinds (`Response.with_practice`); `practice_responses_delete` removes the tests.
"""

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


def _takes_answers(survey, practice):
    """A survey takes answers while it is open; a test, whenever it is tried."""
    return practice or survey.is_open()


def response_start(*, survey, language="en", channel=Response.Channel.ONLINE,
                   submission_key=None, practice=False):
    """A new response. With `submission_key`, the response with that key if it is already
    made (a double click on the first page): the same key makes one response. A `practice`
    response is a test, made in the survey's "try it" mode."""
    return _response_make(survey=survey, language=language, channel=channel,
                          submission_key=submission_key, practice=practice)[0]


def _response_make(*, survey, language, channel, submission_key, practice):
    """(the response, whether this call made it): see `response_start`."""
    if not _takes_answers(survey, practice):
        raise SurveyClosed
    extra = {"submission_key": submission_key} if submission_key else {}
    for _attempt in range(10):
        try:
            with transaction.atomic():
                response = Response.with_practice.create(
                    survey=survey, language=language[:8], channel=channel,
                    resume_code=random_code(RESUME_CODE_LENGTH), practice=practice, **extra,
                )
                break
        except IntegrityError:  # the key is taken (a double click), or the random code was
            if submission_key:
                existing = Response.with_practice.filter(
                    submission_key=submission_key).first()
                if existing is not None:
                    if existing.survey_id != survey.id or existing.practice != practice:
                        raise
                    existing.survey = survey
                    return existing, False
            continue
    else:  # pragma: no cover
        raise RuntimeError("Could not find a free resume code")
    # A test does not start the evaluation. The evaluation as read with the survey says
    # whether it has started already (its status never goes back to "setting up").
    if not practice and survey.evaluation.status == Evaluation.Status.SETTING_UP:
        Evaluation.objects.filter(
            pk=survey.evaluation_id, status=Evaluation.Status.SETTING_UP
        ).update(status=Evaluation.Status.IN_PROGRESS)
    return response, True


def response_first_save(*, survey, submission_key, language, skipped=(), item=None,
                        choice="", comment="", helped=None, practice=False):
    """Make the response with its first saved page: an answer to `item`, or (with no item)
    whether someone helped. `skipped` are the questions before it, passed with Continue and
    nothing chosen. A response is never made with nothing in it.

    The same `submission_key` twice (a double click) makes one response.
    """
    if item is None and helped is None or item is not None and not (choice or comment):
        raise ValueError("A response is made only with something in it")
    with transaction.atomic():
        response, made = _response_make(
            survey=survey, language=language, channel=Response.Channel.ONLINE,
            submission_key=submission_key, practice=practice)
        Answer.with_practice.bulk_create(
            [Answer(response=response, item=skipped_item) for skipped_item in skipped],
            ignore_conflicts=True,
        )
        if item is not None and made:  # a new response: its row is ours until we commit
            _answer_upsert(response, item, choice, comment, response.last_saved_at)
        elif item is not None:  # made by the first of a double click
            answer_save(response=response, item=item, choice=choice, comment=comment)
        else:
            response = response_helped_set(response=response, helped=helped)
    return response


def response_find(*, code):
    """The unfinished response a resume code belongs to, or None."""
    code = normalise_code(code)
    if len(code) != RESUME_CODE_LENGTH:
        return None
    return (Response.with_practice.select_related("survey__evaluation__council")
            .filter(resume_code=code).first())


def _lock(response):
    """Re-read the response inside the transaction, locked against other requests."""
    # Lock the response only (FOR UPDATE OF): sends in the same survey must not queue behind
    # one another on the survey's row.
    return Response.with_practice.select_for_update(of=("self",)).select_related(
        "survey").get(pk=response.pk)


@transaction.atomic
def answer_save(*, response, item, choice, comment, skip=True):
    """Save one page. Returns False, changing nothing, when the response was already sent.

    An empty page is recorded as skipped (Continue without an answer). With `skip=False`
    ("Stop for now") an empty page records nothing: the question has not been answered or
    skipped, and the person carries on from it.
    """
    if not _takes_answers(response.survey, response.practice):
        raise SurveyClosed
    if not skip and not choice and not comment:
        return not Response.with_practice.get(pk=response.pk).is_submitted
    now = timezone.now()
    # This update also holds the response's row lock until the page is saved, and matches
    # nothing once the response has been sent.
    if not Response.with_practice.filter(
        pk=response.pk, status=Response.Status.IN_PROGRESS
    ).update(last_saved_at=now):
        return False
    _answer_upsert(response, item, choice, comment, now)
    return True


def _answer_upsert(response, item, choice, comment, now):
    # One statement whether the page was saved before or not (INSERT … ON CONFLICT UPDATE).
    Answer.with_practice.bulk_create(
        [Answer(response=response, item=item, choice=choice or "", comment=comment or "",
                saved_at=now)],
        update_conflicts=True, unique_fields=["response", "item"],
        update_fields=["choice", "comment", "saved_at"],
    )


@transaction.atomic
def response_helped_set(*, response, helped):
    locked = _lock(response)
    if locked.is_submitted:
        return locked
    if not _takes_answers(locked.survey, locked.practice):
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
    if not _takes_answers(locked.survey, locked.practice):
        raise SurveyClosed
    locked.status = Response.Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["status", "submitted_at"])
    return locked


def paper_response_create(*, survey, submission_key, answers, helped):
    """Key in a paper questionnaire in one go. The same submission key stores it once.

    `answers` maps each SurveyItem to (choice, comment). Paper responses are accepted after
    the survey has closed: the person answered in time on paper. A questionnaire with nothing
    on it is not a response: ValueError.
    """
    if helped is None and not any(choice or comment for choice, comment in answers.values()):
        raise ValueError("A paper response needs at least one answer")
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


@transaction.atomic
def practice_responses_delete(*, survey):
    """Delete the survey's test responses (made in its "try it" mode) and their answers.
    Real responses are never touched. Returns how many responses were deleted."""
    tests = Response.with_practice.filter(survey=survey, practice=True)
    count = tests.count()
    tests.delete()
    return count
