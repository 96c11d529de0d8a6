"""Forms for people who run an evaluation: start or change it, and set up its surveys.

Every form renders GOV.UK markup through crispy-forms-gds (GDSFormMixin). Checks that need
the database (the own-question limit, dropping an audience that has responses) live in the
services; their ValidationErrors are added to these forms by the views.
"""

import datetime

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from betterlives.forms import GDSFormMixin
from domains.models import Audience

from ..models import SurveyItem

DATE_PARTS = (_("day"), _("month"), _("year"))


class _Highlight(list):
    """No messages, but true: see GDSDateField._fail."""

    def __bool__(self):
        return True


class GDSDateField(DateInputField):
    """The GOV.UK date input with the Design System's error messages.

    `messages` holds three translated strings: "empty" (nothing entered), "incomplete"
    (with %(parts)s, e.g. "The end date must include a year") and "invalid" (not a real date).
    The inputs at fault are highlighted (all three when the whole date is wrong) and the
    error summary links to the first of them.
    """

    def __init__(self, *, messages, **kwargs):
        self.messages = messages
        super().__init__(require_all_fields=False, **kwargs)
        # The part labels in our catalogue, so they are in Welsh too.
        for widget, label in zip(self.widget.widgets, (_("Day"), _("Month"), _("Year")),
                                 strict=True):
            widget.attrs.update(inputmode="numeric", autocomplete="off", label=label)

    def highlight(self, message, parts=(0, 1, 2)):
        """Show `message` on the inputs in `parts` (all three by default).

        crispy-forms-gds reads each input's `widget.errors`: it lists them in the error
        summary (linked to that input) and highlights inputs whose list is truthy. The
        first input at fault carries the message, so the summary links to it once; the
        others get an empty but truthy list, so they are highlighted but not listed again.
        """
        for index, field in enumerate(self.fields):
            if index == parts[0]:
                field.widget.errors = [message]
            else:
                field.widget.errors = _Highlight() if index in parts else []

    def has_highlight(self):
        return any(getattr(field.widget, "errors", None) for field in self.fields)

    def _fail(self, message, code, parts=(0, 1, 2)):
        self.highlight(message, parts)
        raise ValidationError(message, code=code)

    def clean(self, value):
        for field in self.fields:
            field.widget.errors = []
        parts = [str(v or "").strip() for v in (list(value or []) + [None] * 3)[:3]]
        if not any(parts):
            if self.required:
                self._fail(self.messages["empty"], "required")
            return None
        missing = [index for index, part in enumerate(parts) if not part]
        if missing:
            names = [str(DATE_PARTS[index]) for index in missing]
            joined = str(_(" and ")).join(names)
            self._fail(self.messages["incomplete"] % {"parts": joined}, "incomplete", missing)
        try:
            day, month, year = (int(part) for part in parts)
            if not 1000 <= year <= 9999:
                raise ValueError
            return datetime.date(year, month, day)
        except ValueError:
            self._fail(self.messages["invalid"], "invalid")


def date_field(label, *, required=True, help_text="", **messages):
    """A GOV.UK date input. `messages`: empty, incomplete (with %(parts)s) and invalid."""
    return GDSDateField(label=label, required=required, help_text=help_text, messages=messages)


class DateErrorsMixin:
    """Errors added after cleaning (from a service) highlight the date inputs too."""

    def add_error(self, field, error):
        super().add_error(field, error)
        for name, date_input in self.fields.items():
            if (isinstance(date_input, GDSDateField) and self.errors.get(name)
                    and not date_input.has_highlight()):
                date_input.highlight(self.errors[name][0])


class PlainTextField(forms.CharField):
    """One line of text: control characters (line breaks and tabs too) become spaces, and
    runs of spaces become one, before any check, so nothing typed causes an error page."""

    def to_python(self, value):
        value = "".join(ch if ch.isprintable() else " " for ch in str(value or ""))
        return super().to_python(" ".join(value.split()))


AUDIENCE_CHOICES = [
    (Audience.LIVED_EXPERIENCE, _("People with lived experience (Easy Read)")),
    (Audience.FAMILY_CARERS, _("Family carers")),
    (Audience.STAFF_PARTNERS, _("Staff and partners")),
]


