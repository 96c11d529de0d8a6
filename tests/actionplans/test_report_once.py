"""A report asked for twice at the same moment (a double click that lands on two app servers,
or on two threads of one) is queued and made once."""

import threading

import pytest
from django.test import override_settings

from actionplans.models import Report
from actionplans.reports import services
from tests.concurrency import needs_postgres, run_together
from tests.factories import add_action, choose_domains, evaluation_with_surveys, small_framework

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgres]

QUEUED_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@override_settings(TASKS=QUEUED_TASKS)
def test_two_requests_at_the_same_moment_make_one_report(council, facilitator, monkeypatch):
    small_framework()
    evaluation = evaluation_with_surveys(council)
    choose_domains(evaluation, 1)
    add_action(evaluation, title="Travel training in the evenings")
    # Hold each request, after it has looked for a report and before it stores one, until
    # the other has looked too (at most a second): without a lock, both find none.
    meet = threading.Barrier(2, timeout=1)
    data_version = services.data_version

    def after_looking(evaluation):
        try:
            meet.wait()
        except threading.BrokenBarrierError:  # the other request is waiting for this one
            pass
        return data_version(evaluation)

    monkeypatch.setattr(services, "data_version", after_looking)

    results = run_together(2, lambda: services.report_request(
        evaluation=evaluation, kind="board", language="en", user=facilitator))

    assert Report.objects.filter(evaluation=evaluation, kind="board").count() == 1
    assert sorted(is_new for _report, is_new in results) == [False, True]
    assert len({report.pk for report, _is_new in results}) == 1
