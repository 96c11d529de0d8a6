"""One tablet passed round a workshop, in real Chromium: each person sees nothing of the
person before them, not even with the browser's Back button.

Every step waits at most the context's default timeout (conftest.TIMEOUT_MS).
"""

import re

from django.urls import reverse

from evaluations.models import Answer, Response
from evaluations.selectors.surveys import survey_items
from evaluations.services.surveys import survey_questions_choose

from .conftest import (
    NARROW,
    _new_page,
    assert_no_axe_violations,
    assert_reflows,
    check_pages,
    close_context,
    signed_in,
)

SECRET = "Nobody at the day centre listens to me"
QUESTIONS = 3


def few_questions(survey):
    items = survey_items(survey)[:QUESTIONS]
    survey_questions_choose(survey=survey, enabled_item_ids=[item.pk for item in items])
    return items


def open_link(page, path):
    """Open the survey link on the tablet and choose English. Ends on the welcome page."""
    page.goto(path)
    assert page.locator("h1").inner_text() == "Choose your language"
    page.get_by_label("English").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/welcome/")


def answer_first_question(page, token):
    page.wait_for_url(f"**/s/{token}/q/1/")
    page.get_by_label("Not good", exact=True).check()
    page.get_by_label("Tell us more (you do not have to)").fill(SECRET)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**/s/{token}/q/2/")


def first_person_stops(page, token, path):
    """Person A starts, answers (with a comment) and stops. Returns their code."""
    open_link(page, path)
    page.get_by_role("button", name="Start").click()
    answer_first_question(page, token)
    page.get_by_label("Good", exact=True).check()
    page.get_by_role("button", name="Stop for now").click()
    page.wait_for_url(f"**/s/{token}/stop/")
    code = page.locator(".bl-code--large").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code), code
    return code


def answer_to_the_end(page, token, start=1):
    for number in range(start, QUESTIONS + 1):
        page.wait_for_url(f"**/s/{token}/q/{number}/")
        page.get_by_label("Good", exact=True).check()
        page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**/s/{token}/helped/")
    page.get_by_label("No, I did it on my own").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**/s/{token}/check/")
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_url(f"**/s/{token}/sent/")
    assert page.locator(".govuk-panel__title").inner_text() == "Your answers have been sent"


# What the page's form fields hold now: the browser may have put values back (Back button).
FIELD_VALUES = """() => [...document.querySelectorAll("textarea, input")]
  .map((field) => field.value).join(" ")"""


def shows_nothing_of(page, code):
    html = page.content() + page.evaluate(FIELD_VALUES)
    assert SECRET not in html, page.url
    assert code not in html and code.replace("-", "") not in html, page.url
    assert page.locator("input[name=choice]:checked").count() == 0, page.url


def back_through_history(page, code, steps):
    """Press Back `steps` times: no page on the way shows anything of the person before."""
    for _ in range(steps):
        if page.go_back() is None:
            break
        page.wait_for_load_state()
        shows_nothing_of(page, code)


def carries_on_elsewhere(browser, live_server, code, token):
    """Person A's code still finds their answers, on another device."""
    context, other = _new_page(browser, live_server)
    try:
        other.goto("/s/")
        other.get_by_label("Enter your code").fill(code)
        other.get_by_role("button", name="Continue").click()
        other.wait_for_url(re.compile(rf".*/s/{token}/(q/\d+|helped)/$"))
        other.goto(f"/s/{token}/check/")
        assert SECRET in other.content()
    finally:
        close_context(context)


def test_a_stops_and_b_starts_on_the_same_tablet(browser, live_server, page, lived_survey):
    few_questions(lived_survey)
    token = lived_survey.token
    code = first_person_stops(page, token, f"/s/{token}/")

    open_link(page, f"/s/{token}/")  # person B, same tablet, same link
    shows_nothing_of(page, code)
    carry_on = page.get_by_role("button", name="Carry on with my answers")
    someone_new = page.get_by_role("button", name="I am someone new")
    assert carry_on.is_visible() and someone_new.is_visible()
    assert carry_on.get_attribute("class") == someone_new.get_attribute("class")
    assert abs(carry_on.bounding_box()["height"] - someone_new.bounding_box()["height"]) < 2
    assert_no_axe_violations(page)
    assert_reflows(page)
    page.set_viewport_size(NARROW)
    try:
        assert carry_on.is_visible() and someone_new.is_visible()
        assert_reflows(page)
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})

    someone_new.click()
    page.wait_for_url(f"**/s/{token}/q/1/")
    shows_nothing_of(page, code)
    assert page.get_by_label("Tell us more (you do not have to)").input_value() == ""
    assert page.locator(".bl-resume-code").count() == 0  # nothing saved for B yet: no code
    back_through_history(page, code, steps=8)

    first = Response.objects.get(survey=lived_survey)  # B has saved nothing, so has none
    assert Answer.objects.filter(response=first).count() == 2
    carries_on_elsewhere(browser, live_server, code, token)


