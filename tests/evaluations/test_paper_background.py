"""The paper questionnaire is made in the background, as the reports are: its address asks
for it and leads to a page that says it is being made or offers the download. Asking again
while nothing in it has changed gives the same file; another council gets 404 at every step.
"""

import datetime
import re

import pytest
from django.urls import reverse

from actionplans.models import Report
from actionplans.reports import services
from domains.models import Audience, Domain
from evaluations.services.evaluations import evaluation_create
from evaluations.services.surveys import survey_own_question_add
from tests.evaluations.documents import download_url, fetch_document, status_page
from tests.factories import ReportFactory

from .helpers import survey_url as url

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(framework, council):
    evaluation = evaluation_create(
        council=council, title="Better Lives 2026", period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2027, 3, 31), audiences=[Audience.FAMILY_CARERS])
    return evaluation.surveys.get(audience=Audience.FAMILY_CARERS)


@pytest.fixture
def renders(monkeypatch):
    """Every PDF rendered, counted (and still rendered)."""
    made = []
    real = services.html_to_pdf

    def counting(html, **kwargs):
        made.append(html)
        return real(html, **kwargs)

    monkeypatch.setattr(services, "html_to_pdf", counting)
    return made


def papers(survey):
    return Report.objects.filter(evaluation=survey.evaluation, kind=Report.Kind.PAPER)


def test_asking_twice_makes_one_file(client, facilitator, survey, renders):
    client.force_login(facilitator)
    first = client.get(url("paper_pdf", survey))
    second = client.get(url("paper_pdf", survey))
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert len(renders) == 1
    report = papers(survey).get()
    assert report.state == Report.State.READY and report.survey == survey
    assert first["Location"] == url("paper_pdf_status", survey, report_pk=report.pk)


def test_the_download_is_the_pdf_that_was_made(client, facilitator, survey, renders):
    client.force_login(facilitator)
    first = fetch_document(client, url("paper_pdf", survey))
    second = fetch_document(client, url("paper_pdf", survey))
    assert first.content == second.content == bytes(papers(survey).get().pdf)
    assert first.content.startswith(b"%PDF")
    assert set(first["Cache-Control"].split(", ")) == {"no-cache", "private"}
    assert len(renders) == 1


def test_the_status_page_offers_the_download_with_its_size(client, facilitator, survey):
    client.force_login(facilitator)
    page = status_page(client, url("paper_pdf", survey))
    html = page.content.decode()
    report = papers(survey).get()
    assert "<h1 class=\"govuk-heading-l\">Paper questionnaire</h1>" in html
    assert "The file is ready." in html
    assert download_url(page) == url("paper_pdf_download", survey, report_pk=report.pk)
    assert f"PDF, {report.pages} page" in html
    assert url("share", survey) in html  # the way back


def test_a_changed_survey_makes_a_new_file_and_keeps_one(client, facilitator, survey, renders):
    client.force_login(facilitator)
    fetch_document(client, url("paper_pdf", survey))
    old = papers(survey).get()
    survey_own_question_add(survey=survey, domain=Domain.objects.get(number=2),
                            text="Do you know who to call at night?")
    text = fetch_document(client, url("paper_pdf", survey)).content
    new = papers(survey).get()  # the old file is gone once the new one is ready
    assert new.pk != old.pk and len(renders) == 2
    assert bytes(new.pdf) == text
    assert "Do you know who to call at night?" in renders[-1]


def test_while_it_is_being_made_the_page_says_so(client, facilitator, survey):
    """With the database backend the file waits for a worker: the page says so, offers
    "Check again", and the download address leads back to it."""
    report = ReportFactory(evaluation=survey.evaluation, kind=Report.Kind.PAPER, survey=survey,
                           fingerprint="3" * 64)
    client.force_login(facilitator)
    status = url("paper_pdf_status", survey, report_pk=report.pk)
    html = client.get(status).content.decode()
    assert "It is being made. This usually takes less than a minute." in html
    assert "Waiting to be made" in html
    assert re.search(rf'<form method="get" action="{re.escape(status)}">', html)
    assert "Check again" in html and "/download/" not in html
    download = client.get(url("paper_pdf_download", survey, report_pk=report.pk))
    assert download.status_code == 302 and download["Location"] == status


def test_a_file_that_could_not_be_made_can_be_asked_for_again(client, facilitator, survey):
    failed = ReportFactory(evaluation=survey.evaluation, kind=Report.Kind.PAPER, survey=survey,
                           state=Report.State.FAILED, failure="timeout", fingerprint="4" * 64)
    client.force_login(facilitator)
    html = client.get(url("paper_pdf_status", survey, report_pk=failed.pk)).content.decode()
    assert "We could not make this file. It took too long." in html
    assert f'href="{url("paper_pdf", survey)}"' in html  # "Try again" asks again
    fetch_document(client, url("paper_pdf", survey))
    assert papers(survey).get().state == Report.State.READY  # the failed one is gone


def test_the_language_asked_for_is_kept_to_the_file_name(client, facilitator, survey):
    client.force_login(facilitator)
    page = status_page(client, url("paper_pdf", survey) + "?language=cy")
    assert download_url(page).endswith("/download/?language=cy")
    reply = fetch_document(client, url("paper_pdf", survey) + "?language=cy")
    assert reply["Content-Language"] == "cy"
    assert reply["Content-Disposition"].endswith('-paper-questionnaire-cy.pdf"')


def test_another_council_gets_404_at_every_step(client, facilitator, outsider, survey):
    client.force_login(facilitator)
    fetch_document(client, url("paper_pdf", survey))
    report = papers(survey).get()
    client.force_login(outsider)
    for name, kwargs in (("paper_pdf", {}), ("paper_pdf_status", {"report_pk": report.pk}),
                         ("paper_pdf_download", {"report_pk": report.pk})):
        assert client.get(url(name, survey, **kwargs)).status_code == 404, name
    assert papers(survey).count() == 1  # asking from outside made nothing


def test_a_file_is_found_only_under_its_own_survey_and_kind(client, facilitator, framework,
                                                           council, survey):
    client.force_login(facilitator)
    fetch_document(client, url("paper_pdf", survey))
    report = papers(survey).get()
    other = evaluation_create(
        council=council, title="Another", period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2027, 3, 31), audiences=[Audience.FAMILY_CARERS],
    ).surveys.get()
    board = ReportFactory(evaluation=survey.evaluation, kind=Report.Kind.BOARD,
                          state=Report.State.READY, pdf=b"%PDF", fingerprint="5" * 64)
    assert client.get(url("paper_pdf_download", other, report_pk=report.pk)).status_code == 404
    assert client.get(url("paper_pdf_download", survey, report_pk=board.pk)).status_code == 404


@pytest.mark.parametrize("role_fixture", ["contributor", "board_viewer"])
def test_only_facilitators_see_the_file(client, request, facilitator, survey, role_fixture):
    client.force_login(facilitator)
    fetch_document(client, url("paper_pdf", survey))
    report = papers(survey).get()
    client.force_login(request.getfixturevalue(role_fixture))
    for name in ("paper_pdf_status", "paper_pdf_download"):
        assert client.get(url(name, survey, report_pk=report.pk)).status_code == 403


def test_the_reports_page_lists_only_the_reports(client, facilitator, survey):
    client.force_login(facilitator)
    fetch_document(client, url("paper_pdf", survey))
    page = client.get(reverse("actionplans:reports", kwargs={
        "council_slug": survey.evaluation.council.slug, "pk": survey.evaluation.pk}))
    assert page.status_code == 200
    assert "Paper questionnaire" not in page.content.decode()
