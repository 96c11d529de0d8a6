"""A council's recordings pages for facilitators pass axe and reflow at 320 px, with the
form's error summary shown too."""

from tests.factories import CouncilRecordingFactory, small_framework, wav_bytes

from .conftest import check_pages, signed_in


def test_recordings_pages_pass_axe(page, live_server, council, facilitator):
    small_framework()
    recording = CouncilRecordingFactory(
        council=council, page="welcome", language="en", audio=wav_bytes(),
        content_type="audio/wav", transcript="Read by Sam",
    )
    signed_in(page, live_server, facilitator)
    base = f"/councils/{council.slug}/recordings/"

    def submit_empty(page):
        page.get_by_role("button", name="Save the recording").click()
        page.locator(".govuk-error-summary").wait_for()

    check_pages(page, [
        ("list", base, None),
        ("add", f"{base}add/", None),
        ("add with errors", f"{base}add/", submit_empty),
        ("remove", f"{base}{recording.pk}/remove/", None),
    ])
