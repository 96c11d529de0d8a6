"""Forms for setting up one survey: its dates, which questions it asks, and the council's own
questions.

Every form renders GOV.UK markup through crispy-forms-gds (GDSFormMixin), but for the question
list, which its template groups by domain. The own-question limit needs the database, so the
service checks it; its ValidationError is added to the form by the view.
"""

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from betterlives.fields import DateErrorsMixin, PlainTextField, date_field
from betterlives.forms import GDSFormMixin

from ..models import SurveyItem


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
