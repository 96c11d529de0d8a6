"""A council can attach a recording of a person's voice to a survey question or page; it plays
in a native <audio> element (no JavaScript needed), only for that council and language."""


import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from domains.models import Audience, CouncilRecording, SurveyQuestion
from domains.recordings import checked_recording, real_format
from domains.views.recordings import byte_range, ranged_response
from tests.evaluations.helpers import begin, question_page
from tests.factories import (
    CouncilFactory,
    CouncilRecordingFactory,
    evaluation_with_surveys,
    wav_bytes,
)

# Checking the file ------------------------------------------------------------------------------


@pytest.mark.parametrize("head, kind", [
    (wav_bytes()[:16], "wav"),
    (b"OggS\x00\x02" + b"\x00" * 10, "ogg"),
    (b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00", "m4a"),
    (b"ID3\x04\x00\x00" + b"\x00" * 10, "mp3"),
    (b"\xff\xfb\x90\x64" + b"\x00" * 12, "mp3"),
    (b"\xff\xf1\x50\x80" + b"\x00" * 12, None),  # raw AAC (ADTS) is not MP3
    (b"\x00\x00\x00\x20ftypqt  \x00\x00\x00\x00", None),  # a QuickTime film
    (b"just some text", None),
])
def test_the_format_is_judged_by_the_content(head, kind):
    assert real_format(head) == kind


def test_a_wav_is_accepted_with_its_content_type():
    data, kind = checked_recording(SimpleUploadedFile("hello.WAV", wav_bytes()))
    assert kind == "audio/wav" and data == wav_bytes()


@pytest.mark.parametrize("name, content, code", [
    ("voice.mp3", b"just some text, renamed to look like a recording", "not_audio"),
    ("voice.wav", b"RIFF\x00\x00\x00\x00AVI LIST", "not_audio"),
    ("voice.txt", wav_bytes(), "extension"),
    ("voice", wav_bytes(), "extension"),
    ("voice.mp3", wav_bytes(), "mismatch"),
    ("voice.aac", b"\xff\xf1\x50\x80", "extension"),
])
def test_other_files_are_refused(name, content, code):
    with pytest.raises(ValidationError) as refused:
        checked_recording(SimpleUploadedFile(name, content))
    assert refused.value.code == code


def test_a_file_over_10_mb_is_refused():
    big = SimpleUploadedFile("long.wav", wav_bytes())
    big.size = 10 * 1024 * 1024 + 1
    with pytest.raises(ValidationError) as refused:
        checked_recording(big)
    assert refused.value.code == "too_big"


# The admin ------------------------------------------------------------------------------------



def admin_add(client, council, *, question=None, page="", language="en", upload=None):
    data = {"council": council.pk, "question": question.pk if question else "",
            "page": page, "language": language, "transcript": "Read by Sam"}
    if upload is not None:
        data["upload"] = upload
    return client.post(reverse("admin:domains_councilrecording_add"), data)


def wav_upload(name="voice.wav"):
    return SimpleUploadedFile(name, wav_bytes())


@pytest.mark.django_db
def test_the_admin_refuses_wrong_files_and_missing_choices(site_admin, framework):
    council = CouncilFactory()
    question = SurveyQuestion.objects.get(code="D1-LE-1", is_current=True)
    refused = {
        "text": admin_add(site_admin, council, question=question,
                          upload=SimpleUploadedFile("voice.mp3", b"not a recording")),
        "no language": admin_add(site_admin, council, question=question, language="",
                                 upload=wav_upload()),
        "no file": admin_add(site_admin, council, question=question),
        "neither": admin_add(site_admin, council, upload=wav_upload()),
        "both": admin_add(site_admin, council, question=question, page="welcome",
                          upload=wav_upload()),
    }
    for name, response in refused.items():
        assert response.status_code == 200, name
        assert response.context["adminform"].form.errors, name
    assert "language" in refused["no language"].context["adminform"].form.errors
    assert not CouncilRecording.objects.exists()
    response = admin_add(site_admin, council, page="welcome", upload=wav_upload())
    assert response.status_code == 302
    assert CouncilRecording.objects.get().content_type == "audio/wav"


# Serving the recording ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_recording_is_served_with_its_headers_and_byte_ranges(client, council):
    data = wav_bytes()
    recording = CouncilRecordingFactory(council=council, page="welcome", audio=data)
    whole = client.get(recording.get_absolute_url())
    assert whole.status_code == 200 and whole.content == data
    assert whole["Content-Type"] == "audio/wav"
    assert whole["Content-Length"] == str(len(data))
    assert whole["Accept-Ranges"] == "bytes"

    part = client.get(recording.get_absolute_url(), headers={"Range": "bytes=10-19"})
    assert part.status_code == 206 and part.content == data[10:20]
    assert part["Content-Range"] == f"bytes 10-19/{len(data)}"
    assert part["Content-Length"] == "10"

    past = client.get(recording.get_absolute_url(), headers={"Range": f"bytes={len(data)}-"})
    assert past.status_code == 416 and past["Content-Range"] == f"bytes */{len(data)}"
    assert client.post(recording.get_absolute_url()).status_code == 405
    assert client.get(reverse("council_recording", args=[recording.pk + 1])).status_code == 404


@pytest.mark.parametrize("header, expected", [
    (None, None),
    ("bytes=0-", (0, 99)),
    ("bytes=0-1", (0, 1)),
    ("bytes=90-200", (90, 99)),
    ("bytes=-10", (90, 99)),
    ("bytes=-500", (0, 99)),
    ("bytes=100-", "unsatisfiable"),
    ("bytes=-0", "unsatisfiable"),
    ("bytes=5-2", None),
    ("bytes=0-1,5-6", None),  # several ranges: the whole file is sent instead
    ("items=0-1", None),
])
def test_byte_ranges(header, expected):
    assert byte_range(header, 100) == expected


def test_a_range_response_for_a_range_request():
    request = RequestFactory().get("/", headers={"Range": "bytes=-3"})
    response = ranged_response(request, b"0123456789", "audio/ogg")
    assert (response.status_code, response.content) == (206, b"789")


# The survey pages -----------------------------------------------------------------------------


def record(council, *, question=None, page="", language="en"):
    return CouncilRecordingFactory(council=council, question=question, page=page,
                                   language=language)


@pytest.mark.django_db
def test_the_question_page_plays_the_councils_recording_in_its_language_only(
    client, lived_survey, council
):
    question = SurveyQuestion.objects.get(code="D1-LE-1", is_current=True)
    begin(client, lived_survey)
    assert "<audio" not in question_page(client, lived_survey)

    english = record(council, question=question)
    page = question_page(client, lived_survey)
    # In the HTML itself: it plays without JavaScript.
    assert f'<audio controls preload="none" src="{english.get_absolute_url()}"' in page
    assert "Listen to a person read this question" in page
    assert "data-recording" in page

    # Another council's recording of the same question never shows.
    other = evaluation_with_surveys(CouncilFactory(), [Audience.LIVED_EXPERIENCE])
    other_survey = other.surveys.get()
    client.cookies.clear()
    begin(client, other_survey)
    assert "<audio" not in question_page(client, other_survey)

    # A Welsh page plays the Welsh recording, never the English one.
    client.cookies.clear()
    begin(client, lived_survey, language="cy")
    assert "<audio" not in question_page(client, lived_survey)
    welsh = record(council, question=question, language="cy")
    page = question_page(client, lived_survey)
    assert welsh.get_absolute_url() in page and english.get_absolute_url() not in page


@pytest.mark.django_db
def test_a_page_recording_shows_on_that_page_only(client, lived_survey, council):
    welcome = reverse("surveys:welcome", args=[lived_survey.token])
    client.post(reverse("surveys:start", args=[lived_survey.token]), {"language": "en"})
    assert "<audio" not in client.get(welcome).content.decode()
    recording = record(council, page="welcome")
    page = client.get(welcome).content.decode()
    assert f'src="{recording.get_absolute_url()}"' in page
    assert "Listen to a person read this page" in page
    start = reverse("surveys:start", args=[lived_survey.token])
    assert "<audio" not in client.get(start).content.decode()
    record(council, page="start")
    assert "<audio" in client.get(start).content.decode()
