"""Writes to councils, memberships and staff profiles."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_noop

from .audit import audit_record, changed_fields
from .models import Council, Membership, StaffProfile

# The council's language settings (betterlives.views.language.CouncilLanguagesView).
LANGUAGE_SETTINGS = ("cymraeg_first", "bilingual_posters")


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


@transaction.atomic
def council_languages_set(*, council, user, cymraeg_first, bilingual_posters=None):
    """Change the council's language settings, recorded in its audit trail.
    `bilingual_posters` None keeps it as it is. Returns what changed: {field: [old, new]}."""
    before = {name: getattr(council, name) for name in LANGUAGE_SETTINGS}
    after = {"cymraeg_first": cymraeg_first,
             "bilingual_posters": (before["bilingual_posters"] if bilingual_posters is None
                                   else bilingual_posters)}
    changes = changed_fields(before, after)
    if changes:
        for name, value in after.items():
            setattr(council, name, value)
        council.save(update_fields=list(LANGUAGE_SETTINGS))
        council_languages_audit(council=council, user=user, changes=changes)
    return changes


# The settings and their values as the audit trail names them (betterlives.audit).
AUDIT_NAMES = {"cymraeg_first": gettext_noop("Cymraeg first"),
               "bilingual_posters": gettext_noop("bilingual posters")}
AUDIT_VALUES = {"True": gettext_noop("yes"), "False": gettext_noop("no")}


def council_languages_audit(*, council, user, changes):
    """Record a change of the language settings: `changes` as from changed_fields."""
    readable = {AUDIT_NAMES.get(name, name): [AUDIT_VALUES.get(value, value) for value in values]
                for name, values in changes.items()}
    audit_record(council=council, user=user,
                 action=gettext_noop("Changed the council's language settings"),
                 obj=council, changes=readable)


def staff_language_set(*, user, language):
    """Keep the language this person chose for themselves (StaffProfile.Language)."""
    if language not in StaffProfile.Language.values:
        raise ValueError(f"Unknown language: {language!r}")
    StaffProfile.objects.update_or_create(user=user, defaults={"language": language})
