"""A council's recording of a person reading a question: a native <audio> element that
Chromium can load, that the keyboard reaches, that passes axe at 320 px, and that takes the
place of the synthesised Listen button."""

from domains.models import SurveyQuestion
from tests.factories import CouncilRecordingFactory, wav_bytes

from .conftest import NARROW, assert_no_axe_violations, assert_reflows, watch_for_errors
from .helpers import with_voices

AUDIO_FOCUSED = "() => document.activeElement && document.activeElement.tagName === 'AUDIO'"


def test_a_recording_plays_in_a_native_audio_element(page, live_server, lived_survey, council):
    question = SurveyQuestion.objects.get(code="D1-LE-1", is_current=True)
    recording = CouncilRecordingFactory(
        council=council, question=question, language="en", audio=wav_bytes(seconds=1),
        content_type="audio/wav",
    )
    with_voices(page, "en-GB")
    errors = watch_for_errors(page)
    token = lived_survey.token
    page.goto(f"/s/{token}/")
    page.get_by_label("English").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**/s/{token}/welcome/")
    page.get_by_role("button", name="Start").click()
    page.wait_for_url(f"**/s/{token}/q/1/")

    audio = page.locator(f'audio[src="{recording.get_absolute_url()}"]')
    assert audio.count() == 1
    assert page.get_by_text("Listen to a person read this question").is_visible()
    # The person's voice is preferred: the synthesised Listen button stays hidden even with
    # a voice for the page's language.
    page.wait_for_timeout(400)
    assert page.locator("[data-listen-button]").is_hidden()

    # Chromium can load it (it asks for byte ranges) and it has a length.
    duration = page.evaluate("""(audio) => new Promise((done) => {
      audio.addEventListener('loadedmetadata', () => done(audio.duration), {once: true});
      audio.addEventListener('error', () => done(-1), {once: true});
      audio.preload = 'metadata'; audio.load();
    })""", audio.element_handle())
    assert 0.9 < duration < 1.1

    # The keyboard reaches it: Tab from the top of the page until the audio has focus.
    page.locator("body").focus()
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate(AUDIO_FOCUSED):
            break
    assert page.evaluate(AUDIO_FOCUSED)

    page.set_viewport_size(NARROW)
    assert_no_axe_violations(page)
    assert_reflows(page)
    assert errors() == []
