"""Writes to councils and memberships."""

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import Council, Membership


def council_get_or_create(*, name, slug, nation, small_number_threshold=5):
    council, _ = Council.objects.get_or_create(
        slug=slug,
        defaults={"name": name, "nation": nation,
                  "small_number_threshold": small_number_threshold},
    )
    return council


@transaction.atomic
def member_get_or_create(*, council, username, role, password, email="", first_name="",
                         last_name="", is_staff=False, is_superuser=False):
    """A person with a role in a council. An existing person keeps their password."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"email": email, "first_name": first_name, "last_name": last_name,
                  "is_staff": is_staff, "is_superuser": is_superuser},
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    if council is not None:
        Membership.objects.get_or_create(user=user, council=council, defaults={"role": role})
    return user
