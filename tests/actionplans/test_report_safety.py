"""Reports print what people typed, and nothing else: markup in any free-text field is shown
as text, and the renderer fetches nothing but our own static files."""

import http.server
import io
import re
import threading

import pytest
from pypdf import PdfReader

from actionplans.reports.documents import DOCUMENTS
from actionplans.reports.html import document_html
from actionplans.reports.render import write_pdf
from actionplans.services import progress_add, sign_off_record
from betterlives import pdf
from evaluations.models import DomainReview, StatementRating
from evaluations.services.step_two import domain_choice_save, review_evidence_add, review_save
from tests.factories import (
    add_action,
    evaluation_with_surveys,
    good_lives_content,
    review_content,
    small_framework,
)

pytestmark = pytest.mark.django_db


class Recorder(http.server.BaseHTTPRequestHandler):
    requests = []

    def do_GET(self):  # noqa: N802 - the name http.server calls
        Recorder.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { background: red }")

    def log_message(self, *args):
        pass


@pytest.fixture
def listener():
    """A web server on 127.0.0.1 that records any request the renderer makes to it."""
    Recorder.requests = []
    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def payloads(base):
    return [
        '<img src="file:///etc/passwd">',
        f'<link rel="stylesheet" href="{base}/link.css">',
        f'<style>@import url("{base}/import.css");</style>',
        f'<svg xmlns="http://www.w3.org/2000/svg"><image href="{base}/svg.png"/></svg>',
    ]


@pytest.fixture
def hostile_evaluation(council, facilitator, listener):
    """An evaluation with markup in every free-text field the reports print."""
    small_framework(domains=2, questions=1)
    review_content(statements=1, questions=1)
    good_lives_content()
    texts = payloads(listener)
    evaluation = evaluation_with_surveys(council, title=f"Plan {texts[0]}")
    from domains.models import Domain

    one, two = Domain.objects.order_by("number")
    domain_choice_save(evaluation=evaluation, user=facilitator,
                       decided_on=evaluation.period_start, took_part={"staff": 2},
                       how_decided=texts[1],
                       choices={one: ("improve", texts[2]), two: ("strength", texts[3])})
    review = DomainReview.objects.get(evaluation=evaluation, domain=one)
    statement = one.statements.get()
    review_save(review=review, user=facilitator,
                ratings={statement: (StatementRating.Rating.PARTLY, texts[0])},
                answers={one.in_depth_questions.get(): texts[1]}, key_findings=texts[2])
    review_evidence_add(review=review, user=facilitator, text=texts[3])
    for number, text in ((1, texts[0]), (1, texts[1]), (2, texts[2]), (2, texts[3])):
        action = add_action(evaluation, number, title=text, description=text, lead_name=text,
                            lead_role=text, partners=text, success_measure=text)
        progress_add(action=action, user=facilitator, happened_on=evaluation.period_start,
                     text=text, status="at_risk")
    sign_off_record(evaluation=evaluation, user=facilitator, meeting=texts[1],
                    met_on=evaluation.period_start, decision="approved", comments=texts[3])
    return evaluation


def squash(text):
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("kind", sorted(DOCUMENTS))
def test_markup_is_printed_as_text_and_nothing_is_fetched(hostile_evaluation, listener,
                                                          monkeypatch, kind):
    fetched = []
    make_fetcher = pdf.static_url_fetcher

    def recording_fetcher():
        fetcher = make_fetcher()
        fetch = fetcher.fetch

        def record(url, headers=None):
            fetched.append(url)
            return fetch(url, headers)

        fetcher.fetch = record
        return fetcher

    monkeypatch.setattr(pdf, "static_url_fetcher", recording_fetcher)
    html = document_html(hostile_evaluation, kind, "en")
    assert "<img src=\"file:///etc/passwd\">" not in html
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html

    data, _pages = write_pdf(html)

    assert Recorder.requests == []
    refused = [url for url in fetched if pdf.static_path_for(url) is None
               and not url.startswith("data:")]
    assert refused == [], "the renderer asked for something that is not our static file"
    text = squash(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))
    shown = [p for p in payloads(listener) if squash(p) in text]
    if kind == "board":  # the board pack prints every field: every payload, as typed
        assert shown == payloads(listener)
    else:
        assert shown, f"no user text found literally in the {kind} report"
