"""Step 3 pages for the plan as a whole, through the test client: the overview with its counts,
filters and pages, the board's sign-off, and "you said, we did".

The Good Lives library is in test_views_good_lives.py, the number of queries each page runs in
test_views_plan_queries.py, who may open each page in test_access.py, and the services' own
checks in test_services.py.
"""

import datetime
import re

import pytest
from django.urls import reverse

from actionplans.models import SignOff, Status
from tests.actionplans.helpers import (
    assert_error,
    bulk_actions,
    future,
    long_date,
    past,
    sent_responses,
    tag,
    text,
    today,
    url,
)
from tests.factories import add_action, choose_domains, evaluation_with_surveys

pytestmark = pytest.mark.django_db


# The plan overview -----------------------------------------------------------------------


@pytest.fixture
def plan(evaluation):
    """Seven actions in several statuses across domains 1 and 2 (two are overdue)."""
    made = [
        (1, "Bus passes", Status.NOT_STARTED, future(), "Priya Shah"),
        (1, "Easy Read letters", Status.NOT_STARTED, past(evaluation), "Sam Jones"),
        (1, "Job fair", Status.ON_TRACK, future(), "Priya Shah"),
        (1, "Supported internships", Status.DONE, past(evaluation), "Sam Jones"),
        (2, "Housing register", Status.AT_RISK, past(evaluation), "Priya Shah"),
        (2, "Shared lives", Status.OFF_TRACK, future(), "Alex Green"),
        (2, "Short breaks", Status.DONE, future(), "Alex Green"),
    ]
    return {title: add_action(evaluation, number, title=title, status=status, due_on=due_on,
                              lead_name=lead)
            for number, title, status, due_on, lead in made}


ALL_TITLES = {"Bus passes", "Easy Read letters", "Job fair", "Supported internships",
              "Housing register", "Shared lives", "Short breaks"}


def counts_table(page):
    """{row heading: [not started, on track, at risk, off track, done, overdue, all]}"""
    table = page.split('id="counts-caption"', 1)[1].split("</table>", 1)[0]
    rows = {}
    for head, cells in re.findall(r'<th scope="row"[^>]*>(.*?)</th>(.*?)</tr>', table, re.S):
        rows[re.sub(r"<[^>]+>", "", head).strip()] = [
            int(n) for n in re.findall(r"<td[^>]*>(?:<strong>)?(\d+)", cells)]
    return rows


def action_cards(page):
    """{title: the HTML of its card} for the actions listed on the plan page."""
    cards = {}
    for card in page.split('<div class="govuk-summary-card">')[1:]:
        title = re.search(r'<h4 class="govuk-summary-card__title"><a[^>]*>(.*?)</a>', card)
        cards[title.group(1)] = card
    return cards


def test_counts_by_status_and_domain(client, board_viewer, evaluation, plan):
    client.force_login(board_viewer)
    page = text(client.get(url("plan", evaluation)))
    assert counts_table(page) == {
        "1. Domain title 1": [2, 1, 0, 0, 1, 1, 4],
        "2. Domain title 2": [0, 0, 1, 1, 1, 1, 3],
        "Whole plan": [2, 1, 1, 1, 2, 2, 7],
    }
    assert set(action_cards(page)) == ALL_TITLES
    assert "7 actions" in page
    assert "Domain title 3" not in page


@pytest.mark.parametrize("query, shown", [
    ({"status": "done"}, {"Supported internships", "Short breaks"}),
    ({"lead": "Sam Jones"}, {"Easy Read letters", "Supported internships"}),
    ({"domain": "2"}, {"Housing register", "Shared lives", "Short breaks"}),
    ({"overdue": "on"}, {"Easy Read letters", "Housing register"}),
    ({"domain": "1", "overdue": "on"}, {"Easy Read letters"}),
    ({"status": "at_risk", "lead": "Alex Green"}, set()),
])
def test_filters_show_only_matching_actions(client, facilitator, evaluation, plan, query,
                                            shown):
    client.force_login(facilitator)
    page = text(client.get(url("plan", evaluation), query))
    assert set(action_cards(page)) == shown
    for title in ALL_TITLES - shown:
        assert title not in page
    heading = (f"{len(shown)} action matches the filters" if len(shown) == 1
               else f"{len(shown)} actions match the filters")
    assert heading in page and "Clear filters" in page
    if not shown:
        assert "No actions match these filters." in page
    # The counts are of the whole plan, whatever the filters.
    assert counts_table(page)["Whole plan"][-1] == 7


@pytest.mark.parametrize("query, message", [
    ({"status": "nonsense"}, "Choose a status from the list"),
    ({"lead": "Nobody"}, "Choose a lead from the list"),
    ({"domain": "3"}, "Choose a domain from the list"),
    ({"domain": "<script>"}, "Choose a domain from the list"),
])
def test_a_bad_filter_is_a_govuk_error(client, facilitator, evaluation, plan, query, message):
    client.force_login(facilitator)
    response = client.get(url("plan", evaluation), query)
    page = text(response)
    assert_error(page, message)
    assert "<script>" not in response.content.decode()
    assert set(action_cards(page)) == ALL_TITLES  # unfiltered rather than a crash


