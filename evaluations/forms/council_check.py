"""The council's own check of one domain: every enabler question and indicator on one page."""

from crispy_forms_gds.choices import Choice as GDSChoice
from crispy_forms_gds.layout import Button, Div, Field, Fieldset, Fixed, Layout, Size
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from betterlives.fields import DecimalNumberField, NotesField, heading, hint
from betterlives.forms import GDSFormMixin
from betterlives.text_limits import TEXT_LIMIT

from ..services.council_check import ENABLER_CHOICES, INDICATOR_FIELDS

# (field, label, what the value is called in messages)
INDICATOR_NUMBERS = (
    ("value_two_years_ago", gettext_lazy("Two years ago"),
     gettext_lazy("the value for two years ago")),
    ("value_last_year", gettext_lazy("Last year"), gettext_lazy("the value for last year")),
    ("value_this_year", gettext_lazy("This year"), gettext_lazy("the value for this year")),
    ("local_target", gettext_lazy("Local target"), gettext_lazy("the local target")),
    ("comparator", gettext_lazy("Similar councils"),
     gettext_lazy("the value for similar councils")),
)


def enabler_names(question):
    return f"q{question.pk}_choice", f"q{question.pk}_evidence"


def indicator_name(indicator, field):
    return f"i{indicator.pk}_{field}"


class CouncilCheckForm(GDSFormMixin, forms.Form):
    """`check` is a DomainCheck (selectors.council_check): the questions and indicators shown,
    each with what was saved before."""

    submit_label = gettext_lazy("Save")

    def __init__(self, *args, check, has_next=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.check = check
        layout = []
        choices = [GDSChoice(choice.value, choice.label) for choice in ENABLER_CHOICES]
        choices[-2].divider = _("or")
        if check.enablers:
            layout.append(heading(_("Enabler questions")))
        for number, row in enumerate(check.enablers, start=1):
            choice_name, evidence_name = enabler_names(row.question)
            self.fields[choice_name] = forms.ChoiceField(
                label=_("Question %(number)d: %(text)s")
                % {"number": number, "text": row.question.text},
                help_text=row.question.hint,
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _(
                    "Select an answer to question %(number)d from the list"
                ) % {"number": number}},
            )
            self.fields[evidence_name] = NotesField(
                label=_("Evidence for question %(number)d (optional)") % {"number": number},
                too_long=_("The evidence for question %(number)d must be 5000 characters or "
                           "fewer") % {"number": number},
            )
            if row.answer is not None:
                self.initial.setdefault(choice_name, row.answer.choice)
                self.initial.setdefault(evidence_name, row.answer.evidence)
            layout += [
                Field.radios(choice_name, legend_size=Size.SMALL, small=True),
                Field.textarea(evidence_name, rows=3, max_characters=TEXT_LIMIT),
            ]
        if check.indicators:
            layout.append(heading(_("Outcome indicators")))
        for number, row in enumerate(check.indicators, start=1):
            layout.append(self._indicator_fields(number, row))
        buttons = [Button("submit", self.submit_label)]
        if has_next:
            buttons.append(Button.secondary("next_domain", _("Save and go to the next domain")))
        layout.append(Div(*buttons, css_class="govuk-button-group"))
        self.helper.inputs = []
        self.helper.layout = Layout(*layout)

    def _indicator_fields(self, number, row):
        indicator = row.indicator
        values = {"number": number}
        inputs = []
        for field, label, thing in INDICATOR_NUMBERS:
            name = indicator_name(indicator, field)
            what = {"thing": thing, "number": number}
            self.fields[name] = DecimalNumberField(
                label=label,
                invalid=_("Enter %(thing)s for indicator %(number)d as a number, like 42 or "
                          "42.5") % what,
                places=_("Enter %(thing)s for indicator %(number)d with no more than 2 "
                         "decimal places, like 42.25") % what,
                whole=_("Enter %(thing)s for indicator %(number)d with no more than 10 "
                        "digits before the decimal point") % what,
            )
            if row.value is not None:
                self.initial.setdefault(name, getattr(row.value, field))
            inputs.append(Field.text(name, field_width=Fixed.TEN))
        notes = indicator_name(indicator, "notes")
        self.fields[notes] = NotesField(
            label=_("Notes on indicator %(number)d (optional)") % values,
            help_text=_("Where the figures come from, and anything that explains them."),
            too_long=_("The notes on indicator %(number)d must be 5000 characters or fewer")
            % values,
        )
        if row.value is not None:
            self.initial.setdefault(notes, row.value.notes)
        hint_id = f"indicator-{indicator.pk}-hint"
        better = (_("Higher is better.") if indicator.higher_is_better
                  else _("Lower is better."))
        hint_text = _("%(description)s Unit: %(unit)s. %(better)s") % {
            "description": indicator.description, "unit": indicator.get_unit_display(),
            "better": better,
        }
        return Fieldset(
            hint(hint_id, hint_text),
            *inputs,
            Field.textarea(notes, rows=3, max_characters=TEXT_LIMIT),
            legend=_("Indicator %(number)d: %(name)s") % {"number": number,
                                                          "name": indicator.name},
            legend_size=Size.MEDIUM,
            legend_tag="h3",
            aria_describedby=hint_id,
            css_class="govuk-!-margin-bottom-6",
        )

    def enabler_answers(self):
        """{EnablerQuestion: {"choice", "evidence"}} as council_check_save takes them."""
        answers = {}
        for row in self.check.enablers:
            choice_name, evidence_name = enabler_names(row.question)
            answers[row.question] = {
                "choice": self.cleaned_data.get(choice_name) or "",
                "evidence": self.cleaned_data.get(evidence_name) or "",
            }
        return answers

    def indicator_values(self):
        """{OutcomeIndicator: {field: value}} as council_check_save takes them."""
        return {
            row.indicator: {
                field: self.cleaned_data.get(indicator_name(row.indicator, field))
                for field in INDICATOR_FIELDS
            }
            for row in self.check.indicators
        }
