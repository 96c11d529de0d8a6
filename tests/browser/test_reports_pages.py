"""The reports page in Chromium: axe (WCAG 2.2 A/AA) and reflow, before and after a report is
made, and the page shown when a report could not be made."""

from django.urls import reverse

from actionplans.models import Report
from actionplans.reports.services import report_request
from tests.factories import ReportFactory, add_action, choose_domains

from .conftest import check_pages, signed_in


def test_reports_pages_are_accessible(page, live_server, live_framework, evaluation,
                                      facilitator):
    choose_domains(evaluation, 1, user=facilitator)
    add_action(evaluation, 1, user=facilitator)
    signed_in(page, live_server, facilitator)
    base = {"council_slug": evaluation.council.slug, "pk": evaluation.pk}
    failed = ReportFactory(evaluation=evaluation, kind="actions", state="failed",
                           failure="timeout")

    def make_board_pack(page):
        page.set_default_timeout(120_000)  # the PDF is made during this request
        try:
            with page.expect_navigation():
                page.get_by_role("button", name="Make the Board pack").press("Enter")
        finally:
            page.set_default_timeout(10_000)
        assert page.get_by_text("The Board pack is ready to download.").is_visible()

    pages = [
        ("reports", reverse("actionplans:reports", kwargs=base), None),
        ("reports-made", reverse("actionplans:reports", kwargs=base), make_board_pack),
        ("report-failed", reverse("actionplans:report_download",
                                  kwargs={**base, "report_pk": failed.pk}), None),
    ]
    check_pages(page, pages)
    report_request(evaluation=evaluation, kind="easyread", language="en", user=facilitator)
    assert Report.objects.filter(state="ready").count() == 2