def test_overdue_actions_are_flagged(client, facilitator, evaluation, plan):
    client.force_login(facilitator)
    cards = action_cards(text(client.get(url("plan", evaluation))))
    overdue = {title for title, card in cards.items() if ">Overdue</strong>" in card}
    assert overdue == {"Easy Read letters", "Housing register"}  # not the done one, nor future
    page = text(client.get(url("action", evaluation, action_pk=plan["Easy Read letters"].pk)))
    assert "This action was due on 1 April 2026 and is not done." in page
    page = text(client.get(url("action", evaluation,
                               action_pk=plan["Supported internships"].pk)))
    assert "Overdue" not in page


def test_the_plan_is_paginated(client, facilitator, evaluation):
    bulk_actions(evaluation, 51, numbers=(1,), due_on=future())
    client.force_login(facilitator)
    page = text(client.get(url("plan", evaluation)))
    assert "51 actions" in page
    cards = action_cards(page)
    assert len(cards) == 50 and "Action 050" in cards and "Action 051" not in cards
    assert 'aria-current="page">1</a>' in page and "?page=2" in page
    page2 = text(client.get(url("plan", evaluation), {"page": "2"}))
    assert set(action_cards(page2)) == {"Action 051"}
    assert 'aria-current="page">2</a>' in page2
    assert counts_table(page2)["Whole plan"][-1] == 51
    # A page that is not a number shows the first; one past the end, the last.
    assert "Action 001" in text(client.get(url("plan", evaluation), {"page": "nonsense"}))
    assert "Action 051" in text(client.get(url("plan", evaluation), {"page": "9"}))


def test_the_plan_says_which_page_it_is(client, facilitator, evaluation):
    bulk_actions(evaluation, 51)
    client.force_login(facilitator)
    assert "Page 1 of 2" in text(client.get(url("plan", evaluation)))
    assert "Page 2 of 2" in text(client.get(url("plan", evaluation), {"page": "2"}))


def test_pages_keep_the_filters(client, facilitator, evaluation):
    bulk_actions(evaluation, 260)  # 52 not started
    client.force_login(facilitator)
    page = client.get(url("plan", evaluation), {"status": "not_started"}).content.decode()
    assert "52 actions match the filters" in page
    assert "status=not_started&amp;page=2" in page
    page2 = text(client.get(url("plan", evaluation), {"status": "not_started", "page": "2"}))
    assert len(action_cards(page2)) == 2
    assert all(">Not started</strong>" in card for card in action_cards(page2).values())


def test_a_plan_with_no_chosen_domains(client, facilitator, council, evaluation):
    unchosen = evaluation_with_surveys(council, title="Nothing chosen")
    client.force_login(facilitator)
    page = text(client.get(url("plan", unchosen)))
    assert "No domains have been chosen yet." in page
    assert reverse("evaluations:choose_domains", kwargs={
        "council_slug": council.slug, "pk": unchosen.pk}) in page
    assert "The plan at a glance" not in page


def test_an_action_of_a_domain_no_longer_chosen_is_still_listed(client, facilitator,
                                                               evaluation):
    add_action(evaluation, 1, title="Kept domain action", due_on=future())
    add_action(evaluation, 2, title="Dropped domain action", due_on=future())
    choose_domains(evaluation, 1)  # domain 2 is no longer chosen
    client.force_login(facilitator)
    page = text(client.get(url("plan", evaluation)))
    assert "2 actions" in page and counts_table(page)["Whole plan"][-1] == 2
    assert set(action_cards(page)) == {"Kept domain action", "Dropped domain action"}


def test_an_empty_plan(client, facilitator, evaluation):
    client.force_login(facilitator)
    page = text(client.get(url("plan", evaluation)))
    assert "0 actions" in page
    assert page.count("No actions for this domain yet.") == 2
    assert "Add an action to Domain title 1" in page


# The board's sign-off ---------------------------------------------------------------------


