"""Trying a survey in Chromium: from the survey page, through the Easy Read survey with its
"test" banner, to Stop trying. Each page passes axe (WCAG 2.2 A/AA) and reflows at 320 px."""

from django.urls import reverse

from evaluations.models import Response

from .conftest import assert_no_axe_violations, assert_reflows, signed_in


def check(page, failures, name):
    for checker in (assert_no_axe_violations, assert_reflows):
        try:
            checker(page)
        except AssertionError as failure:
            failures.append(f"[{name}] {failure}")


def test_trying_a_survey_is_accessible_and_stops_cleanly(page, live_server, lived_survey,
                                                         facilitator):
    failures = []
    signed_in(page, live_server, facilitator)
    survey_page = lived_survey.get_manage_url()
    page.goto(survey_page)
    check(page, failures, "survey page")
    page.get_by_role("button", name="Try this survey").click()
    page.wait_for_url(f"**/s/{lived_survey.token}/")
    banner = page.get_by_role("region", name="Test")
    assert "Your answers are a test. They are not counted." in banner.inner_text()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Start").click()
    page.wait_for_url(f"**/s/{lived_survey.token}/q/1/")
    check(page, failures, "question while trying")
    page.get_by_label("Good", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**/s/{lived_survey.token}/q/2/")
    assert Response.with_practice.get(survey=lived_survey).practice

    page.get_by_role("button", name="Stop trying").click()
    page.wait_for_url(f"**{survey_page}")
    assert "There is 1 test response." in page.content()
    page.goto(reverse("surveys:welcome", args=[lived_survey.token]))
    assert page.get_by_role("region", name="Test").count() == 0
    assert page.get_by_role("button", name="Start").count() == 1  # nothing to carry on
    assert not failures, "\n\n".join(failures)
