"""The four groups that take part in an evaluation, named once for every part of it: who
someone is in a workshop or a live vote, who took part in choosing domains, and who an action
is co-produced with."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Group(models.TextChoices):
    LIVED_EXPERIENCE = "lived_experience", _("People with lived experience")
    FAMILY_CARERS = "family_carers", _("Family carers")
    STAFF = "staff", _("Staff")
    PARTNERS = "partners", _("Partners")


# Each group inside a sentence ("How many … took part?").
IN_A_SENTENCE = {
    Group.LIVED_EXPERIENCE: _("people with lived experience"),
    Group.FAMILY_CARERS: _("family carers"),
    Group.STAFF: _("staff"),
    Group.PARTNERS: _("partners"),
}

# Each group in a person's own words, as a phone in a live vote asks who they are.
IN_THEIR_OWN_WORDS = {
    Group.LIVED_EXPERIENCE: _("I have a learning disability"),
    Group.FAMILY_CARERS: _("I am a family carer"),
    Group.STAFF: _("I work for the council"),
    Group.PARTNERS: _("I work for another service, like health, housing or a charity"),
}
