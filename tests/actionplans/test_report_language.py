"""Reports in the language asked for, not the language of the page: a council in England gets
the one it asks for, a council in Wales gets every report in Welsh and in English; the list
names each report's language; asking twice makes nothing twice. PDFs are read back with pypdf
as in test_report_welsh.py."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from pypdf import PdfReader

from actionplans.models import Report
from actionplans.reports.services import (
    council_languages,
    report_languages,
    report_request,
    reports_request,
)
from betterlives.models import Council
from tests.actionplans.helpers import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation(evaluation_with_one_action):
    return evaluation_with_one_action


@pytest.fixture
def in_wales(council):
    council.nation = Council.Nation.WALES
    council.save()
    return council


def in_welsh(client):
    """The pages are in Welsh from now on, as when a person picks Cymraeg."""
    client.post(reverse("set_language"), {"language": "cy", "next": "/"})


def ask(client, evaluation, kind="actions", **data):
    return client.post(url("report_make", evaluation), {"kind": kind, **data}, follow=True)


def pdf_of(report):
    reader = PdfReader(io.BytesIO(bytes(Report.objects.get(pk=report.pk).pdf)))
    text = " ".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.replace("\u2019", "'").split())


def made(evaluation):
    return sorted(Report.objects.filter(evaluation=evaluation).values_list("kind", "language"))


# A council in England ------------------------------------------------------------------------


def test_a_welsh_report_asked_for_from_an_english_page_is_in_welsh(client, facilitator,
                                                                   evaluation):
    client.force_login(facilitator)
    reply = ask(client, evaluation, language="cy")
    assert '<html lang="en"' in reply.content.decode()  # the page stays English
    assert "The Action plan (Cymraeg) is ready to download." in reply.content.decode()
    report = Report.objects.get()
    assert (report.language, report.state) == ("cy", Report.State.READY)
    reader, text = pdf_of(report)
    assert str(reader.trailer["/Root"]["/Lang"]) == "cy"
    assert reader.metadata.title == "Cynllun gweithredu: Better Lives 2026"
    for welsh in ("Cipolwg ar y cynllun", "Arweinydd", "Statws", "Heb ddechrau"):
        assert welsh in text, welsh
    for english in ("The plan at a glance", "Lead", "Status", "Not started"):
        assert not re.search(rf"(?<!\w){re.escape(english)}(?!\w)", text), english
    with translation.override("cy"):  # the date, month and all, is Welsh
        made_on = date_format(timezone.localdate(), "j F Y")
    assert f"Gwnaed ar {made_on}." in text
    assert "Travel training in the evenings" in text  # what the council typed stays as typed


def test_an_english_report_asked_for_from_a_welsh_page_is_in_english(client, facilitator,
                                                                     evaluation):
    client.force_login(facilitator)
    in_welsh(client)
    ask(client, evaluation, kind="easyread", language="en")
    report = Report.objects.get()
    assert report.language == "en"
    reader, text = pdf_of(report)
    assert str(reader.trailer["/Root"]["/Lang"]) == "en"
    assert "What you told us, and what we will do" in text
    assert "Beth ddywedoch chi wrthym" not in text


def test_a_council_in_england_gets_just_the_language_it_asks_for(client, facilitator,
                                                                 evaluation):
    client.force_login(facilitator)
    ask(client, evaluation, language="cy")
    assert made(evaluation) == [("actions", "cy")]
    ask(client, evaluation, language="en")
    assert made(evaluation) == [("actions", "cy"), ("actions", "en")]


@pytest.mark.parametrize("value", [None, "", "xx", "CY", "cy-gb", "<script>", "e" * 3000])
def test_no_language_or_a_bad_one_gives_the_language_of_the_page(client, facilitator,
                                                                 evaluation, value):
    client.force_login(facilitator)
    data = {} if value is None else {"language": value}
    assert ask(client, evaluation, **data).status_code == 200
    assert made(evaluation) == [("actions", "en")]
    in_welsh(client)
    assert ask(client, evaluation, **data).status_code == 200
    assert made(evaluation) == [("actions", "cy"), ("actions", "en")]


def test_asking_twice_makes_one_report(client, facilitator, evaluation):
    client.force_login(facilitator)
    ask(client, evaluation, language="cy")
    again = ask(client, evaluation, language="cy").content.decode()
    assert "The Action plan (Cymraeg) is already up to date." in again
    assert Report.objects.count() == 1


def test_the_page_offers_both_languages_and_names_each_report_s_language(client, facilitator,
                                                                         evaluation):
    client.force_login(facilitator)
    page = client.get(url("reports", evaluation)).content.decode()
    assert "You can make each report in English or in Welsh" in page
    # One language radio per report, the page's language chosen to start with.
    assert page.count('name="language" type="radio" value="en" checked') == 3
    assert page.count('name="language" type="radio" value="cy">') == 3
    assert 'for="report-board-language-cy" lang="cy">Cymraeg</label>' in page
    ask(client, evaluation, language="cy")
    report = Report.objects.get()
    page = client.get(url("reports", evaluation)).content.decode()
    card = page[page.index('id="report-actions"'):]
    welsh_row = card[card.index('<span lang="cy">Cymraeg</span></dt>'):]
    english_row = card[card.index('<span lang="en">English</span></dt>'):]
    download = url("report_download", evaluation, report_pk=report.pk)
    assert welsh_row.index(download) < welsh_row.index("</dd>")
    assert english_row.index("Not made yet.") < english_row.index("</dd>")
    assert "Make the Action plan again" in card


def test_a_welsh_report_downloads_named_in_welsh(client, facilitator, evaluation):
    client.force_login(facilitator)
    ask(client, evaluation, language="cy")
    report = Report.objects.get()
    download = client.get(url("report_download", evaluation, report_pk=report.pk))
    assert download["Content-Language"] == "cy"
    assert download["Content-Disposition"] == (
        f'attachment; filename="cynllun-gweithredu-{evaluation.pk}-cy.pdf"')


# A council in Wales ----------------------------------------------------------------------------


def test_a_council_in_wales_gets_both_languages_from_one_request(client, facilitator,
                                                                 evaluation, in_wales):
    client.force_login(facilitator)
    reply = ask(client, evaluation, language="en").content.decode()
    assert "The Action plan (Cymraeg, English) is ready to download." in reply
    assert made(evaluation) == [("actions", "cy"), ("actions", "en")]
    welsh = Report.objects.get(language="cy")
    english = Report.objects.get(language="en")
    assert {welsh.state, english.state} == {Report.State.READY}
    assert str(pdf_of(welsh)[0].trailer["/Root"]["/Lang"]) == "cy"
    assert "Cipolwg ar y cynllun" in pdf_of(welsh)[1]
    assert "The plan at a glance" in pdf_of(english)[1]


def test_the_page_tells_a_council_in_wales_it_gets_both(client, facilitator, evaluation,
                                                        in_wales):
    client.force_login(facilitator)
    page = client.get(url("reports", evaluation)).content.decode()
    assert "Your council is in Wales, so every report is made in Welsh and in English." in page
    assert page.count("This report is made in Welsh and in English.") == 3
    assert 'type="radio"' not in page  # nothing to choose
    card = page[page.index('id="report-board"'):]
    assert card.index('<span lang="cy">Cymraeg</span>') < card.index(
        '<span lang="en">English</span>')  # Welsh first


def test_asking_twice_in_wales_makes_each_language_once(client, facilitator, evaluation,
                                                        in_wales):
    client.force_login(facilitator)
    ask(client, evaluation)
    again = ask(client, evaluation, language="cy").content.decode()
    assert "The Action plan (Cymraeg, English) is already up to date." in again
    assert Report.objects.count() == 2


def test_the_services_make_both_in_wales_and_one_in_england(evaluation, in_wales, facilitator):
    assert report_languages(council=in_wales, language="en") == ["cy", "en"]
    assert council_languages(in_wales) == ["cy", "en"]
    both = reports_request(evaluation=evaluation, kind="actions", language="en",
                           user=facilitator)
    assert [(report.language, is_new) for report, is_new in both] == [("cy", True),
                                                                    ("en", True)]
    in_wales.nation = Council.Nation.ENGLAND
    in_wales.save()
    assert report_languages(council=in_wales, language="cy") == ["cy"]
    assert council_languages(in_wales) == ["en", "cy"]
    again = reports_request(evaluation=evaluation, kind="actions", language="cy",
                            user=facilitator)
    assert [(report.language, is_new) for report, is_new in again] == [("cy", False)]


def test_a_language_the_service_does_not_have_is_refused(evaluation, facilitator):
    with pytest.raises(ValueError):
        report_request(evaluation=evaluation, kind="actions", language="fr", user=facilitator)
    assert not Report.objects.exists()


# Another council -------------------------------------------------------------------------------


def test_another_council_gets_404(client, facilitator, outsider, evaluation):
    welsh, _new = report_request(evaluation=evaluation, kind="actions", language="cy",
                                 user=facilitator)
    client.force_login(outsider)
    assert client.get(url("reports", evaluation)).status_code == 404
    for language in ("cy", "en", "xx"):
        reply = client.post(url("report_make", evaluation),
                            {"kind": "actions", "language": language})
        assert reply.status_code == 404
    download = client.get(url("report_download", evaluation, report_pk=welsh.pk))
    assert download.status_code == 404
    assert Report.objects.count() == 1
