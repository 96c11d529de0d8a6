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
