"""Presentation mode in real Chromium: at 1280 × 720 and 1920 × 1080 the
question, the code and the QR code are inside the viewport with no scrolling, axe finds no
violations, the keys N and R move the room and reveal the tally, the number who voted
updates by itself, and without JavaScript the Refresh link follows the room."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from domains.models import Domain
from evaluations.models import Group, LiveVote
from evaluations.services.live_votes import (
    live_vote_move,
    live_vote_start,
    participant_join,
    vote_cast,
)
from tests.factories import EvaluationFactory, WorkshopFactory

from .conftest import TIMEOUT_MS, assert_no_axe_violations, signed_in, watch_for_errors
from .helpers import POLL_WAIT_MS

# Every test here casts many votes from one machine.
pytestmark = pytest.mark.usefixtures("many_votes_allowed")


@pytest.fixture
def live_vote(live_server, live_framework, council):
    """A vote on the real framework: its longest Easy Read titles and its pictures."""
    evaluation = EvaluationFactory(council=council, title="Better Lives 2026")
    workshop = WorkshopFactory(evaluation=evaluation, title="Spring workshop",
                               held_on=datetime.date(2026, 5, 1), place="",
                               attended_lived_experience=0, attended_family_carers=0,
                               attended_staff=0, attended_partners=0)
    return live_vote_start(workshop=workshop)


def present_url(live_vote, name="vote_present"):
    workshop = live_vote.workshop
    return reverse(f"evaluations:{name}", kwargs={
        "council_slug": workshop.evaluation.council.slug, "pk": workshop.evaluation_id,
        "workshop_pk": workshop.pk, "vote_pk": live_vote.pk})


def assert_inside_viewport(page, selector, width, height):
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    assert box["x"] >= 0 and box["y"] >= 0, (selector, box)
    assert box["x"] + box["width"] <= width and box["y"] + box["height"] <= height, (
        selector, box, width, height)


def crowd(live_vote, people):
    domain = LiveVote.objects.get(pk=live_vote.pk).current_domain
    for group, choice in people:
        vote_cast(participant=participant_join(live_vote=live_vote, group=group),
                  domain=domain, choice=choice)


def longest_domain():
    from domains.easy_read import easy_read_title

    return max(Domain.objects.all(), key=lambda domain: len(easy_read_title(domain)))


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_question_code_and_qr_code_fit_the_projector(page, live_server, facilitator,
                                                     live_vote, width, height):
    page.set_default_timeout(TIMEOUT_MS)
    page.set_viewport_size({"width": width, "height": height})
    errors = watch_for_errors(page)
    signed_in(page, live_server, facilitator)
    for domain, reveal in ((live_vote.current_domain, False), (longest_domain(), True)):
        live_vote_move(live_vote=live_vote, domain=domain)
        if reveal:  # the tally by group on the screen too
            crowd(live_vote, [(Group.STAFF, "good")] * 5 + [(Group.FAMILY_CARERS, "good")])
            LiveVote.objects.filter(pk=live_vote.pk).update(revealed=True)
        page.goto(present_url(live_vote))
        expect(page.locator("[data-present-question]")).to_contain_text("How is it going?")
        if reveal:
            expect(page.locator("[data-present-tally]")).to_be_visible()
        for selector in ("[data-present-question]", "[data-present-code]",
                         "[data-present-qr] svg"):
            assert_inside_viewport(page, selector, width, height)
        assert page.evaluate("document.documentElement.scrollHeight") <= height
        expect(page.locator(".govuk-header")).to_have_count(0)
        assert_no_axe_violations(page)
    assert errors() == []


def test_keys_reveal_and_move_on_and_the_count_updates(page, live_server, facilitator,
                                                       live_vote):
    page.set_default_timeout(TIMEOUT_MS)
    page.set_viewport_size({"width": 1280, "height": 720})
    errors = watch_for_errors(page)
    signed_in(page, live_server, facilitator)
    page.goto(present_url(live_vote))
    expect(page.locator("[data-present-voted]")).to_have_text("0")
    crowd(live_vote, [(Group.STAFF, "good")] * 5)
    # Only the number who voted changes while people vote: no reload, no tally.
    expect(page.locator("[data-present-voted]")).to_have_text("5", timeout=POLL_WAIT_MS)
    expect(page.locator("[data-present-tally]")).to_have_count(0)

    page.keyboard.press("r")
    expect(page.locator("[data-present-tally]")).to_be_visible()
    expect(page.locator("[data-present-status]")).to_have_text(
        "The votes on this domain are shown.")
    expect(page.get_by_role("button", name="Hide the votes")).to_be_visible()
    assert LiveVote.objects.get().revealed

    page.keyboard.press("n")
    expect(page.get_by_text("Domain 2 of 6")).to_be_visible()
    expect(page.locator("[data-present-status]")).to_have_text("Domain 2 is on the screen.")
    expect(page.locator("[data-present-tally]")).to_have_count(0)
    assert LiveVote.objects.get().current_domain.number == 2

    # The control buttons are reachable by keyboard, too.
    page.get_by_role("button", name="Show the votes").focus()
    page.keyboard.press("Enter")
    expect(page.locator("[data-present-tally]")).to_be_visible()

    page.keyboard.press("e")  # End asks "Are you sure?" first
    expect(page.get_by_role("heading", name="Are you sure you want to end the vote?")
           ).to_be_visible()
    assert LiveVote.objects.get().is_open
    assert errors() == []


def test_presentation_mode_without_javascript(page_nojs, live_server, facilitator, live_vote):
    page_nojs.set_default_timeout(TIMEOUT_MS)
    page_nojs.set_viewport_size({"width": 1280, "height": 720})
    signed_in(page_nojs, live_server, facilitator)
    page_nojs.goto(present_url(live_vote))
    expect(page_nojs.get_by_text("Domain 1 of 6")).to_be_visible()
    page_nojs.get_by_role("button", name="Next domain").click()
    expect(page_nojs.get_by_text("Domain 2 of 6")).to_be_visible()
    live_vote_move(live_vote=live_vote, domain=Domain.objects.get(number=4))
    page_nojs.get_by_role("link", name="Refresh").click()
    expect(page_nojs.get_by_text("Domain 4 of 6")).to_be_visible()
    page_nojs.get_by_role("button", name="Show the votes").click()
    expect(page_nojs.locator("[data-present-tally]")).to_be_visible()
