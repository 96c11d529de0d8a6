"""A live vote in real Chromium: the facilitator's screen on the projector and three phones.

The facilitator starts a vote and keeps the screen open; three phones (their own browser
contexts) type the code, say which group they are in and vote; the screen's tally changes in
place, with no reload, and says "Fewer than 5 people" in words wherever too few people
voted to show numbers (DESIGN §5). The facilitator moves on and a phone follows by itself.
Then every page is checked with axe-core at 1280 and 320 px, and the no-JavaScript path
(links instead of polling) is walked through.
"""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from evaluations.models import Group, LiveVote, Vote
from evaluations.services.live_votes import (
    live_vote_close_domain,
    live_vote_end,
    live_vote_start,
    participant_join,
    vote_cast,
)
from tests.factories import EvaluationFactory, WorkshopFactory, small_framework

from .conftest import _new_page, close_context, signed_in, watch_for_errors
from .helpers import POLL_WAIT_MS, Checker

# Every test here casts many votes from one machine.
pytestmark = pytest.mark.usefixtures("many_votes_allowed")


@pytest.fixture
def workshop(live_server, council):
    from domains.models import Domain

    small_framework(domains=3, questions=1)
    for number in (1, 2, 3):  # phones ask with each domain's Easy Read title
        Domain.objects.filter(number=number).update(
            easy_read_summary=f"This part is about thing {number}. It is good to have.")
    evaluation = EvaluationFactory(council=council, title="Better Lives 2026")
    return WorkshopFactory(evaluation=evaluation, title="Spring workshop",
                           held_on=datetime.date(2026, 5, 1), place="",
                           attended_lived_experience=0, attended_family_carers=0,
                           attended_staff=0, attended_partners=0)


def workshop_kwargs(workshop):
    return {"council_slug": workshop.evaluation.council.slug, "pk": workshop.evaluation_id,
            "workshop_pk": workshop.pk}


def screen_url(live_vote):
    return reverse("evaluations:vote_screen", kwargs={
        **workshop_kwargs(live_vote.workshop), "vote_pk": live_vote.pk})


def start_from_workshop_page(page, workshop):
    """Start a vote with the button in the workshop page's live votes panel."""
    page.goto(reverse("evaluations:workshop", kwargs=workshop_kwargs(workshop)))
    expect(page.get_by_role("heading", name="Live votes")).to_be_visible()
    page.get_by_role("button", name="Start a live vote").click()
    page.wait_for_url(re.compile(r"/votes/\d+/$"))
    return LiveVote.objects.get()


def phone_joins(browser, live_server, code, group_label, *, javascript=True):
    context, phone = _new_page(browser, live_server, java_script_enabled=javascript)
    errors = watch_for_errors(phone) if javascript else None
    phone.goto("/s/")
    phone.get_by_label("Enter your code").fill(f"{code[:3].lower()} {code[3:]}")
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_role("heading", name="Which group are you in?")).to_be_visible()
    phone.get_by_label(group_label).check()
    phone.get_by_role("button", name="Continue").click()
    phone.wait_for_url(f"**/v/{code}/vote/")
    return context, phone, errors


def more_votes(live_vote, group, choices):
    """People voting on the room's domain without a browser each, to make up numbers."""
    domain = LiveVote.objects.get(pk=live_vote.pk).current_domain
    for choice in choices:
        vote_cast(participant=participant_join(live_vote=live_vote, group=group),
                  domain=domain, choice=choice)


def follow_goto(phone, url):
    """Go to `url` on a phone whose page follows the vote by itself: when the facilitator
    changes the vote, the phone may already be navigating, which interrupts goto."""
    for _attempt in range(3):
        try:
            phone.goto(url)
            return
        except PlaywrightError as error:
            if "interrupted by another navigation" not in str(error):
                raise
            phone.wait_for_load_state()
    phone.goto(url)


def phone_votes(phone, face):
    phone.get_by_label(face, exact=True).check()
    phone.get_by_role("button", name="Send my vote").click()
    expect(phone.get_by_role("heading", name="Thank you — your vote is counted")).to_be_visible()


