"""Workshops and the council's own check in Chromium: axe (WCAG 2.2 A/AA) and reflow."""

from django.urls import reverse

from evaluations.demo import demo_step_one_seed
from evaluations.models import Workshop

from .conftest import check_pages, signed_in


def submit_main_form(page):
    with page.expect_navigation():
        page.locator("main form").get_by_role("button").first.click()


def test_workshop_and_council_check_pages_are_accessible(page, live_server, live_framework,
                                                         evaluation, facilitator):
    demo_step_one_seed(evaluation=evaluation)
    workshop = Workshop.objects.get(evaluation=evaluation)
    signed_in(page, live_server, facilitator)
    base = {"council_slug": evaluation.council.slug, "pk": evaluation.pk}
    in_workshop = {**base, "workshop_pk": workshop.pk}

    def with_errors(fill):
        def act(page):
            fill(page)
            submit_main_form(page)
            assert page.get_by_role("heading", name="There is a problem").is_visible()
        return act

    pages = [
        ("workshops", reverse("evaluations:workshops", kwargs=base), None),
        ("record-workshop", reverse("evaluations:workshop_create", kwargs=base), None),
        ("record-workshop-errors", reverse("evaluations:workshop_create", kwargs=base),
         with_errors(lambda page: None)),
        ("workshop", reverse("evaluations:workshop", kwargs=in_workshop), None),
        ("rating", reverse("evaluations:workshop_rating", kwargs={**in_workshop, "number": 2}),
         None),
        ("council-check", reverse("evaluations:council_check", kwargs=base), None),
        ("council-check-domain",
         reverse("evaluations:council_check_domain", kwargs={**base, "number": 3}), None),
        ("council-check-domain-errors",
         reverse("evaluations:council_check_domain", kwargs={**base, "number": 3}),
         with_errors(lambda page: page.locator("main input.govuk-input").first.fill("lots"))),
        ("task-list", reverse("evaluations:detail", kwargs=base), None),
    ]
    check_pages(page, pages)
