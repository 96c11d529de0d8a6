"""The public Easy Read "You said, we did" page in Chromium: axe (WCAG 2.2 A/AA) at 1280
and 320 px, reflow at 320 px, without JavaScript too; and the facilitator's pages that
publish it and take it down."""

import datetime

from django.urls import reverse

from actionplans.models import Status
from actionplans.services import you_said_publish
from tests.factories import add_action, choose_domains, make_responses

from .conftest import NARROW, assert_no_axe_violations, check_pages, signed_in


def hearing_back(evaluation, facilitator):
    council = evaluation.council
    council.contact_team = "Learning Disability Team"
    council.contact_phone = "01234 567890"
    council.contact_email = "learning-disability-team@riverside.example.org"
    council.contact_address = "Riverside Town Hall\nHigh Street\nRiverside RS1 1AA"
    council.save()
    choose_domains(evaluation, 1, 4, user=facilitator)
    surveys = {s.audience: s for s in evaluation.surveys.all()}
    make_responses(surveys["lived_experience"], 5, "good")
    make_responses(surveys["family_carers"], 2, "not_yet")  # too few: words only
    make_responses(surveys["staff_partners"], 6, "sometimes")
    add_action(evaluation, 1, user=facilitator, title="Evening travel training",
               easy_read_title="Learn to use the bus at night",
               easy_read_description="We will help you get the bus.\nYou can bring a friend.",
               status=Status.ON_TRACK, due_on=datetime.date(2099, 1, 31))
    add_action(evaluation, 1, user=facilitator, title="Easy Read strategy",
               due_on=evaluation.period_start + datetime.timedelta(days=10))  # late
    add_action(evaluation, 4, user=facilitator, title="Fair pay review", status=Status.DONE)
    you_said_publish(evaluation=evaluation, user=facilitator,
                     next_update_on=datetime.date(2099, 3, 31))
    return surveys["lived_experience"]


def test_public_page_is_accessible(page, live_server, live_framework, evaluation,
                                   facilitator):
    survey = hearing_back(evaluation, facilitator)
    path = reverse("surveys:you_said", args=[survey.token])
    check_pages(page, [("public you said, we did", path, None)])
    # axe at 320 px too, and a look at it.
    page.goto(path)
    page.set_viewport_size(NARROW)
    assert_no_axe_violations(page)
    assert page.get_by_role("heading", level=1, name="You said, we did").is_visible()
    assert "Learn to use the bus at night" in page.content()
    # Every picture says what it shows.
    assert page.locator("img:not([alt])").count() == 0


def test_public_page_works_without_javascript(page_nojs, live_server, live_framework,
                                              evaluation, facilitator):
    survey = hearing_back(evaluation, facilitator)
    page = page_nojs
    response = page.goto(reverse("surveys:you_said", args=[survey.token]))
    assert response.status == 200
    assert page.get_by_role("heading", level=1, name="You said, we did").is_visible()
    assert page.get_by_text("We will update this page on 31 March 2099.").is_visible()
    assert page.get_by_text("01234 567890").is_visible()


def test_publishing_pages_are_accessible(page, live_server, live_framework, evaluation,
                                         facilitator):
    hearing_back(evaluation, facilitator)
    signed_in(page, live_server, facilitator)
    base = {"council_slug": evaluation.council.slug, "pk": evaluation.pk}
    check_pages(page, [
        ("staff you said, we did", reverse("actionplans:you_said", kwargs=base), None),
        ("publish", reverse("actionplans:you_said_publish", kwargs=base), None),
        ("take down", reverse("actionplans:you_said_unpublish", kwargs=base), None),
    ])