def test_facilitator_runs_a_live_vote_with_three_phones(browser, live_server, page,
                                                        facilitator, workshop):
    errors = watch_for_errors(page)
    signed_in(page, live_server, facilitator)
    live_vote = start_from_workshop_page(page, workshop)
    code = live_vote.code
    expect(page.locator(".bl-projector__code")).to_have_text(re.compile(
        rf"{code[:3]} {code[3:]}"))
    expect(page.get_by_role("heading", name="How well are we doing on Domain title 1?")
           ).to_be_visible()
    expect(page.get_by_text("update by themselves every few seconds")).to_be_visible()
    page.evaluate("window.__stillTheSamePage = true")
    navigations = page.evaluate("performance.getEntriesByType('navigation').length")

    phones = []
    for group_label, face in [("I have a learning disability", "Good"),
                              ("I am a family carer", "Good"),
                              ("I work for the council", "Not good")]:
        context, phone, phone_errors = phone_joins(browser, live_server, code, group_label)
        expect(phone.get_by_role("heading", name="This part is about thing 1. How is it going?")
               ).to_be_visible()
        phone_votes(phone, face)
        phones.append((context, phone, phone_errors))

    # The screen catches up by itself: nobody touches it. Three people are fewer than five:
    # the screen says so in words, and no count of how anyone voted is on the page.
    expect(page.locator("[data-tally-voted]")).to_have_text("3", timeout=POLL_WAIT_MS)
    expect(page.locator("[data-tally-joined]")).to_have_text("3")
    expect(page.get_by_text("Fewer than 5 people have voted Good, Not sure or Not good")
           ).to_be_visible()
    expect(page.locator('[data-tally-face="good"]')).to_have_text("")
    expect(page.locator('[data-tally-note="family_carers"]')).to_have_text(
        "Fewer than 5 people")
    expect(page.locator('[data-tally-cell="family_carers:good"]')).to_be_hidden()
    expect(page.locator('[data-tally-cell="family_carers:good"]')).to_have_text("")
    expect(page.locator('[data-tally-cell="family_carers:joined"]')).to_have_text("1")
    assert page.evaluate("window.__stillTheSamePage") is True
    assert page.evaluate("performance.getEntriesByType('navigation').length") == navigations
    assert Vote.objects.count() == 3

    # Four more staff: the room shows, but staff alone would give away the two people
    # hidden in the other groups (the room minus staff), so staff hide too.
    more_votes(live_vote, Group.STAFF, ["good"] * 4)
    expect(page.locator('[data-tally-face="good"]')).to_have_text("6", timeout=POLL_WAIT_MS)
    expect(page.get_by_text("Fewer than 5 people have voted Good, Not sure or Not good")
           ).to_be_hidden()
    expect(page.locator('[data-tally-face="not_good"]')).to_have_text("1")
    expect(page.locator('[data-tally-note="staff"]')).to_have_text(
        "Not shown, to keep a smaller group’s votes private")
    expect(page.locator('[data-tally-cell="staff:good"]')).to_be_hidden()
    expect(page.locator('[data-tally-cell="staff:good"]')).to_have_text("")

    # Three more people with lived experience: the hidden groups hold five people together,
    # so staff show; the smaller groups keep their words.
    more_votes(live_vote, Group.LIVED_EXPERIENCE, ["not_sure"] * 3)
    expect(page.locator('[data-tally-cell="staff:good"]')).to_have_text(
        "4", timeout=POLL_WAIT_MS)
    expect(page.locator('[data-tally-face="not_sure"]')).to_have_text("3")
    expect(page.locator('[data-tally-cell="staff:not_good"]')).to_have_text("1")
    expect(page.locator('[data-tally-cell="staff:total"]')).to_have_text("5")
    expect(page.locator('[data-tally-note="staff"]')).to_be_hidden()
    expect(page.locator('[data-tally-note="lived_experience"]')).to_have_text(
        "Fewer than 5 people")
    expect(page.locator('[data-tally-cell="lived_experience:not_sure"]')).to_be_hidden()
    assert page.evaluate("window.__stillTheSamePage") is True

    # A change of mind replaces the vote, and the screen shows it.
    _, first_phone, _ = phones[0]
    first_phone.get_by_role("link", name="Change my vote").click()
    phone_votes(first_phone, "Not sure")
    expect(page.locator('[data-tally-face="good"]')).to_have_text("5", timeout=POLL_WAIT_MS)
    expect(page.locator('[data-tally-face="not_sure"]')).to_have_text("4")
    expect(page.locator("[data-tally-voted]")).to_have_text("10")
    assert page.evaluate("window.__stillTheSamePage") is True
    assert page.evaluate("performance.getEntriesByType('navigation').length") == navigations

    # The facilitator moves the room; the phones follow on their own.
    page.get_by_role("button", name="Next domain").click()
    expect(page.get_by_role("heading", name="How well are we doing on Domain title 2?")
           ).to_be_visible()
    expect(page.locator("[data-tally-voted]")).to_have_text("0")
    for _, phone, _ in phones[:2]:
        expect(phone.get_by_role("heading", name="This part is about thing 2. How is it going?")
               ).to_be_visible(timeout=POLL_WAIT_MS)
    _, second_phone, _ = phones[1]
    phone_votes(second_phone, "I don't want to say")
    expect(page.locator("[data-tally-voted]")).to_have_text("1", timeout=POLL_WAIT_MS)
    expect(page.locator('[data-tally-note="family_carers"]')).to_have_text(
        "Fewer than 5 people")
    expect(page.locator('[data-tally-cell="family_carers:no_say"]')).to_have_text("")

    # The end: phones say thank you.
    page.get_by_role("link", name="End the vote").click()
    page.get_by_role("button", name="Yes, end the vote").click()
    expect(page.get_by_text("This vote has ended.")).to_be_visible()
    _, third_phone, _ = phones[2]
    expect(third_phone.get_by_role("heading", name="This vote has ended")).to_be_visible(
        timeout=POLL_WAIT_MS)

    assert errors() == []
    for context, _, phone_errors in phones:
        assert phone_errors() == []
        close_context(context)
    assert Vote.objects.count() == 11


