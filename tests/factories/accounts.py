"""People, councils, memberships and the councils' audit history."""

import factory
from django.contrib.auth import get_user_model

from betterlives.models import AuditEvent, Council, Membership, Role

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")

    @factory.post_generation
    def password(user, create, extracted, **kwargs):
        user.set_password(extracted or PASSWORD)
        if create:
            user.save(update_fields=["password"])


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council

    name = factory.Sequence(lambda n: f"Council {n}")
    slug = factory.Sequence(lambda n: f"council-{n}")
    nation = Council.Nation.ENGLAND


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    council = factory.SubFactory(CouncilFactory)
    role = Role.FACILITATOR


class AuditEventFactory(factory.django.DjangoModelFactory):
    """An event written directly, not by a service (so without the service's own words)."""

    class Meta:
        model = AuditEvent

    council = factory.SubFactory(CouncilFactory)
    action = factory.Sequence(lambda n: f"Something happened {n}")
    object_type = "betterlives.council"
    object_id = factory.LazyAttribute(lambda event: str(event.council.pk))


def member(role=Role.FACILITATOR, council=None, **user_fields):
    """A person with `role` in `council` (a new council if none is given)."""
    council = council or CouncilFactory()
    return MembershipFactory(role=role, council=council, user=UserFactory(**user_fields)).user
