"""Filters for the results pages, and the facilitator's review of a comment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from betterlives.forms import GDSFormMixin
from domains.models import Domain
from evaluations.scores import SURVEY_VOICES, Filters

from ..models import CommentTag

HELPED_CHOICES = [
    ("", _("Everyone")),
    ("yes", _("Only people who had help")),
    ("no", _("Only people who answered on their own")),
]


class ResultsFilterForm(GDSFormMixin, forms.Form):
    """Sent by GET so a filtered view can be shared as a link."""

    submit_label = _("Show results")

    audience = forms.ChoiceField(
        label=_("Survey"), required=False,
        choices=[("", _("All surveys"))] + [(v.value, v.label) for v in SURVEY_VOICES],
        error_messages={"invalid_choice": _("Choose a survey from the list")},
    )
    helped = forms.ChoiceField(
        label=_("Help with the survey"), required=False, choices=HELPED_CHOICES,
        error_messages={"invalid_choice": _("Choose who to include from the list")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"

    def filters(self):
        """The filters chosen, or none at all when the form is not valid."""
        if not self.is_bound or not self.is_valid():
            return Filters()
        audience = self.cleaned_data.get("audience")
        helped = {"yes": True, "no": False}.get(self.cleaned_data.get("helped"))
        return Filters(audiences=(audience,) if audience else SURVEY_VOICES, helped=helped)

    @property
    def is_filtered(self):
        return self.is_bound and self.is_valid() and any(self.cleaned_data.values())


class CommentFilterForm(ResultsFilterForm):
    submit_label = _("Show comments")

    domain = forms.TypedChoiceField(
        label=_("Domain"), required=False, coerce=int, empty_value=None,
        error_messages={"invalid_choice": _("Choose a domain from the list")},
    )
    tag = forms.ChoiceField(
        label=_("Theme"), required=False,
        choices=[("", _("Any theme")), ("none", _("No theme yet"))] + list(CommentTag.choices),
        error_messages={"invalid_choice": _("Choose a theme from the list")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].choices = [("", _("All domains"))] + [
            (d.number, f"{d.number}. {d.title}") for d in Domain.objects.order_by("number")
        ]
        self.order_fields(["domain", "audience", "tag", "helped"])


class CommentReviewForm(forms.Form):
    tag = forms.ChoiceField(
        label=_("Theme"), required=False,
        choices=[("", _("No theme"))] + list(CommentTag.choices),
        error_messages={"invalid_choice": _("Choose a theme from the list")},
    )
    hidden = forms.BooleanField(label=_("Hide this comment: it could identify someone"),
                                required=False)