def test_live_vote_pages_are_accessible(browser, live_server, page, facilitator, workshop):
    signed_in(page, live_server, facilitator)
    check = Checker(page)
    page.goto(reverse("evaluations:vote_start", kwargs=workshop_kwargs(workshop)))
    check("start a live vote")
    page.get_by_role("button", name="Start the live vote").click()
    page.wait_for_url(re.compile(r"/votes/\d+/$"))
    live_vote = LiveVote.objects.get()
    check("the vote screen, too few votes to show")
    for n, group in enumerate(Group.values * 2):
        participant = participant_join(live_vote=live_vote, group=group)
        vote_cast(participant=participant, domain=live_vote.current_domain,
                  choice=["good", "not_sure", "not_good", "no_say"][n % 4])
    more_votes(live_vote, Group.STAFF, ["good"] * 3)  # staff show, the others do not
    more_votes(live_vote, Group.LIVED_EXPERIENCE, ["good"])
    page.reload()
    expect(page.locator('[data-tally-cell="staff:total"]')).to_have_text("5")
    expect(page.locator('[data-tally-note="partners"]')).to_have_text("Fewer than 5 people")
    check("the vote screen")
    page.goto(reverse("evaluations:workshop", kwargs=workshop_kwargs(workshop)))
    expect(page.get_by_text("Live vote started")).to_be_visible()
    check("the workshop page with its live votes")

    context, phone = _new_page(browser, live_server)
    phone_check = Checker(phone)
    phone.goto(f"/v/{live_vote.code}/")
    phone_check("join: which group", radios=True)
    phone.get_by_role("button", name="Continue").click()
    phone_check("join: no group chosen", radios=True)
    phone.get_by_label("I work for another service").check()
    phone.get_by_role("button", name="Continue").click()
    phone_check("vote", radios=True)
    phone.get_by_role("button", name="Send my vote").click()
    expect(phone.get_by_text("Choose a face, then press Send my vote").first).to_be_visible()
    phone_check("vote: no face chosen", radios=True)
    phone_votes(phone, "Good")
    phone_check("thank you")

    live_vote_close_domain(live_vote=live_vote, domain=live_vote.current_domain)
    follow_goto(phone, f"/v/{live_vote.code}/vote/")
    phone_check("voting closed on this question")
    page.goto(screen_url(live_vote))
    check("the vote screen, domain closed")

    page.get_by_role("link", name="End the vote").click()
    check("end the vote: are you sure")
    page.get_by_role("button", name="Yes, end the vote").click()
    check("the vote screen, ended")
    follow_goto(phone, f"/v/{live_vote.code}/vote/")
    phone_check("this vote has ended")
    close_context(context)

    check.assert_all_passed()
    phone_check.assert_all_passed()


