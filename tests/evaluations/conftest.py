"""Fixtures shared by the test modules in tests/evaluations (the root ones are in
tests/conftest.py; plain helpers in helpers.py).

`signed_in` (a facilitator) and `survey` (the family carers' survey of whichever
`evaluation` the test module has) are the common ones. The live vote fixtures (`domains`,
`workshop`, `live_vote` and `vote_rate_limit`) are those of the test_live_vote* modules.
A module that needs something else under one of these names defines its own, which wins.
`vote_rate_limit` is not autouse here: the live vote modules ask for it in their
`pytestmark`.

There is no `evaluation` here on purpose: a folder fixture would hide the root one (an
evaluation of the real framework) from the many modules here that use it. The modules that
want an evaluation of a small test framework keep their own `evaluation`."""

import datetime

import pytest

from domains.models import Audience
from evaluations.models import Workshop
from evaluations.services.evaluations import evaluation_create
from evaluations.services.live_votes import live_vote_start
from tests.factories import EvaluationFactory, small_framework

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
    return Workshop.objects.create(evaluation=evaluation, title="Spring workshop",
                                   held_on=datetime.date(2026, 5, 1))


@pytest.fixture
def live_vote(workshop):
    return live_vote_start(workshop=workshop)


# Paper key-in ---------------------------------------------------------------------------------


@pytest.fixture
def paper_evaluation(framework, council):
    return evaluation_create(
        council=council, title="Better Lives 2026", period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2027, 3, 31), audiences=list(Audience.values),
    )
