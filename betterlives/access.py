"""Who may see and change what.

Every read of council data goes through these helpers, so that a person only ever sees the
councils they belong to. An object of another council is answered with 404, exactly as if it
did not exist. Within their own council, a person whose role does not allow an action gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Membership, Role

VIEW = "view"
CONTRIBUTE = "contribute"
MANAGE = "manage"

ROLE_PERMISSIONS = {
    Role.FACILITATOR: frozenset({VIEW, CONTRIBUTE, MANAGE}),
    Role.CONTRIBUTOR: frozenset({VIEW, CONTRIBUTE}),
    Role.BOARD_VIEWER: frozenset({VIEW}),
}


def role_allows(role, permission):
    return permission in ROLE_PERMISSIONS.get(role, frozenset())


def membership_list(user):
    """This person's memberships, with their councils, for listing."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("council")


def scope_to_user(queryset, user, council_field="council"):
    """Limit any queryset of council-owned rows to the councils this person belongs to."""
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(**{f"{council_field}__memberships__user": user})


def get_membership_or_404(user, council_slug, permission=VIEW):
    """The person's membership of a council, checked in one call.

    404 when the person does not belong to the council (or it does not exist);
    403 when they belong but their role does not allow `permission`.
    """
    if not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.select_related("council")
        .filter(user=user, council__slug=council_slug)
        .first()
    )
    if membership is None:
        raise Http404
    if not role_allows(membership.role, permission):
        raise PermissionDenied
    return membership
