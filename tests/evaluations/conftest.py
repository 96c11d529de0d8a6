"""Fixtures shared by the test modules in tests/evaluations (the root ones are in
tests/conftest.py; plain helpers in helpers.py).

`signed_in` (a facilitator) and `survey` (the family carers' survey of whichever
`evaluation` the test module has) are the common ones. The live vote fixtures (`domains`,
`workshop`, `live_vote` and `vote_rate_limit`) are those of the test_live_vote* modules.
A module that needs something else under one of these names defines its own, which wins.
`vote_rate_limit` is not autouse here: the live vote modules ask for it in their
`pytestmark`.

`evaluation` stays the root one (an evaluation of the real framework). The evaluations of a
small test framework are here under their own names; a module that wants one for its
`evaluation` (and so for `survey`) says which in a one-line `evaluation` fixture."""

import datetime

import pytest

from evaluations.services.live_votes import live_vote_start
from tests.factories import (
    EvaluationFactory,
    WorkshopFactory,
    council_check_content,
    evaluation_with_surveys,
    review_content,
    small_framework,
)

# Signed in, and a survey ----------------------------------------------------------------------


@pytest.fixture
def signed_in(client, facilitator):
    client.force_login(facilitator)
    return client


@pytest.fixture
def survey(evaluation):
    return evaluation.surveys.get(audience="family_carers")


# Live votes -----------------------------------------------------------------------------------


@pytest.fixture
def vote_rate_limit(settings):
    """The "vote" scope, in case settings do not have it yet (a generous workshop limit)."""
    from django.core.cache import cache

    settings.RATE_LIMITS = {"vote": (1000, 600), **settings.RATE_LIMITS}
    cache.clear()  # the counts of earlier tests
    yield
    cache.clear()


@pytest.fixture
def domains(db):
    from domains.models import Domain

    small_framework(domains=3, questions=1)
    for number in (1, 2, 3):  # phones ask in Easy Read: the summary's first sentence
        Domain.objects.filter(number=number).update(
            easy_read_summary=f"This part is about thing {number}. It is good to have.")
    return list(Domain.objects.order_by("number"))


@pytest.fixture
def workshop(domains, council):
    evaluation = EvaluationFactory(council=council, title="Better Lives 2026")
    return WorkshopFactory(evaluation=evaluation, title="Spring workshop",
                           held_on=datetime.date(2026, 5, 1), place="",
                           attended_lived_experience=0, attended_family_carers=0,
                           attended_staff=0, attended_partners=0)


@pytest.fixture
def live_vote(workshop):
    return live_vote_start(workshop=workshop)


# Evaluations of a small test framework ------------------------------------------------------


@pytest.fixture
def small_evaluation(council):
    """Two domains of two questions, and a survey for every audience."""
    small_framework()
    return evaluation_with_surveys(council)


@pytest.fixture
def evaluation_with_two_surveys(council):
    """Two domains of two questions; surveys for people with lived experience and family
    carers only."""
    small_framework()
    return evaluation_with_surveys(council, audiences=["lived_experience", "family_carers"])


@pytest.fixture
def low_threshold_evaluation(council):
    """Two domains of one question; surveys for people with lived experience and family carers;
    the council's small-number threshold is 2."""
    small_framework(domains=2, questions=1)
    council.small_number_threshold = 2
    council.save(update_fields=["small_number_threshold"])
    return evaluation_with_surveys(council, audiences=["lived_experience", "family_carers"])


@pytest.fixture
def three_domain_evaluation(council):
    """Three domains of one question, and a survey for every audience."""
    small_framework(domains=3, questions=1)
    return evaluation_with_surveys(council)


@pytest.fixture
def council_check_evaluation(council):
    """Three domains of one question, each with two enabler questions and two outcome
    indicators (the first higher is better, the second lower); a survey for every audience."""
    small_framework(domains=3, questions=1)
    council_check_content(enablers=2, indicators=2)
    return evaluation_with_surveys(council)


@pytest.fixture
def in_depth_review_evaluation(council):
    """Three domains of one question, each with two "what good looks like" statements and two
    in-depth questions; a survey for every audience."""
    small_framework(domains=3, questions=1)
    review_content()
    return evaluation_with_surveys(council)
