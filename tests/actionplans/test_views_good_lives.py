"""The Good Lives library beside the plan, through the test client: a domain's suggestions
first with their reasons, the whole library searched and filtered, and "Start from this action".
"""

import re

import pytest

from tests.actionplans.helpers import SOURCE, assert_error, text, url
from tests.factories import (
    GoodLivesActionFactory,
    GoodLivesAudienceFactory,
    GoodLivesThemeFactory,
    evaluation_with_surveys,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(evaluation):
    """A second theme and audience with one action, GL-9, not suggested for any domain."""
    theme = GoodLivesThemeFactory(code="T2", title="Homes", summary="Summary.",
                                  source_url=SOURCE, position=1)
    audience = GoodLivesAudienceFactory(code="people", name="People", position=1)
    action = GoodLivesActionFactory(code="GL-9", theme=theme, position=1,
                                    source_url=SOURCE, text="Find a home near friends.")
    action.audiences.add(audience)
    GoodLivesActionFactory(code="GL-OLD", theme=theme, position=2, source_url=SOURCE,
                           text="An idea no longer in use.", is_current=False)
    return action


def split_library(page):
    """(the domain's suggestions, the searchable library)"""
    suggested, rest = page.split("Search the library", 1)
    return suggested, rest


def codes_in(part):
    return re.findall(r'<h3 class="govuk-summary-card__title">([A-Z0-9-]+):', part)


def start_link(evaluation, number, code):
    return url("action_create", evaluation, number=number) + f"?from={code}"


def test_suggestions_come_first_with_reasons(client, facilitator, evaluation, library):
    client.force_login(facilitator)
    page = text(client.get(url("good_lives", evaluation), {"domain": "2"}))
    suggested, rest = split_library(page)
    assert "Suggested for 2. Domain title 2" in suggested
    assert codes_in(suggested) == ["GL-1", "GL-2"]
    assert "Reason 1 for domain 2." in suggested and "Reason 2 for domain 2." in suggested
    assert "Reason 1 for domain 1." not in page
    assert codes_in(rest) == ["GL-1", "GL-2", "GL-3", "GL-4", "GL-9"]
    assert "GL-OLD" not in page
    for code in ("GL-1", "GL-2"):
        assert f'href="{start_link(evaluation, 2, code)}"' in suggested
    for code in ("GL-3", "GL-9"):
        assert f'href="{start_link(evaluation, 2, code)}"' in rest
    # The first chosen domain when none is asked for (or an unknown one).
    for query in ({}, {"domain": "3"}, {"domain": "x"}):
        page = text(client.get(url("good_lives", evaluation), query))
        assert "Suggested for 1. Domain title 1" in page
        assert f'href="{start_link(evaluation, 1, "GL-1")}"' in page


def test_start_from_this_action_opens_the_filled_in_form(client, facilitator, evaluation,
                                                          library):
    client.force_login(facilitator)
    page = text(client.get(start_link(evaluation, 2, "GL-9")))
    assert 'value="Find a home near friends"' in page
    assert "Starting from Good Lives action GL-9 (Homes)" in page


@pytest.mark.parametrize("query, codes", [
    ({"q": "home"}, ["GL-9"]),
    ({"q": "HOMES"}, ["GL-9"]),  # the theme's title, in any case
    ({"q": "idea number 3"}, ["GL-3"]),
    ({"theme": "T1"}, ["GL-1", "GL-2", "GL-3", "GL-4"]),
    ({"theme": "T2"}, ["GL-9"]),
    ({"audience": "people"}, ["GL-9"]),
    ({"audience": "councils", "q": "number 2"}, ["GL-2"]),
    ({"q": "nothing like this"}, []),
])
def test_library_search_and_filters(client, facilitator, evaluation, library, query, codes):
    client.force_login(facilitator)
    page = text(client.get(url("good_lives", evaluation), {"domain": "2", **query}))
    suggested, rest = split_library(page)
    assert codes_in(suggested) == ["GL-1", "GL-2"]  # the suggestions are not filtered
    assert codes_in(rest) == codes
    if not codes:
        assert "No Good Lives actions match these filters." in rest
    for code in codes:  # the domain is kept for "Start from this action"
        assert f'href="{start_link(evaluation, 2, code)}"' in rest


@pytest.mark.parametrize("query, message", [
    ({"theme": "T9"}, "Choose a theme from the list"),
    ({"audience": "<b>"}, "Choose who the action is for from the list"),
])
def test_library_bad_filters(client, facilitator, evaluation, library, query, message):
    client.force_login(facilitator)
    page = text(client.get(url("good_lives", evaluation), query))
    assert_error(page, message)


def test_board_viewers_see_no_start_buttons(client, board_viewer, contributor, evaluation,
                                            library):
    for person in (board_viewer, contributor):
        client.force_login(person)
        page = text(client.get(url("good_lives", evaluation), {"domain": "1"}))
        assert "Reason 1 for domain 1." in page
        assert "Start from this action" not in page
        assert "/actions/new/" not in page


def test_library_without_chosen_domains(client, facilitator, council, evaluation):
    second = evaluation_with_surveys(council, title="Nothing chosen")
    client.force_login(facilitator)
    page = text(client.get(url("good_lives", second)))
    assert "Choose domains to look at in depth first" in page
    assert "Start from this action" not in page
