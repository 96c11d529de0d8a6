"""Keying in a paper questionnaire: every question of the survey on one page."""

import uuid

from crispy_forms_gds.choices import Choice as GDSChoice
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from betterlives.fields import CONTROL_CHARACTERS
from betterlives.forms import GDSFormMixin

from ..models import SCALE_CHOICES

COMMENT_MAX_LENGTH = 1000

HELPED_YES, HELPED_NO = "yes", "no"
HELPED_VALUES = {HELPED_YES: True, HELPED_NO: False, "": None}


def item_field_names(item):
    return f"item_{item.pk}", f"comment_{item.pk}"


class CommentField(forms.CharField):
    """Free text: line breaks count as one character, as the character count shows them."""

    widget = forms.Textarea

    def __init__(self, *, number, **kwargs):
        super().__init__(required=False, strip=True, max_length=COMMENT_MAX_LENGTH, **kwargs)
        self.error_messages["max_length"] = _(
            "What they told us for question %(number)d must be %(limit)d characters or fewer"
        ) % {"number": number, "limit": COMMENT_MAX_LENGTH}
        self.control_message = _(
            "What they told us for question %(number)d has hidden control characters, which "
            "can come from copying and pasting. Type the text in again"
        ) % {"number": number}

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n")

    def validate(self, value):
        super().validate(value)
        if CONTROL_CHARACTERS.search(value):
            raise ValidationError(self.control_message, code="control_characters")


class PaperResponseForm(GDSFormMixin, forms.Form):
    submit_label = _("Save paper response")

    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, survey, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.items = items
        total = len(items)
        scale = [(choice.value, choice.label) for choice in SCALE_CHOICES[survey.scale]]
        # GOV.UK radios: the scale, then "or", then "Not answered" (what a blank paper means).
        choices = [GDSChoice(value, label) for value, label in scale]
        choices[-1].divider = _("or")
        choices.append(GDSChoice("", _("Not answered")))
        layout = []
        for number, item in enumerate(items, start=1):
            choice_name, comment_name = item_field_names(item)
            self.fields[choice_name] = forms.ChoiceField(
                label=_("Question %(number)d of %(total)d: %(text)s")
                % {"number": number, "total": total, "text": item.text},
                choices=choices,
                required=False,
                initial="",
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": _(
                        "Select one of the answers for question %(number)d, "
                        "or select “Not answered”"
                    ) % {"number": number},
                },
            )
            self.fields[comment_name] = CommentField(
                number=number,
                label=_("Question %(number)d: tell us more (optional)") % {"number": number},
                help_text=_("Copy what they wrote. Leave out names."),
            )
            layout.append(Field.radios(choice_name, legend_size="s", small=True))
            layout.append(Field.textarea(comment_name, rows=2, max_characters=COMMENT_MAX_LENGTH))
        self.fields["helped"] = forms.ChoiceField(
            label=_("Did someone help them fill it in?"),
            choices=[
                GDSChoice(HELPED_YES, _("Yes")),
                GDSChoice(HELPED_NO, _("No"), divider=_("or")),
                GDSChoice("", _("Not answered")),
            ],
            required=False,
            initial="",
            widget=forms.RadioSelect,
            error_messages={
                "invalid_choice": _("Select “Yes”, “No” or “Not answered”"),
            },
        )
        layout.append(Field.radios("helped", legend_size="m", small=True))
        layout.append(Field("submission_key"))
        self.helper.layout = Layout(*layout)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        answered = any(
            cleaned.get(name) for item in self.items for name in item_field_names(item)
        )
        if not answered and not cleaned.get("helped"):
            # On the first question, so that the error summary links to it.
            first = item_field_names(self.items[0])[0] if self.items else "helped"
            self.add_error(first, _(
                "Select an answer or copy what they wrote for at least one question. "
                "If the questionnaire came back blank, do not enter it"
            ))
        return cleaned

    def answers(self):
        """SurveyItem → (choice, comment), as paper_response_create takes them."""
        result = {}
        for item in self.items:
            choice_name, comment_name = item_field_names(item)
            result[item] = (
                self.cleaned_data.get(choice_name) or "",
                self.cleaned_data.get(comment_name) or "",
            )
        return result

    def helped(self):
        return HELPED_VALUES[self.cleaned_data.get("helped") or ""]
