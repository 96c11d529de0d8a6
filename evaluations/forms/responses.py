"""Forms for people answering a survey. Every question is optional: people can skip any.

crispy-forms-gds renders their fields (EasyReadFormMixin): the big radios with pictures
(PictureRadios), and the comment and code boxes in their Easy Read templates. The words of
each page are in its template."""

from crispy_forms_gds.layout import Field
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from betterlives.faces import ANSWER_PICTURES
from betterlives.fields import CONTROL_CHARACTERS, Include, PictureRadios, PictureRadioSelect
from betterlives.forms import EasyReadFormMixin
from domains.models import Scale

from ..models import SCALE_CHOICES, Choice

COMMENT_MAX = 500


def no_control_characters(value):
    if CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _("Your words have a hidden character we cannot save. Type them again without "
              "copying and pasting."),
            code="control_characters",
        )


class AnswerForm(EasyReadFormMixin, forms.Form):
    choice = forms.ChoiceField(required=False, widget=PictureRadioSelect)
    comment = forms.CharField(
        label=_("Tell us more (you do not have to)"),
        required=False,
        max_length=COMMENT_MAX,
        validators=[no_control_characters],
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _(
            "You can write up to %(limit_value)d letters. You have written %(show_value)d. "
            "Take some words out."
        )},
    )

    def __init__(self, *args, scale, **kwargs):
        self.scale = scale
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = [(c.value, c.label) for c in SCALE_CHOICES[scale]]
        self.fields["choice"].error_messages["invalid_choice"] = _(
            "Choose one of the answers, or leave them all empty to skip this question"
        )

    def layout_fields(self):
        return [
            PictureRadios("choice", dividers=(Choice.NO_SAY, Choice.DONT_KNOW),
                          pictures=ANSWER_PICTURES if self.scale == Scale.FACES else None),
            Include("evaluations/responses/_own_question_note.html"),
            Field("comment", template="evaluations/responses/_comment_field.html"),
        ]

    def clean_comment(self):
        return self.cleaned_data["comment"].strip()


class HelpedForm(EasyReadFormMixin, forms.Form):
    helped = forms.ChoiceField(
        required=False,
        widget=PictureRadioSelect,
        choices=[("yes", _("Yes, someone helped me")), ("no", _("No, I did it on my own"))],
        error_messages={"invalid_choice": _("Choose yes or no, or leave it empty")},
    )

    def layout_fields(self):
        return [PictureRadios("helped")]

    def helped_value(self):
        return {"yes": True, "no": False}.get(self.cleaned_data.get("helped"))


class LanguageForm(EasyReadFormMixin, forms.Form):
    language = forms.ChoiceField(
        widget=PictureRadioSelect,
        choices=[("en", "English"), ("cy", "Cymraeg")],
        error_messages={"required": _("Choose English or Cymraeg"),
                        "invalid_choice": _("Choose English or Cymraeg")},
    )

    def layout_fields(self):
        return [PictureRadios("language")]


class CodeForm(EasyReadFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Your code"),
        help_text=_("It has 6 or 8 letters and numbers, like KM4 7QX."),
        max_length=20,
        validators=[no_control_characters],
        error_messages={
            "required": _("Enter the code you were given"),
            "max_length": _("The code has 6 or 8 letters and numbers. Check it and try again"),
        },
    )

    def layout_fields(self):
        return [Field("code", template="evaluations/responses/_code_field.html")]
