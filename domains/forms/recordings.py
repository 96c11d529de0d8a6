"""The form a council's facilitator uses to add a recording of a person reading a survey
question or page. The file is checked by domains.recordings.checked_recording, the same check
the admin uses."""

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from betterlives.forms import GDSFormMixin

from ..models import CouncilRecording
from ..recordings import ACCEPT, checked_recording, recording_question_list

LANGUAGES = CouncilRecording._meta.get_field("language").choices


def question_label(question):
    return f"{question.code}: {Truncator(question.text).chars(90)}"


class CouncilRecordingForm(GDSFormMixin, forms.Form):
    submit_label = _("Save the recording")

    what = forms.ChoiceField(
        label=_("What does the person read?"),
        help_text=_("A page of the Easy Read survey, or one of its questions."),
        error_messages={"required": _("Choose the page or question the recording is for"),
                        "invalid_choice": _("Choose a page or question from the list")},
    )
    language = forms.ChoiceField(
        label=_("Which language does the person speak?"),
        help_text=_("The recording plays on survey pages in that language."),
        choices=LANGUAGES, widget=forms.RadioSelect,
        error_messages={"required": _("Choose the language the person speaks")},
    )
    upload = forms.FileField(
        label=_("Recording file"),
        help_text=_("An MP3, M4A, OGG or WAV file, smaller than 10 MB. If there is already a "
                    "recording for this page or question in this language, this one replaces "
                    "it."),
        widget=forms.FileInput(attrs={"accept": ACCEPT, "class": "govuk-file-upload"}),
        error_messages={"required": _("Choose an MP3, M4A, OGG or WAV file to upload."),
                        "empty": _("The file you chose is empty. Choose the recording again.")},
    )
    transcript = forms.CharField(
        label=_("Transcript or note (optional)"),
        help_text=_("What the recording says, or who recorded it."),
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("The transcript must be 5,000 characters or fewer")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = {question.code: question for question in recording_question_list()}
        self.fields["what"].choices = [
            ("", _("Choose a page or question")),
            (_("Pages"), [(f"page:{key}", label)
                          for key, label in CouncilRecording.Page.choices]),
            (_("Questions in the Easy Read survey"),
             [(f"question:{code}", question_label(question))
              for code, question in self.questions.items()]),
        ]
        self.helper.layout = Layout(
            Field.select("what"),
            Field.radios("language", legend_size=Size.SMALL),
            Field("upload"),
            Field.textarea("transcript", rows=4),
        )

    def clean_what(self):
        """{"question": SurveyQuestion} or {"page": key}."""
        kind, _sep, key = self.cleaned_data["what"].partition(":")
        if kind == "question":
            return {"question": self.questions[key]}
        return {"page": key}

    def clean_upload(self):
        self.checked = checked_recording(self.cleaned_data["upload"])
        return self.cleaned_data["upload"]
