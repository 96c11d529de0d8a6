"""User text is escaped on every page that shows it, and made safe in CSV and Excel exports.

Every free-text field a person can type is filled with markup and a spreadsheet formula
(`build_world` with a hostile `say`); then every page of the evaluation, the survey pages and
the vote pages are read. PDFs are covered by tests/actionplans/test_report_safety.py.
"""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from evaluations.selectors.surveys import survey_items
from tests.security.conftest import build_world, send_response
from tests.security.urlmap import ADMIN_NAMESPACE, all_routes, build_url

pytestmark = pytest.mark.django_db

PAYLOAD = ('=HYPERLINK("http://x") <script>alert(1)</script> <img src=x onerror=alert(1)> '
           'x" onfocus="alert(1) [{field}]')
RAW = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", 'x" onfocus="alert(1)')
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def hostile(council, facilitator, monkeypatch):
    monkeypatch.setattr("actionplans.reports.services.html_to_pdf",
                        lambda *a, **k: (b"%PDF-1.7", 1))
    fields = []

    def say(field):
        fields.append(field)
        return PAYLOAD.format(field=field)

    world = build_world(council, facilitator, say)
    world.texts = {field: PAYLOAD.format(field=field) for field in fields}
    return world


def html_of(response):
    if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
        return None
    return response.content.decode()


def council_pages(client, world, facilitator):
    client.force_login(facilitator)
    pages = {}
    for route in all_routes():
        if route.namespace in (ADMIN_NAMESPACE, "surveys", "votes"):
            continue
        url = build_url(route, world)
        html = html_of(client.get(url))
        if html is not None:
            pages[url] = html
    return pages


def respondent_pages(client, world):
    """The survey as the person with the unfinished response sees it, and a vote phone."""
    token = world.survey.token
    session = client.session
    session["survey_responses"] = {token: str(world.unfinished.submission_key)}
    session.save()
    urls = [reverse(f"surveys:{name}", args=[token])
            for name in ("start", "welcome", "helped", "check", "stop", "you_said")]
    urls += [reverse("surveys:question", args=[token, n])
             for n in range(1, len(survey_items(world.survey)) + 1)]
    client.post(reverse("votes:join", args=[world.live_vote.code]), {"group": "staff"})
    urls += [reverse("votes:join", args=[world.live_vote.code]) + "?",
             reverse("votes:vote", args=[world.live_vote.code]) + "?change=1"]
    return {url: html for url in urls if (html := html_of(client.get(url))) is not None}


def test_user_text_is_escaped_on_every_page(client, hostile, facilitator):
    pages = council_pages(client, hostile, facilitator)
    pages.update(respondent_pages(client, hostile))
    assert len(pages) >= 50
    unescaped = [f"{url}: {raw}" for url, html in pages.items() for raw in RAW if raw in html]
    assert not unescaped, "\n".join(unescaped)
    shown = {field: [url for url, html in pages.items() if f"[{field}]" in html]
             for field in hostile.texts}
    nowhere = sorted(field for field, urls in shown.items() if not urls)
    assert not nowhere, f"These fields are not shown on any page: {nowhere}"
    for field, urls in shown.items():
        for url in urls:
            assert ESCAPED in pages[url], (field, url)


def test_the_evaluation_title_is_escaped_in_the_page_title(client, hostile, facilitator):
    client.force_login(facilitator)
    html = client.get(hostile.evaluation.get_absolute_url()).content.decode()
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert ESCAPED in title and "<script" not in title


def export(client, world, table, file_format):
    return client.get(reverse("evaluations:export", kwargs={
        "council_slug": world.council.slug, "pk": world.evaluation.pk, "table": table,
        "file_format": file_format}))


def csv_cells(body):
    text = io.StringIO(body.decode("utf-8-sig"), newline="")
    return [cell for row in csv.reader(text) for cell in row]


def xlsx_cells(body):
    sheet = load_workbook(io.BytesIO(body)).active
    return [cell for row in sheet.iter_rows() for cell in row]


OTHER_FORMULAS = ["+SUM(1,2)", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


@pytest.fixture
def formulas(hostile):
    for text in OTHER_FORMULAS:
        send_response(hostile.survey, lambda field, text=text: text, "formula")
    return hostile


def test_csv_exports_neutralise_formulas(client, formulas, facilitator):
    client.force_login(facilitator)
    cells = csv_cells(export(client, formulas, "responses", "csv").content)
    cells += csv_cells(export(client, formulas, "results", "csv").content)
    hostile_cells = [cell for cell in cells if "HYPERLINK" in cell]
    # the comments of the four sent responses and the council's own question (per answer)
    assert len(hostile_cells) >= 4
    assert all(cell.startswith("'=HYPERLINK") for cell in hostile_cells), hostile_cells
    for text in OTHER_FORMULAS:
        assert "'" + text in cells, text
    dangerous = [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    assert not dangerous, dangerous


def test_excel_exports_neutralise_formulas(client, formulas, facilitator):
    client.force_login(facilitator)
    cells = xlsx_cells(export(client, formulas, "responses", "xlsx").content)
    cells += xlsx_cells(export(client, formulas, "results", "xlsx").content)
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    hostile_cells = [text for text in texts if "HYPERLINK" in text]
    assert len(hostile_cells) >= 4
    assert all(text.startswith("'=HYPERLINK") for text in hostile_cells), hostile_cells
    for text in OTHER_FORMULAS:  # XML reads a carriage return back as a line feed
        assert "'" + text.replace("\r", "\n") in texts, text
    assert not [text for text in texts if text.startswith(FORMULA_STARTS)]
