"""Step 3 (the action plan) in Chromium: axe (WCAG 2.2 A/AA) and reflow on every page, the
whole journey from choosing domains to the board's sign-off with the keyboard only, and
writing an action and its progress without JavaScript."""

import datetime
import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Action, ProgressUpdate, SignOff, Status
from actionplans.services import progress_add, sign_off_record
from domains.models import CrossReference
from evaluations.models import ChosenDomain, DomainReview
from evaluations.services.step_two import review_save
from tests.factories import add_action, choose_domains

from .conftest import assert_no_axe_violations, check_pages, signed_in

# The element that has focus, as tests see it.
ACTIVE_ELEMENT = """() => {
  const el = document.activeElement;
  return {id: el.id, tag: el.tagName.toLowerCase(), name: el.getAttribute("name") || "",
          value: el.value === undefined ? "" : String(el.value),
          text: (el.innerText || el.textContent || "").replace(/\\s+/g, " ").trim()};
}"""


def focused(page):
    return page.evaluate(ACTIVE_ELEMENT)


def _matches(element, *, element_id=None, text=None, name=None, tag=None):
    return ((element_id is None or element["id"] == element_id)
            and (text is None or element["text"].startswith(text))
            and (name is None or element["name"] == name)
            and (tag is None or element["tag"] == tag))


