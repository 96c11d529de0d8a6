from django import forms
from django.utils.translation import gettext_lazy as _

from betterlives.forms import GDSFormMixin

from ..models import GoodLivesAudience, GoodLivesTheme


class GoodLivesFilterForm(GDSFormMixin, forms.Form):
    """Filters for the Good Lives library. Sent by GET, so links can be shared."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    audience = forms.ChoiceField(label=_("Who it is for"), required=False)
    submit_label = _("Show actions")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"
        self.fields["theme"].error_messages["invalid_choice"] = _("Choose a theme from the list")
        self.fields["audience"].error_messages["invalid_choice"] = _(
            "Choose who the action is for from the list"
        )
        self.fields["theme"].choices = [("", _("All themes"))] + [
            (t.code, t.title) for t in GoodLivesTheme.objects.all()
        ]
        self.fields["audience"].choices = [("", _("Everyone it is for"))] + [
            (a.code, a.name) for a in GoodLivesAudience.objects.all()
        ]
