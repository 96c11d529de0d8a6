"""Forms for live votes: the phones' (which group, which face) and the facilitator's controls."""

from django import forms
from django.utils.translation import gettext_lazy as _

from betterlives.faces import ANSWER_PICTURES
from betterlives.fields import PictureRadios, PictureRadioSelect
from betterlives.forms import EasyReadFormMixin

from ..models import FACE_CHOICES, Choice, Group
from ..models.groups import IN_THEIR_OWN_WORDS

# What people see on their phones: their own words, not the council's names for groups.
GROUP_CHOICES = [(group.value, IN_THEIR_OWN_WORDS[group]) for group in Group]
class GroupForm(EasyReadFormMixin, forms.Form):
    group = forms.ChoiceField(
        widget=PictureRadioSelect,
        choices=GROUP_CHOICES,
        error_messages={
            "required": _("Choose the group you are in"),
            "invalid_choice": _("Choose the group you are in"),
        },
    )

    def layout_fields(self):
        return [PictureRadios("group")]


class VoteForm(EasyReadFormMixin, forms.Form):
    choice = forms.ChoiceField(
        widget=PictureRadioSelect,
        choices=[(face.value, face.label) for face in FACE_CHOICES],
        error_messages={
            "required": _("Choose a face, then press Send my vote"),
            "invalid_choice": _("Choose a face, then press Send my vote"),
        },
    )
    # The domain on the page the person saw: if the room has moved on while they chose, their
    # vote still counts for the question they answered.
    domain = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=99)

    def layout_fields(self):
        # The domain's hidden field is written by the page, with the domain it shows.
        return [PictureRadios("choice", pictures=ANSWER_PICTURES, dividers=(Choice.NO_SAY,))]


class MoveForm(forms.Form):
    number = forms.TypedChoiceField(coerce=int, error_messages={
        "required": _("Choose a domain to go to"),
        "invalid_choice": _("Choose a domain to go to"),
    })

    def __init__(self, *args, domains, **kwargs):
        super().__init__(*args, **kwargs)
        self.domains = {domain.number: domain for domain in domains}
        self.fields["number"].choices = [(n, str(n)) for n in self.domains]

    @property
    def domain(self):
        return self.domains[self.cleaned_data["number"]]


class CloseDomainForm(forms.Form):
    """Close voting on the domain on the screen (or open it again)."""

    number = forms.IntegerField(min_value=1, max_value=99)
    action = forms.ChoiceField(choices=[("close", "close"), ("reopen", "reopen")],
                               required=False)


class StartForm(forms.Form):
    """Start a vote now or get it ready for later, and whether it is a practice. Both are
    optional: the Start button on the workshop page sends neither and starts a real vote."""

    when = forms.ChoiceField(
        label=_("When should people be able to vote?"), widget=forms.RadioSelect,
        required=False, initial="now",
        choices=[("now", _("Now")),
                 ("later", _("Later: get it ready now, and press Start in the room"))],
    )
    practice = forms.BooleanField(
        label=_("This is a practice vote"), required=False,
        help_text=_("Its votes are not counted in any result, report or download, and you "
                    "can delete it afterwards."),
    )
