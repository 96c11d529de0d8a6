import pytest
from django.core.management import call_command

from betterlives.models import Role

from .factories import CouncilFactory, member


@pytest.fixture
def framework(db):
    """The real framework content from fixtures/framework/."""
    call_command("load_framework", verbosity=0)


@pytest.fixture
def council(db):
    return CouncilFactory(name="Riverside Council", slug="riverside")


@pytest.fixture
def other_council(db):
    return CouncilFactory(name="Hillside Council", slug="hillside")


@pytest.fixture
def facilitator(council):
    return member(Role.FACILITATOR, council, username="fay")


@pytest.fixture
def contributor(council):
    return member(Role.CONTRIBUTOR, council, username="cal")


@pytest.fixture
def board_viewer(council):
    return member(Role.BOARD_VIEWER, council, username="bo")


@pytest.fixture
def outsider(other_council):
    """A facilitator of another council."""
    return member(Role.FACILITATOR, other_council, username="otto")
