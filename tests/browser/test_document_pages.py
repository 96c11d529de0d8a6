"""The pages of a document made in the background (the paper questionnaire, the workshop
pack) in Chromium: axe (WCAG 2.2 A/AA) and reflow when it is ready, while it is being made and
when it could not be made; and "Check again" works with the keyboard."""

from django.urls import reverse

from tests.factories import ReportFactory, WorkshopFactory

from .conftest import check_pages, signed_in


def test_document_pages_are_accessible(page, live_server, live_framework, evaluation,
                                       facilitator):
    signed_in(page, live_server, facilitator)
    survey = evaluation.surveys.get(audience="lived_experience")
    workshop = WorkshopFactory(evaluation=evaluation)
    base = {"council_slug": evaluation.council.slug, "pk": evaluation.pk}
    paper = {**base, "audience": survey.audience}
    waiting = ReportFactory(evaluation=evaluation, kind="paper", survey=survey,
                            fingerprint="waiting")
    failed = ReportFactory(evaluation=evaluation, kind="paper", survey=survey,
                           fingerprint="failed", state="failed", failure="timeout")

    def ready(page):
        assert page.get_by_text("The file is ready.").is_visible()

    def check_again(page):
        page.get_by_role("button", name="Check again").focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.get_by_text("It is being made.").is_visible()

    check_pages(page, [
        ("paper-being-made", reverse("evaluations:paper_pdf_status",
                                     kwargs={**paper, "report_pk": waiting.pk}), check_again),
        ("paper-failed", reverse("evaluations:paper_pdf_status",
                                 kwargs={**paper, "report_pk": failed.pk}), None),
        # Made last: a file made keeps only itself (the two above are then removed).
        ("paper-ready", reverse("evaluations:paper_pdf", kwargs=paper), ready),
        ("pack-ready", reverse("evaluations:workshop_pack",
                               kwargs={**base, "workshop_pk": workshop.pk}), ready),
    ])
