"""A person's voice reading a survey question or page, recorded by the council.

Checks on the file a site administrator uploads (MP3, M4A with AAC, OGG or WAV, judged by
what the file really contains, not its name), the service that saves it, and the selector
that finds the recording for a page. A recording, where there is one, is preferred over the
browser's speech synthesis (static/js/listen.js hides its Listen button).
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import CouncilRecording

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
CONTENT_TYPES = {"mp3": "audio/mpeg", "m4a": "audio/mp4", "ogg": "audio/ogg", "wav": "audio/wav"}
EXTENSIONS = {".mp3": "mp3", ".m4a": "m4a", ".ogg": "ogg", ".oga": "ogg", ".opus": "ogg",
              ".wav": "wav"}
M4A_BRANDS = {b"M4A ", b"M4B ", b"mp42", b"mp41", b"isom", b"iso2", b"dash"}
ACCEPT = ",".join(sorted({*CONTENT_TYPES.values(), *EXTENSIONS}))

NOT_AUDIO = _(
    "This file is not an MP3, M4A, OGG or WAV recording, whatever its name says. "
    "Save the recording again in one of those formats and upload it again."
)


def real_format(head):
    """"mp3", "m4a", "ogg" or "wav" from a file's first bytes (its magic number), else None."""
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head[:4] == b"OggS":
        return "ogg"
    if head[4:8] == b"ftyp" and head[8:12] in M4A_BRANDS:
        return "m4a"
    if head[:3] == b"ID3":
        return "mp3"
    # An MPEG audio frame: 11 sync bits, then a version and a layer that are not "reserved"
    # (raw AAC, layer 00, is not accepted).
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        if head[1] & 0x18 != 0x08 and head[1] & 0x06 != 0:
            return "mp3"
    return None


def checked_recording(upload):
    """The upload as (bytes, content type) once it is known to be MP3, M4A, OGG or WAV.

    Raises ValidationError with a message a site administrator can act on."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The recording must be smaller than 10 MB."), code="too_big")
    name = (getattr(upload, "name", "") or "").lower()
    extension = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    if extension not in EXTENSIONS:
        raise ValidationError(
            _("The file name must end in .mp3, .m4a, .ogg or .wav."), code="extension"
        )
    data = upload.read()
    found = real_format(data[:16])
    if found is None:
        raise ValidationError(NOT_AUDIO, code="not_audio")
    if found != EXTENSIONS[extension]:
        raise ValidationError(
            _("The file name says %(named)s but the file is really %(real)s. "
              "Rename it or save it again.")
            % {"named": EXTENSIONS[extension].upper(), "real": found.upper()},
            code="mismatch",
        )
    return data, CONTENT_TYPES[found]


def council_recording_save(*, recording, audio, content_type):
    """Save a council's recording. `audio` and `content_type` come from checked_recording."""
    recording.audio = audio
    recording.content_type = content_type
    recording.full_clean(exclude=["audio", "content_type"])
    recording.save()
    return recording


def recording_for(council, *, item=None, page="", language=None):
    """The council's recording for a survey item's question or a page, in `language` (the
    page's language when not given), or None. Found by question code, so it serves every
    revision of the question."""
    if not council:  # the code page has no council
        return None
    language = (language or translation.get_language() or "en").split("-")[0]
    recordings = CouncilRecording.objects.filter(council=council, language=language)
    if item:
        question = getattr(item, "question", None)
        if question is None:
            return None
        recordings = recordings.filter(question__code=question.code)
    elif page:
        recordings = recordings.filter(page=page)
    else:
        return None
    return recordings.only("pk", "content_type", "transcript").order_by("-updated_at").first()


def recording_audio(pk):
    return get_object_or_404(CouncilRecording.objects.only("audio", "content_type"), pk=pk)


# For a council's facilitators (views/recordings.py) -----------------------------------------------


def recording_question_list():
    """The current revision of each question in the framework's Easy Read survey, in order."""
    from .models import Audience, SurveyQuestion

    return (SurveyQuestion.objects.filter(audience=Audience.LIVED_EXPERIENCE, is_current=True)
            .select_related("domain").order_by("domain__number", "position", "code"))


def council_recording_list(council):
    """The council's recordings, without their audio, for listing."""
    return (CouncilRecording.objects.filter(council=council).select_related("question")
            .defer("audio").order_by("page", "question__code", "language"))


def council_recording_in_council(*, council, pk):
    """One of the council's recordings; another council's is a 404."""
    return get_object_or_404(council_recording_list(council), pk=pk)


def council_recording_put(*, council, language, audio, content_type, question=None, page="",
                          transcript=""):
    """Add the council's recording for a question (found by code, so any earlier revision's
    recording is replaced too) or a page, in `language`; or replace the one already there, so a
    double post stores it once. `audio` and `content_type` come from checked_recording.

    Returns (recording, replaced)."""
    for attempt in range(2):
        existing = CouncilRecording.objects.filter(council=council, language=language)
        if question is not None:
            existing = existing.filter(question__code=question.code)
        else:
            existing = existing.filter(page=page)
        recording = existing.first()
        replaced = recording is not None
        if recording is None:
            recording = CouncilRecording(council=council, language=language)
        recording.question, recording.page = question, page or ""
        recording.transcript = transcript
        try:
            with transaction.atomic():
                council_recording_save(recording=recording, audio=audio,
                                       content_type=content_type)
            return recording, replaced
        except (IntegrityError, ValidationError):
            # The same upload posted twice at once: the other request saved it first.
            if replaced or attempt:
                raise
    raise AssertionError("unreachable")


def council_recording_delete(*, recording):
    recording.delete()
