"""Step 2 pages in Chromium: axe (WCAG 2.2 A/AA) and reflow on choose (with an error shown),
the reviews list, a review and the history."""

from django.urls import reverse

from evaluations.models import DomainReview
from evaluations.services.step_two import review_evidence_add
from tests.factories import choose_domains

from .conftest import check_pages, signed_in


def test_step_two_pages_are_accessible(page, live_server, live_framework, evaluation,
                                       facilitator):
    choose_domains(evaluation, 1, 4, user=facilitator)
    review = DomainReview.objects.get(evaluation=evaluation, domain__number=1)
    review_evidence_add(review=review, user=facilitator, text="Minutes of the board meeting")
    signed_in(page, live_server, facilitator)
    base = {"council_slug": evaluation.council.slug, "pk": evaluation.pk}

    def choose_error(page):
        page.locator("main input[name=choose_1]").uncheck()
        page.locator("main input[name=choose_4]").uncheck()
        with page.expect_navigation():
            page.locator("main form").get_by_role("button", name="Save the choice").click()
        assert page.get_by_role("heading", name="There is a problem").is_visible()

    pages = [
        ("choose", reverse("evaluations:choose_domains", kwargs=base), None),
        ("choose-errors", reverse("evaluations:choose_domains", kwargs=base), choose_error),
        ("reviews", reverse("evaluations:reviews", kwargs=base), None),
        ("review", reverse("evaluations:review", kwargs={**base, "number": 1}), None),
        ("history", reverse("evaluations:history", kwargs=base), None),
    ]
    check_pages(page, pages)
