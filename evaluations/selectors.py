"""Reads of evaluations, always scoped to the person asking."""

from betterlives.access import scope_to_user

from .models import Evaluation


def evaluation_list(*, user, council):
    """The council's evaluations, if this person belongs to the council."""
    return scope_to_user(Evaluation.objects.filter(council=council), user).order_by(
        "-period_start", "title"
    )
