"""A council's facilitators attach recordings of a person reading a survey question or page
(domains.recordings), list them with a player, and remove them. Under
/councils/<council_slug>/recordings/; CouncilMixin: another council is a 404, a role without
MANAGE gets 403."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from domains.recordings import (
    council_recording_delete,
    council_recording_in_council,
    council_recording_list,
    council_recording_put,
)

from .access import MANAGE
from .forms_recordings import CouncilRecordingForm
from .mixins import CouncilMixin
from .store_once import StoreOnceMixin


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