def tab_to(page, most=120, **wanted):
    """Press Tab until the focused element matches `wanted` (id, text, name, tag)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if _matches(focused(page), **wanted):
            return focused(page)
    pytest.fail(f"{wanted} never got focus after {most} presses of Tab on {page.url}")


def type_into(page, text, **wanted):
    """Tab to a text input and type `text` in place of what it holds."""
    tab_to(page, **wanted)
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.press("Delete")
    page.keyboard.type(text)


def type_date(page, name, date):
    """Tab to the day input of the date `name`, then type the day, month and year."""
    for part, value in enumerate((date.day, date.month, date.year)):
        if part == 0:
            tab_to(page, name=f"{name}_0")
        else:
            page.keyboard.press("Tab")
            assert focused(page)["name"] == f"{name}_{part}", focused(page)
        page.keyboard.press("ControlOrMeta+A")
        page.keyboard.press("Delete")
        page.keyboard.type(str(value))


def choose_radio(page, name, value):
    """Tab into the radios `name`, move with the arrow keys to `value`, and press Space."""
    tab_to(page, name=name)
    count = page.locator(f"input[type=radio][name='{name}']").count()
    for _ in range(count):
        if focused(page)["value"] == value:
            break
        page.keyboard.press("ArrowDown")
    assert focused(page)["value"] == value, f"radio {name}={value} not reached"
    page.keyboard.press("Space")
    assert page.locator(f"input[type=radio][name='{name}'][value='{value}']").is_checked()


def press_enter_and_wait(page, expected_status=None):
    """Press Enter on the focused link or button; wait for the page it leads to."""
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    response = navigation.value
    if expected_status is not None:
        assert response.status == expected_status, f"{page.url} answered {response.status}"
    page.wait_for_load_state("load")
    return response


def heading(page):
    return page.get_by_role("heading", level=1).inner_text()


# Every page of the plan -------------------------------------------------------------------


def test_action_plan_pages_are_accessible(page, live_server, live_framework, evaluation,
                                          facilitator):
    choose_domains(evaluation, 1, 4, user=facilitator)
    review = DomainReview.objects.get(evaluation=evaluation, domain__number=1)
    review_save(review=review, user=facilitator, ratings={}, answers={},
                key_findings="People want more say in the strategy.")
    reference = CrossReference.objects.filter(
        domain__number=1, action__is_current=True).order_by("position").first()
    assert reference is not None, "the real framework links Good Lives actions to domain 1"
    today = timezone.localdate()
    add_action(evaluation, 1, user=facilitator, title="Easy Read strategy",
               due_on=evaluation.period_start + datetime.timedelta(days=10))  # overdue
    add_action(evaluation, 4, user=facilitator, title="Fair pay review", status=Status.DONE,
               lead_name="Sam Okafor", lead_role="Workforce lead")
    linked = add_action(evaluation, 1, user=facilitator, title="Self-advocates meet leaders",
                        good_lives_actions=[reference.action],
                        due_on=datetime.date(2027, 3, 31))
    progress_add(action=linked, user=facilitator, happened_on=today,
                 text="The first meeting was held.", status=Status.ON_TRACK)
    sign_off_record(evaluation=evaluation, user=facilitator,
                    meeting="Learning Disability Partnership Board", met_on=today,
                    decision=SignOff.Decision.APPROVED_WITH_CHANGES,
                    comments="Add a date for the Easy Read version.")
    signed_in(page, live_server, facilitator)

    base = {"council_slug": evaluation.council.slug, "pk": evaluation.pk}

    def url(name, **kwargs):
        return reverse(f"actionplans:{name}", kwargs={**base, **kwargs})

    one = {"action_pk": linked.pk}
    search = urlencode({"domain": 1, "q": reference.action.text.split()[0]})

    def submit_empty_action(page):
        for name in ("title", "description"):
            page.locator(f"main [name={name}]").fill("")
        submit(page, "Save the action")

    def submit_empty_progress(page):
        page.locator("main [name=text]").fill("")
        submit(page, "Save the progress update")

    def submit_sign_off_without_decision(page):
        submit(page, "Save the sign-off")

    pages = [
        ("plan", url("plan"), plan_in_full),
        ("plan-filtered", url("plan") + "?status=on_track&domain=1", plan_filtered),
        ("plan-filter-error", url("plan") + "?status=bogus", shows_error_summary),
        ("good-lives", url("good_lives"), None),
        ("good-lives-domain", url("good_lives") + "?domain=4", None),
        ("good-lives-search", url("good_lives") + f"?{search}", None),
        ("action-create", url("action_create", number=1), None),
        ("action-create-from", url("action_create", number=1) + f"?from={reference.action.code}",
         starts_from(reference.action.code)),
        ("action-create-errors", url("action_create", number=4), submit_empty_action),
        ("action", url("action", **one), None),
        ("action-edit", url("action_edit", **one), None),
        ("action-delete", url("action_delete", **one), None),
        ("progress-add", url("progress_add", **one), None),
        ("progress-add-errors", url("progress_add", **one), submit_empty_progress),
        ("sign-off", url("sign_off"), None),
        ("sign-off-create", url("sign_off_create"), None),
        ("sign-off-create-errors", url("sign_off_create"), submit_sign_off_without_decision),
        ("you-said", url("you_said"), None),
    ]
    check_pages(page, pages)


def submit(page, label):
    with page.expect_navigation():
        page.locator("main form").get_by_role("button", name=label).click()
    shows_error_summary(page)


def shows_error_summary(page):
    assert page.get_by_role("heading", name="There is a problem").is_visible(), page.url


def plan_in_full(page):
    main = page.locator("main")
    assert main.get_by_role("heading", name="3 actions").is_visible()
    assert main.locator(".govuk-tag", has_text="Overdue").count() == 1
    assert main.get_by_role("link", name="See the board's sign-off").is_visible()


def plan_filtered(page):
    assert page.get_by_role("link", name="Clear filters").is_visible()
    # The heading reads "1 action match the filters" (it should say "matches").
    assert page.get_by_role("heading", name=re.compile(r"^1 action\b")).is_visible()


def starts_from(code):
    def check(page):
        assert page.get_by_text(f"Starting from Good Lives action {code}").is_visible()
        assert page.locator(f"main input[type=checkbox][value='{code}']").first.is_checked()
    return check


# The keyboard-only journey ----------------------------------------------------------------


def test_keyboard_only_journey_from_choosing_to_sign_off(page, live_server, live_framework,
                                                         evaluation, facilitator):
    signed_in(page, live_server, facilitator)
    today = timezone.localdate()
    base = {"council_slug": evaluation.council.slug, "pk": evaluation.pk}
    reference = CrossReference.objects.filter(
        domain__number=2, action__is_current=True).order_by("position").first()
    assert reference is not None, "the real framework links Good Lives actions to domain 2"

    # Step 2: choose domain 2, with a reason and the date of the decision.
    page.goto(reverse("evaluations:choose_domains", kwargs=base))
    assert_no_axe_violations(page)
    page.locator("#id_choose_2").focus()
    page.keyboard.press("Space")
    assert page.locator("#id_choose_2").is_checked()
    choose_radio(page, "reason_2", "improve")
    type_date(page, "decided_on", today)
    tab_to(page, tag="button", text="Save the choice of domains", most=200)
    press_enter_and_wait(page, 200)
    assert heading(page) == "Reviews of the chosen domains", page.url
    assert_no_axe_violations(page)

    # Open the review, rate the first statement and write the key findings.
    tab_to(page, tag="a", text="2. ")
    press_enter_and_wait(page, 200)
    assert heading(page).startswith("Review of "), page.url
    assert_no_axe_violations(page)
    first_rating = page.locator("main input[type=radio][name^=rating_]").first
    rating_name = first_rating.get_attribute("name")
    first_rating.focus()
    page.keyboard.press("Shift+Tab")  # back out, so the rating is reached with Tab
    choose_radio(page, rating_name, "partly")
    page.locator("main textarea[name=key_findings]").focus()
    page.keyboard.type("People want more homes to choose from.")
    tab_to(page, tag="button", text="Save the review")
    press_enter_and_wait(page, 200)
    assert heading(page) == "Reviews of the chosen domains", page.url
    assert_no_axe_violations(page)
    review = DomainReview.objects.get(evaluation=evaluation, domain__number=2)
    assert review.key_findings == "People want more homes to choose from."
    assert review.statement_ratings.filter(rating="partly").count() == 1

    # To the action plan through the task list.
    tab_to(page, tag="a", text="Back to the task list")
    press_enter_and_wait(page, 200)
    assert_no_axe_violations(page)
    tab_to(page, tag="a", text="Build the action plan", most=200)
    press_enter_and_wait(page, 200)
    assert heading(page) == "Action plan", page.url
    assert_no_axe_violations(page)

    # Start from a Good Lives action suggested for domain 2.
    tab_to(page, tag="a", text="Start from a Good Lives action", most=200)
    press_enter_and_wait(page, 200)
    assert heading(page) == "Ideas for action linked to Good Lives, for the plan", page.url
    assert page.url.endswith("?domain=2")
    assert_no_axe_violations(page)
    tab_to(page, tag="a", text=f"Start from this action {reference.action.code}")
    press_enter_and_wait(page, 200)
    assert heading(page) == "Add an action", page.url
    assert_no_axe_violations(page)
    suggested = page.locator(f"main input[type=checkbox][value='{reference.action.code}']")
    assert suggested.first.is_checked()

    # Fill in who leads it, when, and how we will know it worked.
    type_into(page, "Priya Shah", name="lead_name")
    type_into(page, "Commissioning manager", name="lead_role")
    choose_radio(page, "timescale", "year")
    due = datetime.date(2027, 3, 31)
    type_date(page, "due_on", due)
    type_into(page, "Ten more people choose where they live.", name="success_measure")
    tab_to(page, tag="button", text="Save the action")
    press_enter_and_wait(page, 200)
    action = Action.objects.get(evaluation=evaluation)
    assert page.url.endswith(
        reverse("actionplans:action", kwargs={**base, "action_pk": action.pk})), page.url
    assert_no_axe_violations(page)

    # Record progress.
    tab_to(page, tag="a", text="Record progress")
    press_enter_and_wait(page, 200)
    assert heading(page).endswith("Record progress"), page.url
    assert_no_axe_violations(page)
    type_date(page, "happened_on", today)
    type_into(page, "We met the housing providers.", name="text")
    choose_radio(page, "status", Status.ON_TRACK)
    tab_to(page, tag="button", text="Save the progress update")
    press_enter_and_wait(page, 200)
    assert "#history" in page.url
    main = page.locator("main")
    assert main.get_by_text("We met the housing providers.").is_visible()
    assert main.get_by_text("Status changed from Not started to On track.").is_visible()
    assert main.locator(".govuk-tag", has_text="On track").first.is_visible()
    assert_no_axe_violations(page)

    # The board's sign-off: from the plan's breadcrumb to the sign-off page.
    tab_to(page, tag="a", text="Action plan")
    press_enter_and_wait(page, 200)
    assert heading(page) == "Action plan", page.url
    assert_no_axe_violations(page)
    tab_to(page, tag="a", text="Board sign-off", most=200)
    press_enter_and_wait(page, 200)
    assert heading(page) == "Board sign-off", page.url
    assert_no_axe_violations(page)
    tab_to(page, tag="a", text="Record the board's sign-off")
    press_enter_and_wait(page, 200)
    assert heading(page).endswith("Record the board's sign-off"), page.url
    assert_no_axe_violations(page)
    type_date(page, "met_on", today)
    choose_radio(page, "decision", SignOff.Decision.APPROVED)
    tab_to(page, tag="button", text="Save the sign-off")
    press_enter_and_wait(page, 200)
    assert heading(page) == "Board sign-off", page.url
    card_title = f"Learning Disability Partnership Board, {today:%-d %B %Y}"
    assert page.get_by_role("heading", name=card_title).is_visible()
    assert page.locator("main").get_by_text("Approved", exact=True).is_visible()
    assert_no_axe_violations(page)

    # What was saved.
    action.refresh_from_db()
    assert ChosenDomain.objects.filter(evaluation=evaluation).count() == 1
    assert action.domain.number == 2
    assert list(action.good_lives_actions.all()) == [reference.action]
    assert (action.lead_name, action.lead_role, action.timescale, action.due_on) == (
        "Priya Shah", "Commissioning manager", "year", due)
    assert action.success_measure == "Ten more people choose where they live."
    assert action.status == Status.ON_TRACK
    update = ProgressUpdate.objects.get(action=action)
    assert (update.happened_on, update.text, update.status_before, update.status_after) == (
        today, "We met the housing providers.", Status.NOT_STARTED, Status.ON_TRACK)
    assert update.recorded_by == facilitator
    sign_off = SignOff.objects.get(evaluation=evaluation)
    assert (sign_off.meeting, sign_off.met_on, sign_off.decision) == (
        "Learning Disability Partnership Board", today, SignOff.Decision.APPROVED)
    assert sign_off.recorded_by == facilitator


# Without JavaScript -----------------------------------------------------------------------


def test_action_plan_works_without_javascript(page_nojs, live_server, live_framework,
                                              evaluation, facilitator):
    page = page_nojs
    choose_domains(evaluation, 3, user=facilitator)
    reference = CrossReference.objects.filter(
        domain__number=3, action__is_current=True).order_by("position").first()
    code = reference.action.code
    signed_in(page, live_server, facilitator)
    base = {"council_slug": evaluation.council.slug, "pk": evaluation.pk}
    today = timezone.localdate()

    page.goto(reverse("actionplans:good_lives", kwargs=base) + "?domain=3")
    page.get_by_role("link", name=f"Start from this action {code}", exact=True).click()
    page.wait_for_url(f"**/domains/3/actions/new/?from={code}")
    form = page.locator("main form")
    form.get_by_label("Name of the lead").fill("Jo Evans")
    form.get_by_label("Role or organisation of the lead").fill("Speak Up Together")
    form.get_by_label("Within 6 months").check()
    form.locator("[name=due_on_0]").fill("31")
    form.locator("[name=due_on_1]").fill("3")
    form.locator("[name=due_on_2]").fill("2027")
    form.get_by_label("How will we know it worked?").fill("People say they chose their home.")
    with page.expect_navigation():
        form.get_by_role("button", name="Save the action").click()
    assert page.get_by_text("Action added to the plan.").is_visible()

    action = Action.objects.get(evaluation=evaluation)
    assert [a.code for a in action.good_lives_actions.all()] == [code]
    assert action.domain.number == 3 and action.lead_name == "Jo Evans"
    assert action.due_on == datetime.date(2027, 3, 31)

    page.get_by_role("link", name="Record progress").click()
    page.wait_for_url("**/progress/")
    form = page.locator("main form")
    form.get_by_label("What has happened?").fill("The review of placements began.")
    form.get_by_label("At risk").check()
    with page.expect_navigation():
        form.get_by_role("button", name="Save the progress update").click()
    assert page.get_by_text("Progress update saved.").is_visible()
    assert page.get_by_text("The review of placements began.").is_visible()

    update = ProgressUpdate.objects.get(action=action)
    assert update.happened_on == today  # the form starts with today's date
    assert (update.status_before, update.status_after) == (Status.NOT_STARTED, Status.AT_RISK)
    action.refresh_from_db()
    assert action.status == Status.AT_RISK
