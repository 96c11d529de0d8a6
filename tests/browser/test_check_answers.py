"""Check your answers on a phone: each answer on one compact row, with its face on Easy
Read surveys, so that at 320×640 a person sees several answers per screen."""

from evaluations.models import Answer, Choice, Response
from evaluations.selectors.surveys import survey_items

from .conftest import NARROW, assert_no_axe_violations, assert_reflows

# Answer rows wholly on screen once the heading has been scrolled to the top.
ROWS_ON_SCREEN = """() => {
  document.querySelector("h1").scrollIntoView({block: "start"});
  const height = window.innerHeight;
  return [...document.querySelectorAll(".bl-answer")].filter((row) => {
    const box = row.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= height;
  }).length;
}"""

EASY_READ_ANSWERS = [Choice.GOOD, Choice.NOT_SURE, "", Choice.NOT_GOOD, Choice.NO_SAY]


def answered(page, survey, choices, *, comment_on=None):
    """Start the survey in the browser, then give its answers (stored directly)."""
    page.goto(f"/s/{survey.token}/")
    page.get_by_label("English").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Start").click()
    page.wait_for_url(f"**/s/{survey.token}/q/1/")
    # The first saved answer makes the response.
    page.locator('input[name="choice"]').first.check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**/s/{survey.token}/q/2/")
    response = Response.objects.get(survey=survey)
    items = survey_items(survey)
    for number, item in enumerate(items, start=1):
        choice = choices[(number - 1) % len(choices)]
        comment = "I choose my own food" if number == comment_on else ""
        Answer.objects.update_or_create(response=response, item=item,
                                        defaults={"choice": choice, "comment": comment})
    Response.objects.filter(pk=response.pk).update(helped=True)
    return items


def test_easy_read_answers_with_faces_several_per_screen(page, live_server, lived_survey):
    items = answered(page, lived_survey, EASY_READ_ANSWERS, comment_on=2)
    page.set_viewport_size(NARROW)
    page.goto(f"/s/{lived_survey.token}/check/")

    rows = page.locator(".bl-answer")
    assert rows.count() == len(items) + 1
    first = rows.nth(0)
    assert first.locator(".bl-answer__question").inner_text() == items[0].text
    assert first.locator(".bl-answer__words").inner_text() == "Good"
    assert "images/faces/good.svg" in first.locator("img.bl-answer__face").get_attribute("src")
    assert "images/faces/not-sure.svg" in rows.nth(1).locator("img").get_attribute("src")
    assert "I choose my own food" in rows.nth(1).inner_text()
    assert rows.nth(2).locator("img").count() == 0  # skipped: no face
    assert rows.nth(2).locator(".bl-answer__words").inner_text() == "Skipped"
    change = rows.nth(3).get_by_role("link", name="Change your answer to question 4")
    assert change.get_attribute("href").endswith(f"/s/{lived_survey.token}/q/4/?from=check")

    on_screen = page.evaluate(ROWS_ON_SCREEN)
    assert on_screen >= 3, f"only {on_screen} answers fit on a 320×640 screen"
    page.evaluate("window.scrollTo(0, 0)")

    assert_no_axe_violations(page)
    assert_reflows(page)


def test_plain_english_answers_are_words_only(page, live_server, carer_survey):
    items = answered(page, carer_survey, [Choice.MOSTLY, Choice.SOMETIMES, ""])
    page.set_viewport_size(NARROW)
    page.goto(f"/s/{carer_survey.token}/check/")

    rows = page.locator(".bl-answer")
    assert rows.count() == len(items) + 1
    assert page.locator(".bl-answers img").count() == 0
    assert rows.nth(0).locator(".bl-answer__words").inner_text() == "Mostly"
    on_screen = page.evaluate(ROWS_ON_SCREEN)
    assert on_screen >= 3, f"only {on_screen} answers fit on a 320×640 screen"
    assert_no_axe_violations(page)
    assert_reflows(page)
