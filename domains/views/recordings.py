"""Pages for councils' recordings of a person reading a survey question or page
(domains.recordings).

The recording itself is public, like the survey pages that play it, and is served from the
database because nothing serves media/. Browsers ask for byte ranges to seek in audio, so a
single "Range: bytes=..." request gets its part with 206.

A council's facilitators attach recordings, list them with a player, and remove them, under
/councils/<council_slug>/recordings/; CouncilMixin: another council is a 404, a role without
MANAGE gets 403.
"""

import re

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import FormView, TemplateView

from betterlives.access import MANAGE
from betterlives.mixins import CouncilMixin
from betterlives.store_once import StoreOnceMixin

from ..forms.recordings import CouncilRecordingForm
from ..recordings import (
    council_recording_delete,
    council_recording_in_council,
    council_recording_list,
    council_recording_put,
    recording_audio,
)

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def byte_range(header, total):
    """(start, end) inclusive for a single-range Range header, None to send everything (no
    header, or one we do not understand, which RFC 9110 lets us ignore), or "unsatisfiable"."""
    match = RANGE.match((header or "").strip())
    if not match or not (match[1] or match[2]):
        return None
    if match[1]:
        start = int(match[1])
        end = min(int(match[2]), total - 1) if match[2] else total - 1
        if match[2] and int(match[2]) < start:
            return None
    else:  # the last N bytes
        length = int(match[2])
        if length == 0:
            return "unsatisfiable"
        start, end = max(total - length, 0), total - 1
    if start >= total:
        return "unsatisfiable"
    return start, end


def ranged_response(request, data, content_type):
    """`data` whole (200) or the part a Range header asks for (206, or 416 when it is past the
    end), always saying that ranges are accepted."""
    total = len(data)
    wanted = byte_range(request.headers.get("Range"), total)
    if wanted == "unsatisfiable":
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{total}"
    elif wanted is None:
        response = HttpResponse(data, content_type=content_type)
    else:
        start, end = wanted
        response = HttpResponse(data[start:end + 1], content_type=content_type, status=206)
        response["Content-Range"] = f"bytes {start}-{end}/{total}"
    response["Accept-Ranges"] = "bytes"
    response["Content-Length"] = str(len(response.content))
    return response


@require_safe
def council_recording(request, pk):
    """Public, like the survey pages that play it."""
    recording = recording_audio(pk)
    response = ranged_response(request, bytes(recording.audio), recording.content_type)
    response["Cache-Control"] = "public, max-age=3600"
    response["Content-Disposition"] = "inline"
    return response


# A council's recordings, for its facilitators ---------------------------------------------------

def recording_name(recording):
    """What the recording is for, in words."""
    if recording.question_id:
        return _("Question %(code)s") % {"code": recording.question.code}
    return recording.get_page_display()


class RecordingsMixin(CouncilMixin):
    permission = MANAGE

    def list_url(self):
        return reverse("recordings", kwargs={"council_slug": self.council.slug})


class CouncilRecordingListView(RecordingsMixin, TemplateView):
    template_name = "councils/recordings/list.html"

    def get_context_data(self, **kwargs):
        recordings = list(council_recording_list(self.council))
        for recording in recordings:
            recording.name = recording_name(recording)
        return super().get_context_data(recordings=recordings, **kwargs)


class CouncilRecordingAddView(StoreOnceMixin, RecordingsMixin, FormView):
    form_class = CouncilRecordingForm
    template_name = "councils/recordings/add.html"

    def form_valid(self, form):
        audio, content_type = form.checked
        recording, replaced = council_recording_put(
            council=self.council, language=form.cleaned_data["language"], audio=audio,
            content_type=content_type, transcript=form.cleaned_data["transcript"],
            **form.cleaned_data["what"],
        )
        text = {"name": recording_name(recording), "language": recording.get_language_display()}
        if replaced:
            messages.success(self.request, _(
                "Recording saved. It replaces the earlier recording for %(name)s in "
                "%(language)s.") % text)
        else:
            messages.success(self.request, _("Recording saved for %(name)s in %(language)s.")
                             % text)
        return redirect(self.list_url())


class CouncilRecordingRemoveView(RecordingsMixin, TemplateView):
    """GET: "Are you sure?". POST: remove it."""

    template_name = "councils/recordings/remove.html"

    def get_recording(self):
        recording = council_recording_in_council(council=self.council,
                                                 pk=self.kwargs["recording_pk"])
        recording.name = recording_name(recording)
        return recording

    def get_context_data(self, **kwargs):
        return super().get_context_data(recording=self.get_recording(), **kwargs)

    def post(self, request, *args, **kwargs):
        recording = self.get_recording()
        text = {"name": recording.name, "language": recording.get_language_display()}
        council_recording_delete(recording=recording)
        messages.success(request, _("Recording removed for %(name)s in %(language)s.") % text)
        return redirect(self.list_url())