FOCUSED = "() => [document.activeElement.name || '', document.activeElement.value || '']"


def tab_to(page, name, most=40):
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED)[0] == name:
            return
    pytest.fail(f"No {name} field got focus ({page.url})")


def test_phone_with_the_keyboard_only(page, live_server, workshop):
    live_vote = live_vote_start(workshop=workshop)
    page.goto(f"/v/{live_vote.code}/")
    tab_to(page, "group")
    page.keyboard.press("ArrowDown")  # the second group: family carers
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/v/{live_vote.code}/vote/")
    tab_to(page, "choice")
    page.keyboard.press("Space")
    assert page.evaluate(FOCUSED) == ["choice", "good"]
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Thank you — your vote is counted")).to_be_visible()
    vote = Vote.objects.get()
    assert (vote.choice, vote.participant.group) == ("good", Group.FAMILY_CARERS)


def test_live_vote_without_javascript(browser, live_server, page_nojs, facilitator, workshop):
    """No polling: the facilitator's Refresh link and the phone's Next question link."""
    live_vote = live_vote_start(workshop=workshop)
    signed_in(page_nojs, live_server, facilitator)
    page_nojs.goto(screen_url(live_vote))
    expect(page_nojs.locator("[data-tally-voted]")).to_have_text("0")
    expect(page_nojs.get_by_text("update by themselves")).to_be_hidden()

    context, phone, _ = phone_joins(browser, live_server, live_vote.code, "I am a family carer",
                                    javascript=False)
    phone_votes(phone, "Not sure")

    page_nojs.get_by_role("link", name="Refresh the tally").click()
    expect(page_nojs.locator("[data-tally-voted]")).to_have_text("1")
    expect(page_nojs.get_by_role("row", name="Family carers")).to_contain_text(
        "Fewer than 5 people")
    expect(page_nojs.locator('[data-tally-cell="family_carers:not_sure"]')).to_be_hidden()
    expect(page_nojs.locator('[data-tally-cell="family_carers:not_sure"]')).to_have_text("")
    more_votes(live_vote, Group.STAFF, ["good"] * 5)  # five staff, four more people hidden
    more_votes(live_vote, Group.LIVED_EXPERIENCE, ["not_good"] * 4)
    page_nojs.get_by_role("link", name="Refresh the tally").click()
    expect(page_nojs.locator('[data-tally-cell="staff:good"]')).to_have_text("5")
    expect(page_nojs.locator('[data-tally-face="good"]')).to_have_text("5")

    # Without JavaScript the phone waits for the person to ask for the next question.
    phone.get_by_role("link", name="Next question").click()
    expect(phone.get_by_role("heading", name="Thank you — your vote is counted")).to_be_visible()
    page_nojs.get_by_role("button", name="Next domain").click()
    expect(page_nojs.get_by_role("heading", name="How well are we doing on Domain title 2?")
           ).to_be_visible()
    phone.get_by_role("link", name="Next question").click()
    expect(phone.get_by_role("heading", name="This part is about thing 2. How is it going?")
           ).to_be_visible()
    phone_votes(phone, "Good")

    live_vote_end(live_vote=LiveVote.objects.get())
    phone.get_by_role("link", name="Next question").click()
    expect(phone.get_by_role("heading", name="This vote has ended")).to_be_visible()
    close_context(context)
    assert Vote.objects.count() == 11
