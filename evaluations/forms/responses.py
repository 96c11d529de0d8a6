"""Forms for people answering a survey. Every question is optional: people can skip any."""


from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from betterlives.fields import CONTROL_CHARACTERS

from ..models import SCALE_CHOICES

COMMENT_MAX = 500


def no_control_characters(value):
    if CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _("Your words have a hidden character we cannot save. Type them again without "
              "copying and pasting."),
            code="control_characters",
        )


class AnswerForm(forms.Form):
    choice = forms.ChoiceField(required=False, widget=forms.RadioSelect)
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
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = [(c.value, c.label) for c in SCALE_CHOICES[scale]]
        self.fields["choice"].error_messages["invalid_choice"] = _(
            "Choose one of the answers, or leave them all empty to skip this question"
        )

    def clean_comment(self):
        return self.cleaned_data["comment"].strip()


class HelpedForm(forms.Form):
    helped = forms.ChoiceField(
        required=False,
        widget=forms.RadioSelect,
        choices=[("yes", _("Yes, someone helped me")), ("no", _("No, I did it on my own"))],
        error_messages={"invalid_choice": _("Choose yes or no, or leave it empty")},
    )

    def helped_value(self):
        return {"yes": True, "no": False}.get(self.cleaned_data.get("helped"))


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        widget=forms.RadioSelect,
        choices=[("en", "English"), ("cy", "Cymraeg")],
        error_messages={"required": _("Choose English or Cymraeg"),
                        "invalid_choice": _("Choose English or Cymraeg")},
    )


class CodeForm(forms.Form):
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
