"""The number of queries each step 3 page runs stays the same however big the plan, its
history and the Good Lives library grow."""

import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actionplans.models import Status
from actionplans.services import progress_add, sign_off_record
from betterlives.models import Role
from domains.models import (
    Domain,
    GoodLivesAction,
)
from tests.actionplans.helpers import SOURCE, bulk_actions, sent_responses, tag, text, today, url
from tests.factories import (
    CrossReferenceFactory,
    GoodLivesActionFactory,
    GoodLivesAudienceFactory,
    GoodLivesThemeFactory,
    add_action,
    member,
)

pytestmark = pytest.mark.django_db


def captured(client, target):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(target).status_code == 200
    return [q["sql"] for q in queries.captured_queries]


def repeated(small, large):
    """The queries the larger page ran more often, with numbers taken out."""
    shape = lambda sql: re.sub(r"\d+", "N", sql)  # noqa: E731
    more = Counter(map(shape, large)) - Counter(map(shape, small))
    return "\n".join(f"{n} × {sql[:300]}" for sql, n in more.items())


@pytest.fixture
def busy(evaluation, council, facilitator):
    """What the pages show besides actions: leads with accounts, Good Lives links,
    sign-offs and tagged comments."""
    leads = [member(Role.CONTRIBUTOR, council) for _ in range(3)] + [None]
    sign_off_record(evaluation=evaluation, user=facilitator, meeting="Board",
                    met_on=today(), decision="approved")
    surveys = {s.audience: s for s in evaluation.surveys.all()}
    sent_responses(surveys["lived_experience"], 5, "Said {n} about {domain}")
    for n in range(5):
        for number in (1, 2):
            tag(f"Said {n} about {number}", ["working", "not_working", "idea"][n % 3])
    return {"leads": leads, "good_lives": list(GoodLivesAction.objects.filter(
        code__in=["GL-1", "GL-3"]))}


def more_good_lives(count):
    """More Good Lives actions, each for two audiences and suggested for domain 1."""
    theme = GoodLivesThemeFactory(code="T3", title="More", summary="More.",
                                  source_url=SOURCE, position=2)
    audiences = [GoodLivesAudienceFactory(code=f"a{n}", name=f"A{n}") for n in (1, 2)]
    for n in range(count):
        action = GoodLivesActionFactory(code=f"GL-M{n}", theme=theme, position=n,
                                        source_url=SOURCE, text=f"More {n}.")
        action.audiences.set(audiences)
        CrossReferenceFactory(domain=Domain.objects.get(number=1), action=action,
                              position=10 + n, reason=f"Because {n}.")


@pytest.mark.parametrize("name, query", [
    ("plan", {}), ("plan", {"status": "done", "overdue": "on"}), ("sign_off", {}),
    ("you_said", {}), ("good_lives", {"domain": "1"}),
])
def test_plan_pages_run_as_many_queries_with_5_or_200_actions(client, facilitator, evaluation,
                                                             busy, name, query):
    bulk_actions(evaluation, 5, leads=busy["leads"], good_lives=busy["good_lives"])
    client.force_login(facilitator)
    target = url(name, evaluation) + ("?" + "&".join(f"{k}={v}" for k, v in query.items())
                                      if query else "")
    captured(client, target)  # sessions, caches and the like settle
    small = captured(client, target)

    bulk_actions(evaluation, 195, start=5, leads=busy["leads"], good_lives=busy["good_lives"])
    for n in range(4):
        sign_off_record(evaluation=evaluation, user=busy["leads"][n % 3], meeting=f"Board {n}",
                        met_on=today(), decision="not_approved", comments="More work.")
    more_good_lives(30)
    large = captured(client, target)
    assert len(large) == len(small), repeated(small, large)


def test_the_action_page_runs_as_many_queries_with_2_or_40_updates(client, facilitator,
                                                                   evaluation, busy):
    action = add_action(evaluation, user=facilitator, lead_user=busy["leads"][0],
                        good_lives_actions=busy["good_lives"])
    people = [facilitator, *busy["leads"][:3]]

    def record(count):
        for n in range(count):
            progress_add(action=action, user=people[n % len(people)], happened_on=today(),
                         text=f"Update {n}.", status=Status.values[n % len(Status.values)])

    record(2)
    client.force_login(facilitator)
    target = url("action", evaluation, action_pk=action.pk)
    captured(client, target)
    small = captured(client, target)
    record(38)
    more_good_lives(5)
    action.good_lives_actions.add(*GoodLivesAction.objects.filter(code__startswith="GL-M"))
    large = captured(client, target)
    assert len(large) == len(small), repeated(small, large)
    page = text(client.get(target))
    assert page.count("Progress update, ") == 40


def test_the_action_form_runs_as_many_queries_with_a_bigger_library(client, facilitator,
                                                                   evaluation, busy):
    action = add_action(evaluation, user=facilitator, good_lives_actions=busy["good_lives"])
    client.force_login(facilitator)
    targets = [url("action_create", evaluation, number=1) + "?from=GL-1",
               url("action_edit", evaluation, action_pk=action.pk)]
    for target in targets:
        captured(client, target)
    small = [captured(client, target) for target in targets]
    more_good_lives(30)
    for _ in range(10):
        member(Role.CONTRIBUTOR, evaluation.council)
    action.good_lives_actions.add(*GoodLivesAction.objects.filter(code__startswith="GL-M"))
    large = [captured(client, target) for target in targets]
    for before, after in zip(small, large, strict=True):
        assert len(after) == len(before), repeated(before, after)
