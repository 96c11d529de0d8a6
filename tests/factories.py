import datetime

import factory
from django.contrib.auth import get_user_model

from betterlives.models import Council, Membership, Role
from evaluations.models import Evaluation

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


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    council = factory.SubFactory(CouncilFactory)
    title = factory.Sequence(lambda n: f"Better Lives evaluation {n}")
    period_start = datetime.date(2026, 4, 1)
    period_end = datetime.date(2027, 3, 31)

    @factory.lazy_attribute
    def framework_version(self):
        from domains.models import FrameworkVersion

        return FrameworkVersion.objects.get(is_current=True)


def member(role=Role.FACILITATOR, council=None, **user_fields):
    """A person with `role` in `council` (a new council if none is given)."""
    council = council or CouncilFactory()
    return MembershipFactory(role=role, council=council, user=UserFactory(**user_fields)).user
