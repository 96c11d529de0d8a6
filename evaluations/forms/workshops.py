"""Forms for workshops: what happened, who came, and the group's rating of each domain.

Messages follow the GOV.UK Design System: they say what to do, and name the thing to fix.
Free text keeps its line breaks, loses other control characters, and is limited in length
(the GOV.UK character count shows the limit; the HTML maxlength attribute is not used, so
nothing typed is cut off without a message).
"""


from crispy_forms_gds.choices import Choice as GDSChoice
from crispy_forms_gds.layout import Button, Div, Field, Fieldset, Fixed, Layout, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from betterlives.fields import (
    DateErrorsMixin,
    NotesField,
    PlainTextField,
    WholeNumberField,
    date_field,
    hint,
)
from betterlives.forms import GDSFormMixin
from betterlives.text_limits import TEXT_LIMIT
from domains.models import Scale

from ..models import SCALE_CHOICES, Group
from ..models.groups import IN_A_SENTENCE

ATTENDANCE = tuple((f"attended_{group.value}", group, IN_A_SENTENCE[group]) for group in Group)


class WorkshopForm(DateErrorsMixin, GDSFormMixin, forms.Form):
    submit_label = _("Save workshop")

    title = PlainTextField(
        label=_("Name of the workshop"),
        max_length=200,
        help_text=_("For example, Living well workshop at the community centre"),
        error_messages={
            "required": _("Enter a name for the workshop"),
            "max_length": _("The name must be 200 characters or fewer"),
        },
    )
    place = PlainTextField(
        label=_("Where was it held? (optional)"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("The place must be 200 characters or fewer")},
    )
    rating_scale = forms.ChoiceField(
        label=_("Which scale did the group use to rate the domains?"),
        help_text=_("The same scales as the surveys. You cannot change the scale once the "
                    "group has rated a domain."),
        choices=[
            GDSChoice(Scale.FOUR_POINT, _("Yes, all the time / Mostly / Sometimes / Not yet"),
                      hint=_("Like the survey for family carers, staff and partners")),
            GDSChoice(Scale.FACES, _("Faces: good, not sure, not good"),
                      hint=_("Like the Easy Read survey")),
        ],
        initial=Scale.FOUR_POINT,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select the scale the group used"),
            "invalid_choice": _("Select the scale the group used"),
        },
    )
    notes = NotesField(
        label=_("Notes (optional)"),
        help_text=_("What was discussed. Do not write anything that could identify someone."),
        too_long=_("The notes must be 5000 characters or fewer"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"] = date_field(
            _("Date"),
            help_text=_("For example, 27 4 2026"),
            empty=_("Enter the date of the workshop"),
            incomplete=_("The date of the workshop must include a %(parts)s"),
            invalid=_("The date of the workshop must be a real date"),
        )
        for name, group, thing in ATTENDANCE:
            self.fields[name] = WholeNumberField(label=group.label, thing=thing)
        self.order_fields(["title", "held_on", "place",
                           *(name for name, _group, _thing in ATTENDANCE),
                           "rating_scale", "notes"])
        self.helper.layout = Layout(
            Field.text("title", label_size=Size.SMALL),
            Field("held_on", context={"legend_size": "govuk-fieldset__legend--s"}),
            Field.text("place", label_size=Size.SMALL),
            Div(Fieldset(
                hint("attendance-hint",
                          _("Leave a box empty if no one came from that group.")),
                *(Field.text(name, field_width=Fixed.FIVE)
                  for name, _group, _thing in ATTENDANCE),
                legend=_("How many people came from each group?"),
                legend_size=Size.SMALL,
                aria_describedby="attendance-hint",
            ), css_class="govuk-form-group"),
            Field.radios("rating_scale", legend_size=Size.SMALL),
            Field.textarea("notes", label_size=Size.SMALL, rows=5,
                           max_characters=TEXT_LIMIT),
        )

    def clean(self):
        cleaned = super().clean()
        for name, _group, _thing in ATTENDANCE:
            if name in cleaned and cleaned[name] is None:
                cleaned[name] = 0
        return cleaned


class WorkshopRatingForm(GDSFormMixin, forms.Form):
    """One question page: how the group rated one domain, and why."""

    submit_label = _("Save rating")

    def __init__(self, *args, domain, scale, has_next=False, **kwargs):
        super().__init__(*args, **kwargs)
        scale_choices = [GDSChoice(choice.value, choice.label)
                         for choice in SCALE_CHOICES[scale]]
        scale_choices[-2].divider = _("or")  # the last answer is not scored
        message = _("Select how the group rated %(domain)s") % {"domain": domain.title}
        self.fields["choice"] = forms.ChoiceField(
            label=_("How did the group rate %(domain)s?") % {"domain": domain.title},
            choices=scale_choices,
            widget=forms.RadioSelect,
            error_messages={"required": message, "invalid_choice": message},
        )
        self.fields["strengths"] = NotesField(
            label=_("Strengths (optional)"),
            help_text=_("What works well in this domain."),
            too_long=_("The strengths must be 5000 characters or fewer"),
        )
        self.fields["improvements"] = NotesField(
            label=_("Things to improve (optional)"),
            too_long=_("The things to improve must be 5000 characters or fewer"),
        )
        self.fields["evidence"] = NotesField(
            label=_("Evidence (optional)"),
            help_text=_("What the group based its rating on, such as examples or figures."),
            too_long=_("The evidence must be 5000 characters or fewer"),
        )
        buttons = [Button("submit", self.submit_label)]
        if has_next:
            buttons.append(Button.secondary("next_domain", _("Save and rate the next domain")))
        self.helper.inputs = []
        self.helper.layout = Layout(
            Field.radios("choice", legend_size=Size.LARGE, legend_tag="h1"),
            Field.textarea("strengths", label_size=Size.SMALL, rows=4,
                           max_characters=TEXT_LIMIT),
            Field.textarea("improvements", label_size=Size.SMALL, rows=4,
                           max_characters=TEXT_LIMIT),
            Field.textarea("evidence", label_size=Size.SMALL, rows=4,
                           max_characters=TEXT_LIMIT),
            Div(*buttons, css_class="govuk-button-group"),
        )
