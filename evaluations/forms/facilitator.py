"""Forms for people who run an evaluation: start or change it, and set up its surveys.

Every form renders GOV.UK markup through crispy-forms-gds (GDSFormMixin). Checks that need
the database (the own-question limit, dropping an audience that has responses) live in the
services; their ValidationErrors are added to these forms by the views.
"""


from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from betterlives.fields import DateErrorsMixin, PlainTextField, date_field
from betterlives.forms import GDSFormMixin
from domains.models import Audience

from ..models import SurveyItem

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
