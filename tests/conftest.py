import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from betterlives.models import Role
from evaluations import survey_content

from . import framework_rows
from .factories import CouncilFactory, evaluation_with_surveys, member


@pytest.fixture(autouse=True)
def english_to_begin_with():
    """Each test starts in English: a request in Welsh leaves Welsh active in its thread, and
    framework texts read in the active language."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limits and the wait after many wrong passwords live in the cache, and each
    survey's questions are kept in memory: every test starts with none of them."""
    cache.clear()
    survey_content.forget_kept()
    yield
    cache.clear()


@pytest.fixture
def many_votes_allowed(settings):
    """Room for the many votes a test casts from one test client (one address)."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "vote": (1000, 600)}


@pytest.fixture
def framework(db):
    """The real framework content from fixtures/framework/, loaded by `load_framework`.

    The first test in a process runs the command and keeps a copy of the rows it wrote;
    later tests get the same rows copied in (about 0.02 s rather than 0.5 s). The copy is
    checked against a real load in tests/domains/test_framework_fixture.py."""
    framework_rows.put()


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


@pytest.fixture
def framework_evaluation(framework, council):
    """An evaluation of `council` on the real framework, with a survey for each audience, open
    now. A folder or module that gives `evaluation` another meaning can still ask for this."""
    return evaluation_with_surveys(council)


@pytest.fixture
def evaluation(framework_evaluation):
    """The evaluation a test works on: `framework_evaluation` unless the folder's conftest.py
    or the module says otherwise."""
    return framework_evaluation


@pytest.fixture
def lived_survey(evaluation):
    return evaluation.surveys.get(audience="lived_experience")


@pytest.fixture
def carer_survey(evaluation):
    return evaluation.surveys.get(audience="family_carers")


@pytest.fixture
def new_client():
    """Make another browser: a test client with no cookies of its own."""
    from django.test import Client

    return lambda **kwargs: Client(**kwargs)
