"""Downloads in the language asked for: the CSV and Excel files and the paper questionnaire are
made in English or in Welsh whatever language the page is in (`?language=`), with the links
"in English" and "yn Gymraeg" beside each download. A missing or bad value gives the language
of the page, never an error; and the language changes the words, never who is shown."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from domains.models import Audience, Domain
from evaluations.exports import chosen_language, file_language
from tests.evaluations.documents import fetch_document
from tests.factories import make_responses, member

pytestmark = pytest.mark.django_db


def export_url(evaluation, table="results", file_format="csv"):
    return reverse("evaluations:export", kwargs={
        "council_slug": evaluation.council.slug, "pk": evaluation.pk, "table": table,
        "file_format": file_format})


def paper_url(survey):
    return reverse("evaluations:paper_pdf", kwargs={
        "council_slug": survey.evaluation.council.slug, "pk": survey.evaluation.pk,
        "audience": survey.audience})


def csv_rows(reply):
    assert reply.status_code == 200
    return list(csv.reader(io.StringIO(reply.content.decode("utf-8-sig"))))


def in_welsh(client):
    """The pages are in Welsh from now on, as when a person picks Cymraeg."""
    client.post(reverse("set_language"), {"language": "cy", "next": "/"})


@pytest.fixture
def answered(evaluation, lived_survey, carer_survey):
    """Six people with lived experience answered (shown); two family carers (too few)."""
    make_responses(lived_survey, 6, "good", helped=True, comment="Staff listen to me")
    make_responses(carer_survey, 2, "mostly")
    return evaluation


# The results ---------------------------------------------------------------------------------


def test_results_csv_asked_for_in_welsh_from_an_english_page(client, facilitator, answered):
    client.force_login(facilitator)
    reply = client.get(export_url(answered) + "?language=cy")
    rows = csv_rows(reply)
    assert rows[0][:7] == ["Rhif y maes", "Maes", "Llais", "Pobl", "Atebion", rows[0][5],
                           rows[0][6]]
    assert "Domain number" not in rows[0] and "Voice" not in rows[0]
    domain = Domain.objects.get(number=1)
    by_voice = {(row[0], row[2]): row for row in rows[1:]}
    lived = by_voice[("1", "Pobl â phrofiad bywyd")]
    assert lived[1] == domain.title_cy != domain.title_en
    assert (lived[3], lived[6]) == ("6", "100")
    assert lived[7].startswith("Da: ") and "Ddim yn siŵr: 0" in lived[7]  # Welsh labels
    carers = by_voice[("1", "Gofalwyr teuluol")]
    assert carers[3] == carers[6] == "llai na 5 o bobl"
    assert reply["Content-Language"] == "cy"
    assert reply["Content-Disposition"].endswith('-results-cy.csv"')


def test_results_csv_asked_for_in_english_from_a_welsh_page(client, facilitator, answered):
    client.force_login(facilitator)
    in_welsh(client)
    assert csv_rows(client.get(export_url(answered)))[0][0] == "Rhif y maes"  # the page's
    rows = csv_rows(client.get(export_url(answered) + "?language=en"))
    assert rows[0][:3] == ["Domain number", "Domain", "Voice"]
    assert {row[2] for row in rows[1:]} >= {"People with lived experience", "Family carers"}


def test_the_excel_results_are_in_welsh_sheet_and_all(client, facilitator, answered):
    client.force_login(facilitator)
    reply = client.get(export_url(answered, file_format="xlsx") + "?language=cy")
    workbook = load_workbook(io.BytesIO(reply.content))
    assert workbook.active.title == "Canlyniadau"
    assert next(workbook.active.iter_rows(values_only=True))[:3] == (
        "Rhif y maes", "Maes", "Llais")


@pytest.mark.parametrize("value", ["xx", "CY", "cy-gb", "", "en&language=cy", "../../etc",
                                   "c" * 5000])
def test_a_bad_language_gives_the_language_of_the_page(client, facilitator, answered, value):
    client.force_login(facilitator)
    reply = client.get(export_url(answered), {"language": value})
    assert csv_rows(reply)[0][0] == "Domain number"
    assert reply["Content-Language"] == "en"
    assert reply["Content-Disposition"].endswith('-results.csv"')  # the name it always had
    in_welsh(client)
    reply = client.get(export_url(answered), {"language": value})
    assert csv_rows(reply)[0][0] == "Rhif y maes"


def test_a_language_given_twice_is_read_once(client, facilitator, answered):
    client.force_login(facilitator)
    reply = client.get(export_url(answered) + "?language=cy&language=en")
    assert reply.status_code == 200  # Django reads the last one
    assert csv_rows(reply)[0][0] == "Domain number"


def test_chosen_language_checks_against_the_languages_of_the_service(settings):
    from django.utils import translation

    with translation.override("cy"):
        assert chosen_language("en") == "en"
        assert chosen_language(None) == chosen_language("fr") == "cy"
        assert chosen_language(["en"]) == "cy"
        assert file_language("cy") == ("cy", "-cy")
        assert file_language("fr") == ("cy", "")


# The anonymised responses -------------------------------------------------------------------


def test_responses_in_welsh_name_the_survey_channel_answer_and_help_in_welsh(client, facilitator,
                                                                           answered):
    client.force_login(facilitator)
    rows = csv_rows(client.get(export_url(answered, "responses") + "?language=cy"))
    header = rows[0]
    assert header[:4] == ["Ymateb", "Arolwg", "Sut cafodd ei ateb", "Rhywun wedi helpu"]
    assert "Response" not in header and "Comment" not in header
    body = rows[1:]
    assert {row[1] for row in body} == {"Pobl â phrofiad bywyd"}
    assert {row[2] for row in body} == {"Ar-lein"}
    assert {row[3] for row in body} == {"Do"}
    assert {row[8] for row in body} == {"Da"}
    assert "Staff listen to me" in {row[10] for row in body}  # what people typed stays as typed


def test_the_language_changes_the_words_never_who_is_shown(client, facilitator, evaluation,
                                                           lived_survey, carer_survey):
    """The same rows, the same numbers and the same cells left out in both languages."""
    make_responses(lived_survey, 4, "good", helped=True)
    make_responses(lived_survey, 3, "not_good", helped=False)
    make_responses(carer_survey, 3, "mostly")
    client.force_login(facilitator)
    for table in ("results", "responses"):
        english = csv_rows(client.get(export_url(evaluation, table) + "?language=en"))
        welsh = csv_rows(client.get(export_url(evaluation, table) + "?language=cy"))
        assert len(english) == len(welsh) > 1
        for en_row, cy_row in zip(english[1:], welsh[1:], strict=True):
            assert len(en_row) == len(cy_row)
            for en_cell, cy_cell in zip(en_row, cy_row, strict=True):
                if en_cell.isdigit() or en_cell == "" or en_cell.startswith("R0"):
                    assert cy_cell == en_cell
    # "Someone helped" splits the seven people into 4 and 3: too few, so it is not shown.
    rows = csv_rows(client.get(export_url(evaluation, "responses") + "?language=cy"))
    assert {row[3] for row in rows[1:]} == {"Heb ei ddangos"}


def test_only_facilitators_get_the_responses_in_any_language(client, council, answered):
    from betterlives.models import Role

    client.force_login(member(Role.BOARD_VIEWER, council))
    assert client.get(export_url(answered, "responses") + "?language=cy").status_code == 403


@pytest.mark.parametrize("table", ["results", "responses"])
def test_another_council_gets_404_in_any_language(client, outsider, answered, table):
    client.force_login(outsider)
    for language in ("cy", "en", "xx"):
        reply = client.get(export_url(answered, table) + f"?language={language}")
        assert reply.status_code == 404


def test_the_results_page_offers_each_download_in_each_language(client, facilitator, answered):
    client.force_login(facilitator)
    page = client.get(reverse("evaluations:results", kwargs={
        "council_slug": answered.council.slug, "pk": answered.pk})).content.decode()
    for table, file_format in [("results", "csv"), ("results", "xlsx"), ("responses", "csv"),
                               ("responses", "xlsx")]:
        address = export_url(answered, table, file_format)
        assert f'href="{address}?language=en" hreflang="en"' in page
        assert f'href="{address}?language=cy" hreflang="cy"' in page
    assert page.count('<span lang="cy">yn Gymraeg</span>') == 4
    assert page.count('<span lang="en">in English</span>') == 4


# The paper questionnaire ----------------------------------------------------------------------


def pdf_words(content):
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.replace("\u2019", "'").split())


def test_a_welsh_paper_questionnaire_from_an_english_page(client, facilitator, lived_survey):
    client.force_login(facilitator)
    reply = fetch_document(client, paper_url(lived_survey) + "?language=cy")
    assert reply["Content-Language"] == "cy"
    assert reply["Content-Disposition"] == (
        'attachment; filename="better-lives-2026-lived-experience-paper-questionnaire-cy.pdf"')
    reader, text = pdf_words(reply.content)
    assert reader.trailer["/Root"]["/Lang"] == "cy"
    assert "Dywedwch wrthym beth rydych chi'n ei feddwl" in text
    assert "A wnaeth rhywun eich helpu i lenwi hwn?" in text
    assert "Tell us what you think" not in text and "Did someone help you" not in text
    assert "Da" in text.split()  # the faces' labels


def test_an_english_paper_questionnaire_from_a_welsh_page(client, facilitator, carer_survey):
    client.force_login(facilitator)
    in_welsh(client)
    reply = fetch_document(client, paper_url(carer_survey) + "?language=en")
    reader, text = pdf_words(reply.content)
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert "Did someone help you fill this in?" in text
    assert "Yes, all the time" in text  # the four-point scale's labels


def test_a_bad_language_gives_the_paper_questionnaire_in_the_language_of_the_page(
        client, facilitator, lived_survey):
    client.force_login(facilitator)
    in_welsh(client)
    reply = fetch_document(client, paper_url(lived_survey) + "?language=klingon")
    assert PdfReader(io.BytesIO(reply.content)).trailer["/Root"]["/Lang"] == "cy"
    assert reply["Content-Disposition"].endswith('-paper-questionnaire.pdf"')


def test_another_council_gets_404_for_the_paper_questionnaire(client, outsider, lived_survey):
    client.force_login(outsider)
    assert client.get(paper_url(lived_survey) + "?language=cy").status_code == 404


@pytest.mark.parametrize("page_name", ["share", "paper_entry"])
def test_the_paper_download_is_offered_in_each_language(client, facilitator, lived_survey,
                                                        page_name):
    client.force_login(facilitator)
    page = client.get(reverse(f"evaluations:{page_name}", kwargs={
        "council_slug": lived_survey.evaluation.council.slug, "pk": lived_survey.evaluation.pk,
        "audience": Audience.LIVED_EXPERIENCE})).content.decode()
    assert f'href="{paper_url(lived_survey)}?language=cy" hreflang="cy"' in page
    assert f'href="{paper_url(lived_survey)}?language=en" hreflang="en"' in page
