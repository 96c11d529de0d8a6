"""Create forms in Chromium store once: Save, Back, Save again, and a double click with
JavaScript off (GOV.UK Frontend's double-click guard needs JavaScript), store one record."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from evaluations.models import Response, Workshop

from .conftest import assert_no_axe_violations, signed_in


def fill_workshop(page):
    page.locator("[name=title]").fill("Autumn workshop")
    fill_numbers(page)


def fill_numbers(page):
    for part, value in enumerate(("1", "9", "2026")):
        page.locator(f"[name=held_on_{part}]").fill(value)
    page.locator("[name=attended_lived_experience]").fill("8")


def save(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def test_save_back_and_save_again_stores_one_workshop(page, live_server, evaluation,
                                                      facilitator):
    signed_in(page, live_server, facilitator)
    page.goto(reverse("evaluations:workshop_create", kwargs={
        "council_slug": evaluation.council.slug, "pk": evaluation.pk}))
    fill_workshop(page)
    save(page, "Save")
    assert "Workshop recorded." in page.content()
    page.go_back()
    assert page.locator("[name=title]").input_value() == "Autumn workshop"
    # Chromium puts back what was typed, except in fields with autocomplete off (the date and
    # the numbers): the person types them again.
    fill_numbers(page)
    save(page, "Save")
    assert Workshop.objects.filter(title="Autumn workshop").count() == 1
    # Whether the browser kept the page (the same key: straight to what was saved) or
    # fetched it afresh (a new key: the same words are noticed), nothing is saved twice.
    if "You saved this already" in page.content():
        with page.expect_navigation():
            page.get_by_role("link", name="See what you saved").click()
    assert "Autumn workshop" in page.locator("h1").inner_text()


def test_a_double_click_without_javascript_stores_one_workshop(page_nojs, live_server,
                                                               evaluation, facilitator):
    page = page_nojs
    signed_in(page, live_server, facilitator)
    page.goto(reverse("evaluations:workshop_create", kwargs={
        "council_slug": evaluation.council.slug, "pk": evaluation.pk}))
    fill_workshop(page)
    page.get_by_role("button", name="Save").dblclick()
    # The second click's post aborts the first one's navigation: wait for where the page
    # ends up, not for one navigation (which fails when it is the one aborted).
    expect(page).to_have_url(re.compile(r".*/workshops/\d+/$"))
    page.wait_for_load_state()
    assert "Workshop recorded." in page.content()
    assert Workshop.objects.filter(title="Autumn workshop").count() == 1


def test_a_paper_questionnaire_saved_back_and_saved_again_counts_once(page, live_server,
                                                                      evaluation, facilitator):
    signed_in(page, live_server, facilitator)
    page.goto(reverse("evaluations:paper_entry", kwargs={
        "council_slug": evaluation.council.slug, "pk": evaluation.pk,
        "audience": "lived_experience"}))
    answer = page.locator("[name^=item_][value=good]").first
    answer.check()
    save(page, "Save paper response")
    assert "Paper response saved." in page.content()
    page.go_back()
    assert answer.is_checked()  # the browser put the answer back
    save(page, "Save paper response")
    assert Response.objects.filter(channel=Response.Channel.PAPER).count() == 1
    assert page.get_by_role("heading", name="You saved this already").is_visible()
    assert_no_axe_violations(page)
    # Another person's questionnaire with the same answers: saved when asked.
    save(page, "Save it as a new one")
    assert "Paper response saved." in page.content()
    assert Response.objects.filter(channel=Response.Channel.PAPER).count() == 2
