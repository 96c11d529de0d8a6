"""The results pages in Chromium: axe (WCAG 2.2 A/AA) and reflow, with real data."""

from django.urls import reverse

from tests.factories import make_responses

from .conftest import check_pages, signed_in


def test_results_pages_are_accessible(page, live_server, live_framework, evaluation,
                                      lived_survey, carer_survey, facilitator):
    make_responses(lived_survey, 6, "good", comment="Staff listen to me", helped=True)
    make_responses(lived_survey, 3, "not_good", comment="The bus stops too early")
    make_responses(carer_survey, 2, "mostly")  # too few: shown as "fewer than 5"
    signed_in(page, live_server, facilitator)
    kwargs = {"council_slug": evaluation.council.slug, "pk": evaluation.pk}
    pages = {
        "overview": reverse("evaluations:results", kwargs=kwargs),
        "overview-filtered": reverse("evaluations:results", kwargs=kwargs) + "?helped=yes",
        "overview-bad-filter": reverse("evaluations:results", kwargs=kwargs) + "?audience=x",
        "domain": reverse("evaluations:results_domain", kwargs={**kwargs, "number": 1}),
        "comments": reverse("evaluations:comments", kwargs=kwargs),
        "comments-filtered": reverse("evaluations:comments", kwargs=kwargs) + "?tag=none",
    }
    check_pages(page, [(name, path, None) for name, path in pages.items()])


def test_facilitator_hides_a_comment_with_the_keyboard(page, live_server, live_framework,
                                                       evaluation, lived_survey, facilitator):
    make_responses(lived_survey, 5, "good", comment="Jo at the day centre on Tuesdays")
    signed_in(page, live_server, facilitator)
    kwargs = {"council_slug": evaluation.council.slug, "pk": evaluation.pk}
    page.goto(reverse("evaluations:comments", kwargs=kwargs))
    first = page.locator(".govuk-summary-card").first
    first.get_by_label("Theme").select_option("idea")
    first.get_by_label("Hide this comment: it could identify someone").focus()
    page.keyboard.press("Space")
    first.get_by_role("button", name="Save").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Comment saved").is_visible()
    card = page.locator(".govuk-summary-card").first
    assert card.get_by_text("Hidden", exact=True).is_visible()
    assert card.locator(".govuk-tag", has_text="An idea").is_visible()
