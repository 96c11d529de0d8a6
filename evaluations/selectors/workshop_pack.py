"""Reads for the printable workshop pack (views/workshop_pack.py).

The caller has already found the workshop inside an evaluation the person may see."""

from betterlives import faces
from domains.models import Domain
from evaluations.models import Choice, Group, LiveVote

# The three faces on each card, in the order the phones show them.
CARD_FACES = (Choice.GOOD, Choice.NOT_SURE, Choice.NOT_GOOD)
# Blank rows on each group's attendance page: as many as fit on one A4 page.
ATTENDANCE_ROWS = 16


def pack_live_vote(*, workshop):
    """The live vote whose code goes on the join sheet, or None (one query): the newest that
    has not ended (open, or ready to start), a real vote before a practice one. An ended
    vote's code no longer lets anyone join."""
    return (LiveVote.objects.filter(workshop=workshop).exclude(status=LiveVote.Status.ENDED)
            .order_by("practice", "-started_at", "-pk").first())


def workshop_pack(*, workshop):
    """What the pack shows besides the join details: every domain (one card each), the faces
    with their words and pictures, and the groups for the attendance sheet."""
    return {
        "domains": list(Domain.objects.order_by("number")),
        "faces": [{"label": choice.label, "picture": faces.PICTURES[choice.value],
                   "alt": faces.ALT[choice.value]} for choice in CARD_FACES],
        "groups": [{"value": group.value, "label": group.label} for group in Group],
        "attendance_rows": range(1, ATTENDANCE_ROWS + 1),
    }