def sign_off_data(day=None, **overrides):
    day = day or today()
    data = {"meeting": "Learning Disability Partnership Board", "met_on_0": str(day.day),
            "met_on_1": str(day.month), "met_on_2": str(day.year),
            "decision": "approved_with_changes", "comments": "Add a measure about housing."}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_recording_the_boards_sign_off(client, facilitator, evaluation, plan):
    client.force_login(facilitator)
    form = text(client.get(url("sign_off_create", evaluation)))
    assert 'value="Learning Disability Partnership Board"' in form
    earlier = past(evaluation) + datetime.timedelta(days=30)
    response = client.post(url("sign_off_create", evaluation),
                           sign_off_data(day=earlier, decision="not_approved", comments=""))
    assert response.status_code == 302
    assert response["Location"] == url("sign_off", evaluation)
    response = client.post(url("sign_off_create", evaluation), sign_off_data(), follow=True)
    page = text(response)
    assert "The board's sign-off has been recorded." in page
    newest = f"Learning Disability Partnership Board, {long_date(today())}"
    oldest = f"Learning Disability Partnership Board, {long_date(earlier)}"
    assert page.index(newest) < page.index(oldest)
    assert "Approved with changes" in page and "Not approved yet" in page
    assert "Add a measure about housing." in page
    assert "fay, " in page
    assert "The plan has 7 actions. 2 are overdue." in page
    latest = SignOff.objects.order_by("-met_on").first()
    assert (latest.decision, latest.recorded_by) == ("approved_with_changes", facilitator)

    plan_page = text(client.get(url("plan", evaluation)))
    assert f"{newest}: Approved with changes." in plan_page
    assert "Not approved yet" not in plan_page


def test_the_plan_page_without_a_sign_off(client, facilitator, evaluation):
    client.force_login(facilitator)
    assert "See the board's sign-off" not in text(client.get(url("plan", evaluation)))
    page = text(client.get(url("sign_off", evaluation)))
    assert "The board has not signed off the plan yet." in page


@pytest.mark.parametrize("overrides, message", [
    ({"day": "future"}, "The date of the meeting must be today or in the past"),
    ({"decision": None}, "Choose the board's decision"),
    ({"decision": "maybe"}, "Choose the board's decision"),
    ({"meeting": ""}, "Enter the name of the meeting"),
    ({"day": datetime.date(2026, 3, 31)},
     "The date of the meeting must be on or after 1 April 2026, when the evaluation started"),
])
def test_sign_off_errors(client, facilitator, evaluation, overrides, message):
    if overrides.get("day") == "future":
        overrides = {"day": today() + datetime.timedelta(days=1)}
    client.force_login(facilitator)
    response = client.post(url("sign_off_create", evaluation), sign_off_data(**overrides))
    page = text(response)
    assert_error(page, message)
    assert not SignOff.objects.exists()
    assert "Add a measure about housing." in page  # what was typed is still there


# You said, we did -------------------------------------------------------------------------

@pytest.fixture
def said(evaluation):
    """Five people with lived experience (the threshold) commented on every domain; two
    family carers did too (too few to show)."""
    surveys = {s.audience: s for s in evaluation.surveys.all()}
    sent_responses(surveys["lived_experience"], 5, "Comment {n} on domain {domain}")
    tag("Comment 0 on domain 1", "working")
    tag("Comment 1 on domain 1", "not_working")
    tag("Comment 2 on domain 1", "idea")
    tag("Comment 3 on domain 1", "working", hidden=True)
    # Comment 4 on domain 1 is not tagged.
    tag("Comment 0 on domain 3", "working")  # domain 3 is not chosen
    sent_responses(surveys["family_carers"], 2, "Only two carers said this {n}")
    for n in range(2):
        tag(f"Only two carers said this {n}", "working")


def you_said_sections(page):
    return {number: page.split(f'id="said-{number}"', 1)[1].split("</section>", 1)[0]
            for number in (1, 2)}


def test_you_said_we_did(client, board_viewer, evaluation, said):
    add_action(evaluation, 1, title="Evening buses", status="on_track", due_on=future())
    add_action(evaluation, 2, title="Housing register", status="at_risk",
               due_on=past(evaluation))
    client.force_login(board_viewer)
    page = text(client.get(url("you_said", evaluation)))
    first, second = you_said_sections(page).values()
    for shown in ("Comment 0 on domain 1", "Comment 1 on domain 1", "Comment 2 on domain 1",
                  "What is working", "What is not working", "Ideas",
                  "Evening buses", "On track"):
        assert shown in first
    assert "Housing register" not in first
    assert "Comment 3 on domain 1" not in page  # hidden
    assert "Comment 4 on domain 1" not in page  # not tagged
    assert "on domain 3" not in page and "Domain title 3" not in page  # not chosen
    assert "Only two carers" not in page  # too few people
    assert "No comments have been tagged for this domain yet." in second
    assert "Housing register" in second and "At risk" in second and "Overdue" in second


def test_you_said_keeps_to_the_councils_threshold(client, board_viewer, council, evaluation,
                                                  said):
    council.small_number_threshold = 6
    council.save()
    client.force_login(board_viewer)
    page = text(client.get(url("you_said", evaluation)))
    assert "Comment 0 on domain 1" not in page
    assert page.count("No comments have been tagged for this domain yet.") == 2


def test_you_said_without_chosen_domains(client, board_viewer, council, evaluation):
    second = evaluation_with_surveys(council, title="Nothing chosen")
    client.force_login(board_viewer)
    assert "No domains have been chosen yet." in text(client.get(url("you_said", second)))
