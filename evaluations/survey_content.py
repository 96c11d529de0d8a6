"""What a survey's pages show that nobody changes while people answer: its questions in
order, with their domains, the council's own pictures for them and its recordings of them.

Each app server reads it once per `Survey.content_version` and keeps it in memory, so a
question page reads only the survey's row, the session and the person's response. Anything
that changes what the pages show raises the version (`survey_content_changed`): the services
that switch questions on and off, and the signals below for every saved or deleted question,
picture or recording, made by any page, the admin or `load_framework`. What is kept is also
forgotten after KEEP_SECONDS, so a change made some other way shows within minutes.

What is kept holds model objects, never text in one language: the page reads each text in
its own language when it is shown.
"""

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.templatetags.static import static
from django.utils import translation

from domains.models import CouncilQuestionPicture, CouncilRecording, Domain, SurveyQuestion
from evaluations.selectors.surveys import survey_items

from .models import Survey, SurveyItem

MOST_KEPT = 200  # surveys kept per process
KEEP_SECONDS = 300

_kept = OrderedDict()
_lock = threading.Lock()


@dataclass(frozen=True)
class SurveyContent:
    items: list
    pictures: dict  # question code: the council's newest picture for it
    recordings: dict  # (language, question code): the council's newest recording of it

    def picture(self, item):
        """The picture shown beside `item`, as {"url", "alt"}: the council's own, else the
        question's, else (for the council's own question) the domain's."""
        question = item.question
        own = self.pictures.get(question.code) if question is not None else None
        if own is not None:
            return {"url": own.get_absolute_url(), "alt": own.alt_text}
        if question is not None and question.picture:
            return {"url": static(question.picture), "alt": question.picture_alt}
        return {"url": static(item.domain.picture), "alt": item.domain.picture_alt}

    def recording(self, item):
        """The council's recording of `item`'s question in the page's language, or None."""
        if item.question is None:
            return None
        language = (translation.get_language() or "en").split("-")[0]
        return self.recordings.get((language, item.question.code))


def survey_content(survey):
    """The survey's questions, pictures and recordings, read once per version."""
    key = (survey.token, survey.content_version)
    now = time.monotonic()
    with _lock:
        kept = _kept.get(key)
        if kept is not None and now - kept[0] < KEEP_SECONDS:
            _kept.move_to_end(key)
            return kept[1]
    content = _read(survey)
    with _lock:
        _kept[key] = (now, content)
        _kept.move_to_end(key)
        while len(_kept) > MOST_KEPT:
            _kept.popitem(last=False)
    return content


def _read(survey):
    items = survey_items(survey)
    codes = {item.question.code for item in items if item.question is not None}
    council = survey.evaluation.council_id
    pictures = {
        picture.question.code: picture
        for picture in CouncilQuestionPicture.objects.filter(
            council=council, question__code__in=codes)
        .select_related("question").only("pk", "alt_text", "question__code")
        .order_by("updated_at", "pk")  # the newest last, so it is the one kept
    }
    recordings = {
        (recording.language, recording.question.code): recording
        for recording in CouncilRecording.objects.filter(
            council=council, question__code__in=codes)
        .select_related("question")
        .only("pk", "content_type", "transcript", "language", "question__code")
        .order_by("updated_at", "pk")
    }
    return SurveyContent(items=items, pictures=pictures, recordings=recordings)


def survey_content_changed(surveys=None):
    """What these surveys' pages show has changed (every survey's when None)."""
    surveys = Survey.objects.all() if surveys is None else surveys
    surveys.update(content_version=F("content_version") + 1)


def forget_kept():
    """Forget everything kept in this process (for tests)."""
    with _lock:
        _kept.clear()


@receiver([post_save, post_delete], sender=SurveyItem, dispatch_uid="survey_content_item")
def _item_changed(sender, instance, **kwargs):
    survey_content_changed(Survey.objects.filter(pk=instance.survey_id))


@receiver([post_save, post_delete], sender=CouncilQuestionPicture,
          dispatch_uid="survey_content_picture")
@receiver([post_save, post_delete], sender=CouncilRecording,
          dispatch_uid="survey_content_recording")
def _council_content_changed(sender, instance, **kwargs):
    survey_content_changed(Survey.objects.filter(evaluation__council=instance.council_id))


@receiver([post_save, post_delete], sender=SurveyQuestion, dispatch_uid="survey_content_question")
@receiver([post_save, post_delete], sender=Domain, dispatch_uid="survey_content_domain")
def _framework_changed(sender, instance, **kwargs):
    survey_content_changed()
