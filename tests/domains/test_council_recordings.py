"""A council's facilitators attach recordings of a person reading an Easy Read survey question
or page (domains.views.recordings), with the same file checks as the admin."""


import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from betterlives.models import Role
from domains.models import Audience, CouncilRecording, SurveyQuestion
from domains.recordings import NOT_AUDIO
from tests.factories import (
    CouncilRecordingFactory,
    SurveyQuestionFactory,
    member,
    small_framework,
    wav_bytes,
)

pytestmark = pytest.mark.django_db



def list_url(council):
    return reverse("recordings", kwargs={"council_slug": council.slug})


def add_url(council):
    return reverse("recording_add", kwargs={"council_slug": council.slug})


def remove_url(council, recording):
    return reverse("recording_remove",
                   kwargs={"council_slug": council.slug, "recording_pk": recording.pk})


@pytest.fixture
def questions(db):
    small_framework()
    return list(SurveyQuestion.objects.filter(audience=Audience.LIVED_EXPERIENCE,
                                              is_current=True).order_by("code"))


@pytest.fixture
def signed_in(client, facilitator):
    client.force_login(facilitator)
    return client


def record(council, *, question=None, page="", language="en", transcript=""):
    return CouncilRecordingFactory(
        council=council, question=question, page=page, language=language, transcript=transcript,
    )


def add(client, council, what, *, language="en", upload=None, transcript="Read by Sam"):
    data = {"what": what, "language": language, "transcript": transcript}
    data["upload"] = upload if upload is not None else SimpleUploadedFile("voice.wav",
                                                                         wav_bytes())
    return client.post(add_url(council), data)


# The list ---------------------------------------------------------------------------------------


def test_the_list_shows_the_councils_recordings_with_a_player(signed_in, council,
                                                              other_council, questions):
    ours = record(council, question=questions[0], transcript="Hello from Sam")
    record(council, page="welcome", language="cy")
    theirs = record(other_council, page="sent")
    page = signed_in.get(list_url(council)).content.decode()
    assert f"Question {questions[0].code}" in page
    assert "Welcome page" in page and "Cymraeg" in page and "Hello from Sam" in page
    assert f'controls preload="none" src="{ours.get_absolute_url()}"' in page
    assert remove_url(council, ours) in page
    assert theirs.get_absolute_url() not in page
    assert "Answers sent page" not in page


def test_the_empty_list_says_what_happens_without_recordings(signed_in, council):
    page = signed_in.get(list_url(council)).content.decode()
    assert "Your council has no recordings yet." in page
    assert add_url(council) in page


def test_the_council_home_links_to_recordings_for_facilitators_only(client, council):
    client.force_login(member(Role.FACILITATOR, council))
    assert list_url(council) in client.get(council.get_absolute_url()).content.decode()
    client.force_login(member(Role.CONTRIBUTOR, council))
    assert list_url(council) not in client.get(council.get_absolute_url()).content.decode()


def test_the_list_query_count_does_not_grow(signed_in, council, questions):
    record(council, question=questions[0])
    with CaptureQueriesContext(connection) as one:
        assert signed_in.get(list_url(council)).status_code == 200
    for question in questions[1:]:
        record(council, question=question)
        record(council, question=question, language="cy")
    record(council, page="check")
    with CaptureQueriesContext(connection) as many:
        assert signed_in.get(list_url(council)).status_code == 200
    assert len(many) == len(one)


# Adding -----------------------------------------------------------------------------------------


def test_the_form_offers_current_easy_read_questions_and_pages(signed_in, council, questions):
    page = signed_in.get(add_url(council)).content.decode()
    assert 'enctype="multipart/form-data"' in page
    for question in questions:
        assert f'value="question:{question.code}"' in page
    assert 'value="page:welcome"' in page and 'value="page:stop"' in page
    carers = SurveyQuestion.objects.filter(audience=Audience.FAMILY_CARERS).first()
    assert f'value="question:{carers.code}"' not in page


def test_a_wav_is_added(signed_in, council, questions):
    response = add(signed_in, council, f"question:{questions[0].code}", language="cy")
    assert response.status_code == 302 and response["Location"] == list_url(council)
    recording = CouncilRecording.objects.get()
    assert (recording.council, recording.question, recording.page) == (council, questions[0], "")
    assert recording.language == "cy" and recording.content_type == "audio/wav"
    assert bytes(recording.audio) == wav_bytes() and recording.transcript == "Read by Sam"
    page = signed_in.get(response["Location"]).content.decode()
    assert f"Recording saved for Question {questions[0].code} in Cymraeg." in page


