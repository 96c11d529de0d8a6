"""Making reports: asking for one, making it in the background within limits, keeping one file
per kind and language, downloading it, and the `report` command."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from pypdf import PdfReader

from actionplans.models import Report
from actionplans.reports.services import report_make, report_request
from tests.actionplans.helpers import url
from tests.factories import ReportFactory, add_action, evaluation_with_surveys

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def evaluation(evaluation_with_one_action):
    return evaluation_with_one_action


def pdf_text(data):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_asking_for_a_report_makes_it(evaluation, facilitator):
    report, is_new = report_request(evaluation=evaluation, kind="board", language="en",
                                    user=facilitator)
    assert is_new
    report.refresh_from_db()
    assert report.state == Report.State.READY
    assert report.requested_by == facilitator
    assert bytes(report.pdf).startswith(b"%PDF")
    assert report.pages == len(PdfReader(io.BytesIO(bytes(report.pdf))).pages) > 1
    assert report.size == len(report.pdf)
    assert "Travel training in the evenings" in pdf_text(bytes(report.pdf))


def test_an_unchanged_report_is_reused_and_a_changed_one_made_again(evaluation, facilitator):
    first, _new = report_request(evaluation=evaluation, kind="board", language="en",
                                 user=facilitator)
    again, is_new = report_request(evaluation=evaluation, kind="board", language="en",
                                   user=facilitator)
    assert (again.pk, is_new) == (first.pk, False)

    add_action(evaluation, title="Easy Read letters from the council")
    newer, is_new = report_request(evaluation=evaluation, kind="board", language="en",
                                   user=facilitator)
    assert is_new and newer.pk != first.pk
    assert "Easy Read letters from the council" in pdf_text(bytes(
        Report.objects.get(pk=newer.pk).pdf))
    # The old file is cleaned up: one report per kind and language is kept.
    assert list(Report.objects.values_list("pk", flat=True)) == [newer.pk]


def test_each_language_keeps_its_own_report(evaluation, facilitator):
    english, _new = report_request(evaluation=evaluation, kind="board", language="en",
                                   user=facilitator)
    welsh, _new = report_request(evaluation=evaluation, kind="board", language="cy",
                                 user=facilitator)
    assert english.pk != welsh.pk
    reader = PdfReader(io.BytesIO(bytes(Report.objects.get(pk=welsh.pk).pdf)))
    assert reader.trailer["/Root"]["/Lang"] == "cy"
    assert Report.objects.count() == 2


@override_settings(REPORT_TIME_LIMIT=0.05)
def test_a_report_past_the_time_limit_fails_kindly(client, facilitator, evaluation):
    report, _new = report_request(evaluation=evaluation, kind="board", language="en",
                                  user=facilitator)
    report.refresh_from_db()
    assert (report.state, report.failure, report.pdf) == (Report.State.FAILED, "timeout", None)
    client.force_login(facilitator)
    page = client.get(url("report_download", evaluation, report_pk=report.pk))
    assert page.status_code == 200
    assert "We could not make this report" in page.content.decode()
    assert "took longer than we allow" in page.content.decode()
    listing = client.get(url("reports", evaluation)).content.decode()
    assert "We could not make this report." in listing and "Make the Board pack again" in listing


def test_a_render_past_the_memory_limit_fails_and_the_next_one_is_made(evaluation,
                                                                       facilitator):
    """50 MB of text cannot be laid out in 1 MB more than the render inherits; the worker
    (this process) carries on and makes the next report."""
    from actionplans.reports.render import RenderFailed, html_to_pdf

    huge = "<html lang=en><body><p>" + "word " * 10_000_000 + "</p></body></html>"
    with pytest.raises(RenderFailed) as failure:
        html_to_pdf(huge, memory_limit_mb=1, time_limit=60)
    assert failure.value.reason in {"memory", "error"}
    report, is_new = report_request(evaluation=evaluation, kind="board", language="en",
                                    user=facilitator)
    assert is_new
    assert Report.objects.get(pk=report.pk).state == Report.State.READY


def test_with_the_database_backend_the_worker_makes_the_report(evaluation, facilitator,
                                                               monkeypatch):
    """Production queues the report; `manage.py db_worker` makes it. (django-tasks resets its
    backends when TASKS changes.) The worker closes connections it thinks are stale; inside
    the test's transaction that would be the test's own connection, so here it keeps it."""
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections",
                        lambda: None)
    with override_settings(TASKS=DATABASE_TASKS):
        report, _new = report_request(evaluation=evaluation, kind="board", language="en",
                                      user=facilitator)
        assert Report.objects.get(pk=report.pk).state == Report.State.QUEUED
        call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())
    assert Report.objects.get(pk=report.pk).state == Report.State.READY


def test_a_report_whose_worker_died_is_made_again(evaluation, facilitator):
    import datetime

    from django.utils import timezone

    from actionplans.reports.services import data_fingerprint

    stuck = ReportFactory(
        evaluation=evaluation, state=Report.State.RUNNING,
        fingerprint=data_fingerprint(evaluation, "board", "en"),
        started_at=timezone.now() - datetime.timedelta(hours=1))
    report, is_new = report_request(evaluation=evaluation, kind="board", language="en",
                                    user=facilitator)
    assert is_new and report.pk != stuck.pk
    assert Report.objects.get(pk=report.pk).state == Report.State.READY
    assert not Report.objects.filter(pk=stuck.pk).exists()  # cleaned up once the new is ready


def test_making_a_report_twice_makes_it_once(evaluation, facilitator):
    report = ReportFactory(evaluation=evaluation)
    assert report_make(report_pk=report.pk) == report.pk
    assert report_make(report_pk=report.pk) is None  # already made: nothing more happens


# Pages and downloads ----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["facilitator", "contributor", "board_viewer"])
def test_everyone_in_the_council_makes_and_downloads_reports(client, request, evaluation,
                                                             role):
    client.force_login(request.getfixturevalue(role))
    page = client.get(url("reports", evaluation))
    assert page.status_code == 200
    assert "Make the Board pack" in page.content.decode()
    response = client.post(url("report_make", evaluation), {"kind": "board"}, follow=True)
    assert "The Board pack is ready to download." in response.content.decode()
    report = Report.objects.get()
    download = client.get(url("report_download", evaluation, report_pk=report.pk))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download).startswith(b"%PDF")
    listing = client.get(url("reports", evaluation)).content.decode()
    assert "Up to date" in listing and "Download the Board pack" in listing


def test_a_changed_evaluation_shows_the_report_out_of_date(client, facilitator, evaluation):
    report_request(evaluation=evaluation, kind="board", language="en", user=facilitator)
    add_action(evaluation, title="A new action")
    client.force_login(facilitator)
    listing = client.get(url("reports", evaluation)).content.decode()
    assert "Out of date" in listing and "Make the Board pack again" in listing


def test_another_council_and_signed_out_visitors_get_404(client, outsider, evaluation,
                                                         facilitator):
    report, _new = report_request(evaluation=evaluation, kind="board", language="en",
                                  user=facilitator)
    download = url("report_download", evaluation, report_pk=report.pk)
    assert client.get(download).status_code == 404
    client.force_login(outsider)
    assert client.get(download).status_code == 404
    assert client.get(url("reports", evaluation)).status_code == 404
    assert client.post(url("report_make", evaluation), {"kind": "board"}).status_code == 404
    assert Report.objects.count() == 1


def test_a_report_of_another_evaluation_is_not_found(client, council, facilitator,
                                                     evaluation):
    report, _new = report_request(evaluation=evaluation, kind="board", language="en",
                                  user=facilitator)
    second = evaluation_with_surveys(council)
    client.force_login(facilitator)
    assert client.get(url("report_download", second, report_pk=report.pk)).status_code == 404


def test_an_unknown_kind_is_not_found(client, facilitator, evaluation):
    client.force_login(facilitator)
    assert client.post(url("report_make", evaluation), {"kind": "secrets"}).status_code == 404
    assert client.get(url("report_make", evaluation)).status_code == 405


# The command ------------------------------------------------------------------------------


def test_the_report_command_writes_a_pdf(evaluation, tmp_path):
    output = tmp_path / "board.pdf"
    out = io.StringIO()
    call_command("report", str(evaluation.pk), "--kind", "board", "--output", str(output),
                 stdout=out)
    reader = PdfReader(output)
    assert len(reader.pages) > 1
    assert "Travel training in the evenings" in pdf_text(output.read_bytes())
    assert out.getvalue().startswith(f"{output}: Board pack, {len(reader.pages)} pages")


def test_the_report_command_says_when_there_is_no_such_evaluation(db, tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="There is no evaluation 999"):
        call_command("report", "999", "--kind", "board", "--output", str(tmp_path / "x.pdf"))