def test_a_sends_and_b_can_still_answer(page, lived_survey):
    few_questions(lived_survey)
    token = lived_survey.token
    open_link(page, f"/s/{token}/")
    page.get_by_role("button", name="Start").click()
    answer_first_question(page, token)
    answer_to_the_end(page, token, start=2)
    code = Response.objects.get(survey=lived_survey).resume_code_display
    back_through_history(page, code, steps=3)

    open_link(page, f"/s/{token}/")  # person B: a fresh start, not "sent"
    shows_nothing_of(page, code)
    assert page.get_by_role("button", name="I am someone new").count() == 0
    page.get_by_role("button", name="Start").click()
    answer_to_the_end(page, token)

    first, second = Response.objects.filter(survey=lived_survey).order_by("pk")
    assert first.is_submitted and second.is_submitted
    assert Answer.objects.get(response=first, comment=SECRET).choice == "not_good"
    assert set(second.answers.values_list("choice", flat=True)) == {"good"}


def test_the_shared_tablet_link(browser, live_server, page, lived_survey):
    """A stops: the stop page shows the code, Finish clears the screen. B sends: Next
    person gives a clean start. Each page passes axe and reflows at 320 px."""
    few_questions(lived_survey)
    token = lived_survey.token
    shared = f"/s/{token}/shared/"
    page.goto(shared)
    assert "Other people will use this screen after you." in page.content()
    assert_no_axe_violations(page)
    assert_reflows(page)

    code = first_person_stops(page, token, shared)
    assert page.get_by_role("button", name="Finish").is_visible()
    assert "Other people will use this screen after you." in page.content()
    assert_no_axe_violations(page)
    assert_reflows(page)
    page.get_by_role("button", name="Finish").click()
    page.wait_for_url(f"**{shared}")
    shows_nothing_of(page, code)
    back_through_history(page, code, steps=4)

    open_link(page, shared)  # person B
    shows_nothing_of(page, code)
    assert page.get_by_role("button", name="I am someone new").count() == 0
    page.get_by_role("button", name="Start").click()
    answer_to_the_end(page, token)
    assert_no_axe_violations(page)
    assert_reflows(page)
    second_code = Response.objects.filter(survey=lived_survey).latest("pk").resume_code_display
    page.get_by_role("link", name="Next person").click()
    page.wait_for_url(f"**{shared}")
    back_through_history(page, second_code, steps=3)

    first, second = Response.objects.filter(survey=lived_survey).order_by("pk")
    assert not first.is_submitted and second.is_submitted
    carries_on_elsewhere(browser, live_server, code, token)


def test_plain_english_pages(page, carer_survey):
    """The same pages for family carers (plain English, no pictures) pass axe and reflow."""
    few_questions(carer_survey)
    token = carer_survey.token
    page.goto(f"/s/{token}/shared/")
    assert "Other people will use this device after you." in page.content()
    assert_no_axe_violations(page)
    assert_reflows(page)
    open_link(page, f"/s/{token}/")
    page.get_by_role("button", name="Start").click()
    page.wait_for_url(f"**/s/{token}/q/1/")
    page.get_by_role("button", name="Stop for now").click()  # nothing saved: no code
    page.wait_for_url(f"**/s/{token}/stop/")
    assert page.locator("h1").inner_text() == "You have not answered any questions yet"
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Carry on now").click()
    page.wait_for_url(f"**/s/{token}/q/1/")
    page.get_by_label("Mostly", exact=True).check()
    page.get_by_role("button", name="Stop for now").click()
    page.wait_for_url(f"**/s/{token}/stop/")
    assert page.locator("h1").inner_text() == "Your answers are saved"
    assert_no_axe_violations(page)
    open_link(page, f"/s/{token}/")
    assert page.get_by_role("button", name="I am someone new").is_visible()
    assert page.get_by_role("button", name="Carry on with my answers").is_visible()
    assert_no_axe_violations(page)
    assert_reflows(page)


def test_the_share_page_offers_the_shared_tablet_link(page, live_server, lived_survey,
                                                     facilitator):
    share = reverse("evaluations:share", kwargs={
        "council_slug": lived_survey.evaluation.council.slug, "pk": lived_survey.evaluation_id,
        "audience": lived_survey.audience})
    signed_in(page, live_server, facilitator)
    check_pages(page, [("share page", share, None)])
    link = page.get_by_label("Link for a shared tablet").input_value()
    assert link == f"{live_server.url}/s/{lived_survey.token}/shared/"
    page.goto(link)
    assert "Other people will use this screen after you." in page.content()