class EvaluationForm(DateErrorsMixin, GDSFormMixin, forms.Form):
    """Start an evaluation, or change one. The service makes one survey per audience."""

    submit_label = _("Save and continue")

    title = PlainTextField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example, Better Lives self-evaluation 2026"),
        error_messages={
            "required": _("Enter a title for the evaluation"),
            "max_length": _("The title must be 200 characters or fewer"),
        },
    )
    audiences = forms.MultipleChoiceField(
        label=_("Who will take part?"),
        help_text=_("Select all that apply. Each group gets its own survey."),
        choices=AUDIENCE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Select at least one group to take part"),
            "invalid_choice": _("Select a group from the list"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built here so that the messages follow the language of the request.
        self.fields["period_start"] = date_field(
            _("Start date"),
            help_text=_("For example, 1 4 2026"),
            empty=_("Enter the start date"),
            incomplete=_("The start date must include a %(parts)s"),
            invalid=_("The start date must be a real date"),
        )
        self.fields["period_end"] = date_field(
            _("End date"),
            help_text=_("For example, 31 3 2027"),
            empty=_("Enter the end date"),
            incomplete=_("The end date must include a %(parts)s"),
            invalid=_("The end date must be a real date"),
        )
        self.order_fields(["title", "period_start", "period_end", "audiences"])
        self.helper.layout = Layout(
            Field.text("title", label_size=Size.SMALL),
            Field("period_start", context={"legend_size": "govuk-fieldset__legend--s"}),
            Field("period_end", context={"legend_size": "govuk-fieldset__legend--s"}),
            Field.checkboxes("audiences", legend_size=Size.SMALL),
        )


class SurveyDatesForm(DateErrorsMixin, GDSFormMixin, forms.Form):
    """When a survey takes answers. Both dates are optional."""

    submit_label = _("Save dates")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opens_on"] = date_field(
            _("Opens on"),
            required=False,
            help_text=_("Leave this blank to take answers from now on. For example, 27 4 2026"),
            incomplete=_("The opening date must include a %(parts)s"),
            invalid=_("The opening date must be a real date"),
        )
        self.fields["closes_on"] = date_field(
            _("Closes on"),
            required=False,
            help_text=_("Leave this blank to take answers until you close the survey. "
                        "For example, 31 5 2026"),
            incomplete=_("The closing date must include a %(parts)s"),
            invalid=_("The closing date must be a real date"),
        )
        self.helper.layout = Layout(
            Field("opens_on", context={"legend_size": "govuk-fieldset__legend--s"}),
            Field("closes_on", context={"legend_size": "govuk-fieldset__legend--s"}),
        )


class SurveyQuestionsForm(forms.Form):
    """Which questions the survey asks. Rendered by hand, grouped by domain."""

    items = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        error_messages={"invalid_choice": _("Choose questions from the list")},
    )

    def __init__(self, *args, survey_items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(item.pk, item.text) for item in survey_items]
        self.fields["items"].initial = [item.pk for item in survey_items if item.enabled]


class OwnQuestionForm(GDSFormMixin, forms.Form):
    """One of the council's own questions, for one domain of one survey."""

    submit_label = _("Add question")

    domain = forms.TypedChoiceField(
        label=_("Which domain is it about?"),
        coerce=int,
        error_messages={
            "required": _("Select the domain your question is about"),
            "invalid_choice": _("Select the domain your question is about"),
        },
    )
    text = PlainTextField(
        label=_("Your question in English"),
        max_length=SurveyItem._meta.get_field("own_text").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Enter your question in English"),
            "max_length": _("Your question must be 300 characters or fewer"),
        },
    )
    text_cy = PlainTextField(
        label=_("Your question in Welsh (Cymraeg)"),
        max_length=SurveyItem._meta.get_field("own_text").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Enter your question in Welsh"),
            "max_length": _("Your question in Welsh must be 300 characters or fewer"),
        },
    )

    def __init__(self, *args, domains, easy_read=False, welsh_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text_cy"].required = welsh_required
        self.fields["text_cy"].help_text = (
            _("Councils in Wales ask every question in Welsh and English.") if welsh_required
            else _("Optional. People who choose Cymraeg see it in Welsh. Without it, they see "
                   "the English."))
        self.domains = {domain.number: domain for domain in domains}
        self.fields["domain"].choices = [("", _("Select a domain"))] + [
            (domain.number, _("Domain %(number)s: %(title)s")
             % {"number": domain.number, "title": domain.title})
            for domain in domains
        ]
        self.fields["text"].help_text = (
            _("Use short, simple words and one idea. People will answer with a face: "
              "good, not sure or not good.")
            if easy_read
            else _("People will answer: Yes, all the time / Mostly / Sometimes / Not yet.")
        )
        self.helper.layout = Layout(
            Field.select("domain"),
            Field.textarea("text", label_size=Size.SMALL, rows=3, max_characters=300),
            Field.textarea("text_cy", label_size=Size.SMALL, rows=3, max_characters=300),
        )

    def clean_domain(self):
        return self.domains[self.cleaned_data["domain"]]