def test_a_page_recording_is_added(signed_in, council):
    assert add(signed_in, council, "page:welcome").status_code == 302
    assert CouncilRecording.objects.get().page == "welcome"


@pytest.mark.parametrize("name, content, message", [
    ("voice.mp3", b"just text, renamed", str(NOT_AUDIO)),
    ("voice.txt", wav_bytes(), "The file name must end in .mp3, .m4a, .ogg or .wav."),
    ("voice.mp3", wav_bytes(), "The file name says MP3 but the file is really WAV."),
])
def test_a_bad_file_is_refused_with_how_to_fix_it(signed_in, council, name, content, message):
    response = add(signed_in, council, "page:welcome",
                   upload=SimpleUploadedFile(name, content))
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and 'href="#id_upload"' in page
    assert message.replace("'", "&#x27;") in page
    assert not CouncilRecording.objects.exists()


def test_missing_answers_are_refused_with_messages(signed_in, council):
    response = signed_in.post(add_url(council), {"what": "", "language": ""})
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    for message in ("Choose the page or question the recording is for",
                    "Choose the language the person speaks",
                    "Choose an MP3, M4A, OGG or WAV file to upload."):
        assert message in page
    bogus = add(signed_in, council, "question:NOPE")
    assert "Choose a page or question from the list" in bogus.content.decode()
    assert not CouncilRecording.objects.exists()


def test_a_second_recording_replaces_the_first_and_says_so(signed_in, council, questions):
    what = f"question:{questions[0].code}"
    add(signed_in, council, what, transcript="First")
    response = add(signed_in, council, what, transcript="Second")  # or a double post
    assert CouncilRecording.objects.count() == 1
    assert CouncilRecording.objects.get().transcript == "Second"
    page = signed_in.get(response["Location"]).content.decode()
    assert "It replaces the earlier recording" in page
    add(signed_in, council, what, language="cy")
    assert CouncilRecording.objects.count() == 2


def test_a_recording_of_an_earlier_revision_is_replaced(signed_in, council, questions):
    question = questions[0]
    old = record(council, question=question)
    question.is_current = False
    question.save()
    newer = SurveyQuestionFactory(
        code=question.code, revision=question.revision + 1, domain=question.domain,
        audience=question.audience, text="Newer wording",
        framework_version=question.framework_version, source_url="",
    )
    add(signed_in, council, f"question:{newer.code}")
    recording = CouncilRecording.objects.get()
    assert recording.pk == old.pk and recording.question == newer


# Removing ---------------------------------------------------------------------------------------


def test_removing_asks_first_then_removes(signed_in, council):
    recording = record(council, page="welcome")
    confirm = signed_in.get(remove_url(council, recording))
    page = confirm.content.decode()
    assert confirm.status_code == 200 and "Remove this recording?" in page
    assert "Welcome page" in page and CouncilRecording.objects.exists()
    response = signed_in.post(remove_url(council, recording))
    assert response.status_code == 302 and response["Location"] == list_url(council)
    assert not CouncilRecording.objects.exists()
    assert "Recording removed for Welcome page in English." in signed_in.get(
        list_url(council)).content.decode()


def test_another_councils_recording_cannot_be_removed(signed_in, council, other_council):
    theirs = record(other_council, page="welcome")
    assert signed_in.get(remove_url(council, theirs)).status_code == 404
    assert signed_in.post(remove_url(council, theirs)).status_code == 404
    assert CouncilRecording.objects.filter(pk=theirs.pk).exists()


# Who may ----------------------------------------------------------------------------------------


def every_url(council, recording):
    return [list_url(council), add_url(council), remove_url(council, recording)]


@pytest.mark.parametrize("role", [Role.CONTRIBUTOR, Role.BOARD_VIEWER])
def test_other_roles_get_403(client, council, role):
    recording = record(council, page="welcome")
    client.force_login(member(role, council))
    for url in every_url(council, recording):
        assert client.get(url).status_code == 403, url
        assert client.post(url).status_code == 403, url
    assert CouncilRecording.objects.exists()


def test_another_council_gets_404(client, council, outsider):
    recording = record(council, page="welcome")
    client.force_login(outsider)
    for url in every_url(council, recording):
        assert client.get(url).status_code == 404, url
        response = add(client, council, "page:stop") if url == add_url(council) else \
            client.post(url)
        assert response.status_code == 404, url
    assert CouncilRecording.objects.count() == 1


def test_signed_out_goes_to_sign_in(client, council):
    recording = record(council, page="welcome")
    for url in every_url(council, recording):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
