import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from betterlives import access
from betterlives.models import Role
from evaluations.models import Evaluation
from tests.factories import EvaluationFactory, member

pytestmark = pytest.mark.django_db

EXPECTED = {
    Role.FACILITATOR: {access.VIEW, access.CONTRIBUTE, access.MANAGE},
    Role.CONTRIBUTOR: {access.VIEW, access.CONTRIBUTE},
    Role.BOARD_VIEWER: {access.VIEW},
}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("permission", [access.VIEW, access.CONTRIBUTE, access.MANAGE])
def test_membership_allowed_or_denied_by_role(council, role, permission):
    """Each role gets exactly its permissions; the rest are refused with 403."""
    user = member(role, council)
    if permission in EXPECTED[role]:
        assert access.get_membership_or_404(user, council.slug, permission).council == council
    else:
        with pytest.raises(PermissionDenied):
            access.get_membership_or_404(user, council.slug, permission)


@pytest.mark.parametrize("role", list(Role))
def test_another_council_is_not_found(council, outsider, role):
    """A person of another council gets 404, whatever their role there."""
    outsider.memberships.update(role=role)
    with pytest.raises(Http404):
        access.get_membership_or_404(outsider, council.slug)


def test_anonymous_and_unknown_council_are_not_found(council, facilitator):
    with pytest.raises(Http404):
        access.get_membership_or_404(AnonymousUser(), council.slug)
    with pytest.raises(Http404):
        access.get_membership_or_404(facilitator, "no-such-council")


def test_scope_to_user_keeps_only_own_councils(framework, council, other_council, facilitator):
    mine = EvaluationFactory(council=council)
    EvaluationFactory(council=other_council)
    assert list(access.scope_to_user(Evaluation.objects.all(), facilitator)) == [mine]
    assert list(access.scope_to_user(Evaluation.objects.all(), AnonymousUser())) == []
