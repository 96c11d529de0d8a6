"""Every page a respondent can see passes axe-core's WCAG 2.2 A/AA rules at 1280 and at
320 CSS px, reflows at 320 px (no sideways scrolling) and has answers at least 44 px tall.

Each test walks through the pages as a person would, checking each page on the way, and
reports every failing page at once.
"""

from evaluations.services.surveys import survey_close

from .helpers import Checker


def continue_button(page):
    return page.get_by_role("button", name="Continue")


def test_easy_read_pages_are_accessible(page, live_server, lived_survey):
    check = Checker(page)
    token = lived_survey.token

    page.goto(f"/s/{token}/")
    check("choose your language", radios=True)
    # Words in Welsh are marked as Welsh, so screen readers say them right (WCAG 3.1.2).
    assert page.locator("#language-hint").get_attribute("lang") == "cy"
    assert page.locator("label[for=id_language-1]").get_attribute("lang") == "cy"
    continue_button(page).click()
    page.wait_for_url(f"**/s/{token}/welcome/")
    check("welcome, Easy Read")

    page.get_by_role("button", name="Start").click()
    page.wait_for_url(f"**/s/{token}/q/1/")
    assert page.locator(".bl-face").count() == 4
    check("question, Easy Read with faces", radios=True)

    comment = page.get_by_label("Tell us more (you do not have to)")
    comment.fill("x" * 501)
    continue_button(page).click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    assert page.url.endswith(f"/s/{token}/q/1/")
    assert "You have written 501" in page.locator("#id_comment-error").inner_text()
    check("question with an error", radios=True)

    comment.fill("")
    page.get_by_label("Good", exact=True).check()
    page.get_by_role("button", name="Stop for now").click()
    page.wait_for_url(f"**/s/{token}/stop/")
    check("stop for now")

    page.goto(f"/s/{token}/helped/")
    check("someone helped me", radios=True)
    continue_button(page).click()
    page.wait_for_url(f"**/s/{token}/check/")
    check("check your answers")

    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_url(f"**/s/{token}/sent/")
    check("answers sent")

    assert len(check.checked) == 8
    check.assert_all_passed()


def test_carers_closed_and_code_pages_are_accessible(page, live_server, carer_survey):
    check = Checker(page)
    token = carer_survey.token

    page.goto(f"/s/{token}/")
    continue_button(page).click()
    page.wait_for_url(f"**/s/{token}/welcome/")
    check("welcome, family carers")
    page.get_by_role("button", name="Start").click()
    page.wait_for_url(f"**/s/{token}/q/1/")
    assert page.get_by_label("Yes, all the time").count() == 1
    check("question, four-point scale", radios=True)

    survey_close(survey=carer_survey)
    page.get_by_label("Mostly").check()
    continue_button(page).click()
    page.get_by_role("heading", name="This survey is closed").wait_for()
    check("survey closed")

    page.goto("/s/")
    check("enter your code")
    continue_button(page).click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    check("enter your code, with an error")
    page.get_by_label("Enter your code").fill("qqqq qqqq")
    with page.expect_response(lambda reply: reply.request.method == "POST") as reply:
        continue_button(page).click()
    assert reply.value.status == 404
    page.get_by_role("heading", name="This link does not work").wait_for()
    check("code not found")

    assert len(check.checked) == 6
    check.assert_all_passed()
